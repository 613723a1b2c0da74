import { spawn } from 'node:child_process';
import path from 'node:path';

// B2#15: the engine must give identical answers whatever the process time zone (server, laptop, browser).
// Jest gives each test file a copy of process.env, so assigning TZ here never reaches V8; instead the hand-checked
// suite (business-time.test.ts) is re-run in child processes started with different TZ values. Test files may use
// node: modules; the engine itself may not.

const PROCESS_ZONES = ['UTC', 'Pacific/Auckland', 'America/Los_Angeles'] as const;
const sharedRoot = path.resolve(__dirname, '../..');
const suite = path.join(__dirname, 'business-time.test.ts');

// Same transform as the root jest config, passed inline so the child runs only the one suite.
const childConfig = JSON.stringify({
  rootDir: sharedRoot,
  testMatch: [suite],
  transform: {
    '^.+\\.(t|j|mj)sx?$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
});

// January offset of the child's own zone: 0 in UTC, −780 in Auckland (NZDT), 480 in Los Angeles (PST).
const PROBE = 'process.stdout.write(String(new Date(Date.UTC(2026, 0, 15)).getTimezoneOffset()))';

interface ChildResult {
  readonly code: number | null;
  readonly stdout: string;
}

function run(args: readonly string[], zone: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, TZ: zone },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

interface JestJson {
  readonly numFailedTests: number;
  readonly numPassedTests: number;
}

describe('B2#15 results do not depend on the process time zone', () => {
  it('the hand-checked suite passes under TZ=UTC, Pacific/Auckland and America/Los_Angeles', async () => {
    const jestBin = require.resolve('jest/bin/jest');
    const results = await Promise.all(
      PROCESS_ZONES.map(async (zone) => {
        // Guard: prove the child really runs in `zone`, or the comparison would pass vacuously.
        const probe = await run(['-e', PROBE], zone);
        const suiteRun = await run([jestBin, '--config', childConfig, '--json', '--silent'], zone);
        const report = JSON.parse(suiteRun.stdout) as JestJson;
        return { zone, offset: Number(probe.stdout), failed: report.numFailedTests, passed: report.numPassedTests };
      }),
    );
    expect(results.map((r) => [r.zone, r.offset])).toEqual([
      ['UTC', 0],
      ['Pacific/Auckland', -780],
      ['America/Los_Angeles', 480],
    ]);
    for (const r of results) {
      expect([r.zone, r.failed]).toEqual([r.zone, 0]);
      expect(r.passed).toBeGreaterThanOrEqual(60);
    }
  }, 60_000);
});
