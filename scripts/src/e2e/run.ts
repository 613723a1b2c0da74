/**
 * The browser end-to-end suite (`npm run test:e2e`): ONE in-process stack (scripts/src/start.ts's startStack on spare
 * ports 3100/3101/4110/3130, PGlite in .data/e2e, wiped first, clock fixed at a Wednesday 09:00 Pacific), then cases
 * 1–5 in sequence, each in a fresh browser context of Debian's Chromium, with the simulated clock moved back to the
 * start between cases. Screenshots per step in test-artifacts/e2e/<case>/NN-<step>.png. The last line is
 * `N passed, N failed`; the exit code is non-zero on any failure or when no browser can be found.
 *
 *   npm run test:e2e [-- --chromium /path/to/chromium] [--only case3]
 *
 * `/__sim/reset` is not used between cases: it re-numbers users, and the workspace signs in one fixed agent. Cases use
 * disjoint seeded tickets instead, and the clock is reset through `/__sim/clock` (the service follows it).
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { argValue, findChromium } from '../chromium.js';
import { startStack, type RunningStack } from '../start.js';
import { case1 } from './cases/case1.js';
import { case2 } from './cases/case2.js';
import { case3 } from './cases/case3.js';
import { case4 } from './cases/case4.js';
import { case5 } from './cases/case5.js';
import { screenshotter, travelTo, type E2eCase } from './harness.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ARTIFACTS = resolve(ROOT, 'test-artifacts/e2e');
/** Wednesday 2026-11-25 09:00 Pacific: inside business hours everywhere the seed has agents. */
const START = new Date('2026-11-25T17:00:00Z');
const CASES: E2eCase[] = [case1, case2, case3, case4, case5];


async function main(argv: readonly string[]): Promise<number> {
  const executablePath = findChromium(argValue(argv, '--chromium'));
  const only = argValue(argv, '--only');
  const cases = only === undefined ? CASES : CASES.filter((c) => c.name === only);
  if (cases.length === 0) throw new Error(`no case named ${only}`);
  rmSync(ARTIFACTS, { recursive: true, force: true });

  const started = Date.now();
  const stack: RunningStack = await startStack({
    port: 3100,
    appPort: 3101,
    simPort: 4110,
    servicePort: 3130,
    now: START,
    dataDir: '.data/e2e',
    fresh: true,
    logLevel: 'error',
  });
  let browser: Browser | null = null;
  let passed = 0;
  let failed = 0;
  try {
    process.stdout.write(`stack up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${stack.workspace.url} (Zendesk time ${stack.sim.now().toISOString()})\n`);
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    for (const c of cases) {
      const t0 = Date.now();
      process.stdout.write(`\n${c.name}: ${c.title}\n`);
      await travelTo(stack, START);
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.setDefaultTimeout(15_000);
      const shot = screenshotter(page, resolve(ARTIFACTS, c.name));
      try {
        await c.run({ stack, page, start: START, shot, ok: (m) => process.stdout.write(`  ok  ${m}\n`) });
        passed += 1;
        process.stdout.write(`  PASS ${c.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
      } catch (error) {
        failed += 1;
        await shot('failure').catch(() => undefined);
        process.stdout.write(`  FAIL ${c.name}: ${error instanceof Error ? error.message : String(error)}\n`);
        for (const e of errors) process.stdout.write(`       page error: ${e}\n`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser?.close();
    await stack.close();
  }
  process.stdout.write(`\ne2e finished in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in test-artifacts/e2e/\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.stdout.write('0 passed, 1 failed\n');
    process.exit(1);
  },
);
