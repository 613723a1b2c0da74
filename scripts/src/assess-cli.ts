/**
 * `npm run assess -- [--policy file.json] [--now ISO] < ticket.json`: assess one ticket snapshot and print the
 * Assessment as JSON. The default policy is GitLab's. Every failure is one line on stderr naming the bad field,
 * with a non-zero exit code. A policy plan rule that can never apply is a warning: one `warning: …` line on stderr
 * each, and the assessment is still printed (exit 0).
 */
import { readFileSync } from 'node:fs';
import {
  assess,
  checkPlanRules,
  GITLAB_POLICY,
  InstantSchema,
  loadPolicy,
  ValidationError,
  type Policy,
} from '@triage-assistant/shared';

/** What one run printed and its exit code (0 ok, 1 invalid input, 2 bad usage). */
export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const USAGE = 'Usage: npm run assess -- [--policy file.json] [--now ISO-8601] < ticket.json';

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): { policyFile?: string; now?: string } {
  const out: { policyFile?: string; now?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--policy' || arg === '--now') {
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      if (arg === '--policy') out.policyFile = value;
      else out.now = value;
      i++;
    } else if (arg === '--help' || arg === '-h') {
      throw new UsageError('help');
    } else {
      throw new UsageError(`unknown argument ${String(arg)}`);
    }
  }
  return out;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError(what, [{ path: '(root)', message: `not JSON (${(error as Error).message})` }]);
  }
}

/** One line: newlines inside messages (zod's, JSON's) would split the error across lines. */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ');
}

/**
 * The CLI as a function: `argv` without the node and script paths, the whole of stdin, and the clock reading used
 * when `--now` is absent. Reads the `--policy` file if given.
 */
export function runAssessCli(argv: readonly string[], stdin: string, now: Date): CliResult {
  try {
    const args = parseArgs(argv);
    let at = now;
    if (args.now !== undefined) {
      if (!InstantSchema.safeParse(args.now).success) {
        throw new UsageError(`Invalid --now: expected an ISO-8601 instant such as 2026-11-24T18:00:00Z, got "${args.now}"`);
      }
      at = new Date(args.now);
    }
    let policy: Policy = GITLAB_POLICY;
    if (args.policyFile !== undefined) {
      let text: string;
      try {
        text = readFileSync(args.policyFile, 'utf8');
      } catch (error) {
        throw new UsageError(`cannot read policy file ${args.policyFile}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
      }
      policy = loadPolicy(parseJson(text, 'policy'));
    }
    if (stdin.trim() === '') throw new UsageError('no ticket on stdin');
    const assessment = assess(parseJson(stdin, 'ticket'), policy, at);
    const warnings = checkPlanRules(policy).map((f) => `warning: policy: ${f.message}\n`);
    return { exitCode: 0, stdout: `${JSON.stringify(assessment, null, 2)}\n`, stderr: warnings.join('') };
  } catch (error) {
    if (error instanceof UsageError) {
      return error.message === 'help'
        ? { exitCode: 0, stdout: `${USAGE}\n`, stderr: '' }
        : { exitCode: 2, stdout: '', stderr: `${oneLine(error.message)}\n${USAGE}\n` };
    }
    if (error instanceof ValidationError) return { exitCode: 1, stdout: '', stderr: `${oneLine(error.message)}\n` };
    throw error;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `--help` answers without stdin: read first, it would wait for an end of input a terminal never sends. */
export function needsStdin(argv: readonly string[]): boolean {
  return !argv.includes('--help') && !argv.includes('-h');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const result = runAssessCli(argv, needsStdin(argv) ? await readStdin() : '', new Date());
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}

// Run only as the entry point (`tsx scripts/src/assess-cli.ts`), not when a test imports `runAssessCli`.
if (/assess-cli\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  void main();
}
