import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssessmentSchema, GITLAB_POLICY } from '@triage-assistant/shared';
import { runAssessCli } from './assess-cli.js';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
const CLOCK = new Date('2026-11-24T18:00:00Z'); // Tue 10:00 PT
const USAGE = 'Usage: npm run assess -- [--policy file.json] [--now ISO-8601] < ticket.json\n';

describe('runAssessCli', () => {
  it('prints the needs-org sample as a valid Assessment with the concrete SLA impact', () => {
    const result = runAssessCli([], fixture('needs-org-ticket.json'), CLOCK);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    const assessment = AssessmentSchema.parse(JSON.parse(result.stdout));
    expect(assessment.plan.id).toBe('no_organization');
    expect(assessment.findings.map((f) => f.code)).toEqual(['organization.missing', 'form.needs_entitlement']);
    // Created Tue 08:10 PT, High → 4 business hours → 12:10 PT.
    expect(assessment.findings[0]?.slaImpact).toBe(
      'No organization → no SLA applies; with Priority Support (Premium/Ultimate), first reply would be due Tue 12:10 PT.',
    );
    expect(result.stdout.startsWith('{\n  "ticketId": 48213,')).toBe(true);
  });

  it('--now overrides the clock: the triaged sample is breached at Tue 17:00 PT (due 16:10 PT)', () => {
    const result = runAssessCli(['--now', '2026-11-25T01:00:00Z'], fixture('triaged-ticket.json'), CLOCK);
    expect(result.exitCode).toBe(0);
    const assessment = AssessmentSchema.parse(JSON.parse(result.stdout));
    expect(assessment.assessedAt).toBe('2026-11-25T01:00:00.000Z');
    expect(assessment.checks.every((c) => c.status === 'pass')).toBe(true);
    const frt = assessment.sla.find((s) => s.metric === 'first_reply_time');
    expect(frt?.state).toBe('breached');
    expect(frt?.dueAt).toBe('2026-11-25T00:10:00.000Z');
  });

  it('--policy reads and validates a policy file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'assess-cli-'));
    const good = join(dir, 'policy.json');
    writeFileSync(good, JSON.stringify({ ...GITLAB_POLICY, name: 'Acme policy', version: 3 }));
    const ok = runAssessCli(['--policy', good], fixture('triaged-ticket.json'), CLOCK);
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.stdout).policy).toEqual({ name: 'Acme policy', version: 3 });

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...GITLAB_POLICY, defaultPlan: 'gold' }));
    expect(runAssessCli(['--policy', bad], fixture('triaged-ticket.json'), CLOCK)).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: 'Invalid policy: defaultPlan: unknown plan "gold"\n',
    });
    const missing = runAssessCli(['--policy', join(dir, 'nope.json')], fixture('triaged-ticket.json'), CLOCK);
    expect(missing).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: `cannot read policy file ${join(dir, 'nope.json')}: ENOENT\n${USAGE}`,
    });
  });

  it('#41 --policy with plan rules that can never apply: the assessment still prints, with one warning line each on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'assess-cli-'));
    const file = join(dir, 'overlapping.json');
    const [hold] = GITLAB_POLICY.planRules;
    const catchAll = { plan: 'priority_support', when: { organizationTagsAny: ['premium', 'starter', 'bronze', 'sub_sm_starter', 'sub_dotcom_bronze'] } };
    const planRules = [hold, ...GITLAB_POLICY.planRules.slice(1, 3), catchAll, ...GITLAB_POLICY.planRules.slice(3), hold];
    writeFileSync(file, JSON.stringify({ ...GITLAB_POLICY, planRules }));
    const result = runAssessCli(['--policy', file], fixture('triaged-ticket.json'), CLOCK);
    expect(result.exitCode).toBe(0);
    expect(AssessmentSchema.parse(JSON.parse(result.stdout)).plan.id).toBe('priority_support');
    expect(result.stderr).toBe(
      'warning: policy: planRules[10] (plan "standard") can never apply: planRules[3] (plan "priority_support") matches every ticket it matches and comes first\n' +
        'warning: policy: planRules[15] (plan "hold") can never apply: it duplicates planRules[0] (plan "hold"), which comes first\n',
    );
    // The shipped policy, loaded from a file, warns about nothing.
    const shipped = join(dir, 'gitlab.json');
    writeFileSync(shipped, JSON.stringify(GITLAB_POLICY));
    expect(runAssessCli(['--policy', shipped], fixture('triaged-ticket.json'), CLOCK).stderr).toBe('');
  });

  it('an invalid ticket: exit 1 and one line naming the field', () => {
    const ticket = { ...JSON.parse(fixture('triaged-ticket.json')), priority: 'critical' };
    const result = runAssessCli([], JSON.stringify(ticket), CLOCK);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Invalid ticket: priority: .*"low"\|"normal"\|"high"\|"urgent"\n$/);
  });

  it('bad JSON on stdin: exit 1, one line', () => {
    const result = runAssessCli([], '{"id": 1,', CLOCK);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^Invalid ticket: \(root\): not JSON \(.+\)\n$/);
    expect(result.stderr.split('\n')).toHaveLength(2);
  });

  it('bad --now, unknown flags, missing values and empty stdin: exit 2 with usage', () => {
    expect(runAssessCli(['--now', 'yesterday'], fixture('triaged-ticket.json'), CLOCK)).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: `Invalid --now: expected an ISO-8601 instant such as 2026-11-24T18:00:00Z, got "yesterday"\n${USAGE}`,
    });
    expect(runAssessCli(['--verbose'], '{}', CLOCK).stderr).toBe(`unknown argument --verbose\n${USAGE}`);
    expect(runAssessCli(['--policy'], '{}', CLOCK).stderr).toBe(`--policy needs a value\n${USAGE}`);
    expect(runAssessCli([], '  \n', CLOCK)).toEqual({ exitCode: 2, stdout: '', stderr: `no ticket on stdin\n${USAGE}` });
    expect(runAssessCli(['--help'], '', CLOCK)).toEqual({ exitCode: 0, stdout: USAGE, stderr: '' });
  });
});

describe('the assess-cli process', () => {
  it('--help prints the usage while stdin stays open (a terminal), instead of waiting for its end', async () => {
    const root = join(__dirname, '..', '..');
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, ['--tsconfig', 'scripts/tsconfig.json', 'scripts/src/assess-cli.ts', '--help'], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
        resolve(null);
      }, 20_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    child.stdin.destroy();
    expect(code).toBe(0);
    expect(stdout).toBe(USAGE);
  }, 30_000);
});
