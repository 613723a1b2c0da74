/**
 * Where the browser tests and the render benchmark find Chromium: a given path, else Debian's `/usr/bin/chromium`,
 * installed with apt-get when it is missing and this is root (as on CI); otherwise an error with the install command.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const INSTALL_HINT = 'Chromium not found: install it with `apt-get install -y chromium` (or pass --chromium <path>)';

/** The value after `name` in `argv`, or undefined when the flag is absent. */
export function argValue(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
  return v;
}

/** `given`, else Debian's; installs the package when it is missing and this is root with apt-get, else fails. */
export function findChromium(given?: string): string {
  if (given !== undefined) {
    if (!existsSync(given)) throw new Error(`${INSTALL_HINT} — ${given} does not exist`);
    return given;
  }
  if (existsSync(DEFAULT_CHROMIUM)) return DEFAULT_CHROMIUM;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) throw new Error(INSTALL_HINT);
  process.stdout.write(`${DEFAULT_CHROMIUM} is missing: installing Debian's chromium (apt-get update && apt-get install -y chromium)…\n`);
  const run = spawnSync('sh', ['-c', 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium'], { stdio: 'inherit' });
  if (run.status !== 0 || !existsSync(DEFAULT_CHROMIUM)) throw new Error(`${INSTALL_HINT} — apt-get install failed`);
  return DEFAULT_CHROMIUM;
}
