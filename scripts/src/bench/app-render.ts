/**
 * Sidebar render budget (performance issue, item 4): the local stack of `npm start` (startStack: simulator, service on
 * PGlite, agent workspace) on spare ports, the built app in headless Chromium, 20 ticket opens. In the sidebar iframe,
 * `performance.measure` from `zaf:registered` to `sidebar:rendered` (zendesk-app/src/zaf/perf-marks.ts: registration
 * done → first assessment committed), then a check that the SLA panel and checklist are in the DOM. Also: the gzip
 * size of the JS the iframe fetched before that mark, and the requests made while the countdown ticks (expected 0).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Frame, type Page } from 'playwright-core';
import { findChromium } from '../chromium.js';
import { startStack } from '../start.js';
import { machine, type BenchOptions } from './service-harness.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ASSETS = join(ROOT, 'zendesk-app/dist/assets');
const OPENS = 20;
const BUDGET_MS = 300;
const BUDGET_KB = 120;
/**
 * A round trip through Zendesk's proxy to a service in another region, which the local stack does not have: the
 * extra pass shows the sidebar as an agent would see it behind one (`client.request` held this long, BENCHMARKS.md
 * §4). An assumption, not a measurement of Zendesk.
 */
const PROXY_HOP_MS = 150;
/** STACK.md's launch line. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A dist built before the marks existed would never reach `sidebar:rendered`: rebuild it then (or when missing). */
function ensureInstrumentedBuild(): void {
  const chunks = join(ASSETS, 'chunks');
  const instrumented =
    existsSync(chunks) && readdirSync(chunks).some((f) => f.endsWith('.js') && readFileSync(join(chunks, f), 'utf8').includes('sidebar:rendered'));
  if (instrumented && existsSync(join(ROOT, 'zendesk-app/dist/manifest.json'))) return;
  console.log('Building the Zendesk app (dist missing or without the performance marks)…');
  const run = spawnSync('npm', ['run', 'build', '-w', '@triage-assistant/zendesk-app'], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) throw new Error('the app build failed');
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;

/** Prints and returns the median (mean of the two middle values) and p90 of `app.registered → rendered`. */
function summarise(opens: OpenMeasure[], how: string): { medianMs: number; p90Ms: number } {
  const sorted = opens.map((o) => o.ms).sort((a, b) => a - b);
  const medianMs = (quantile(sorted, 0.5) + (sorted[Math.floor(sorted.length / 2)] ?? NaN)) / 2;
  const p90Ms = quantile(sorted, 0.9);
  const nav = opens.map((o) => o.fromNavigationMs).sort((a, b) => a - b);
  console.log(`app.registered → rendered over ${opens.length} opens, ${how}: median ${medianMs.toFixed(1)} ms, p90 ${p90Ms.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`);
  console.log(`  iframe navigation → rendered: median ${quantile(nav, 0.5).toFixed(0)} ms, p90 ${quantile(nav, 0.9).toFixed(0)} ms`);
  return { medianMs, p90Ms };
}

async function sidebar(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[data-location=ticket_sidebar]:not([data-previous])', { timeout: 20_000 });
  const frame = await handle.contentFrame();
  if (frame === null) throw new Error('the sidebar iframe has no frame');
  return frame;
}

interface OpenMeasure {
  label: string;
  /** zaf:registered → sidebar:rendered. */
  ms: number;
  /** Iframe navigation start → sidebar:rendered (JS download and parse, handshake, ZAF reads, the service call). */
  fromNavigationMs: number;
  scripts: string[];
}

/**
 * One open: `url` loads the whole workspace page (background app included); `hash` opens the ticket from the running
 * page (`#ticket/<id>`), as an agent goes from ticket to ticket, so only the sidebar iframe is new.
 */
async function measureOpen(page: Page, open: { url: string } | { hash: string }, label: string): Promise<OpenMeasure> {
  if ('url' in open) {
    await page.goto(open.url);
  } else {
    // The previous ticket's sidebar iframe is replaced: wait for the new one, not the old one's marks.
    await page.evaluate(() => document.querySelector('iframe[data-location=ticket_sidebar]')?.setAttribute('data-previous', ''));
    await page.evaluate((hash) => void (window.location.hash = hash), open.hash);
    await page.waitForSelector('iframe[data-location=ticket_sidebar]:not([data-previous])', { timeout: 20_000 });
  }
  const frame = await sidebar(page);
  await frame.waitForFunction(() => performance.getEntriesByName('sidebar:rendered', 'mark').length > 0, undefined, { timeout: 30_000 });
  const m = await frame.evaluate(() => {
    const measure = performance.measure('sidebar', 'zaf:registered', 'sidebar:rendered');
    const rendered = performance.getEntriesByName('sidebar:rendered', 'mark')[0]?.startTime ?? NaN;
    const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((r) => r.initiatorType === 'script' || r.initiatorType === 'link' || /\.js(\?|$)/.test(r.name))
      .filter((r) => r.startTime < rendered && /\.js(\?|$)/.test(r.name))
      .map((r) => new URL(r.name).pathname);
    return {
      ms: measure.duration,
      fromNavigationMs: rendered,
      scripts,
      // The end point is "fully rendered": both panels must be there, not just the mark.
      offline: document.querySelector('[data-testid=offline-note]') !== null,
      complete: document.querySelector('[data-testid=check-organization]') !== null && document.querySelector('[data-testid=sla-state]') !== null,
    };
  });
  // A local (degraded) assessment would also mark: only the service's answer counts here.
  if (m.offline) throw new Error(`${label}: the sidebar rendered offline (the service did not answer in time)`);
  if (!m.complete) throw new Error(`${label}: sidebar:rendered was marked but the checklist or the SLA panel is missing`);
  return { label, ms: m.ms, fromNavigationMs: m.fromNavigationMs, scripts: m.scripts };
}

export async function appRender(_options: BenchOptions): Promise<{ ok: boolean; medianMs: number; p90Ms: number; initialKb: number }> {
  console.log('\n## Sidebar: app.registered → fully rendered, headless Chromium, local stack\n');
  ensureInstrumentedBuild();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-app-render-'));
  const [port, appPort, simPort, servicePort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const stack = await startStack({ port, appPort, simPort, servicePort, now: null, dataDir, fresh: true, logLevel: 'warn' });
  const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
  try {
    console.log(machine());
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const base = stack.workspace.url.replace(/\/$/, '');
    const tickets = Object.entries(stack.seed.tickets);
    // First open: cold browser cache, cold service caches; reported, not in the median.
    const [firstLabel, firstId] = tickets[0] ?? ['', 0];
    const cold = await measureOpen(page, { url: `${base}/?ticket=${firstId}` }, firstLabel);
    /** OPENS tickets after the first, one open each, in order. */
    const openEach = async (how: (id: number) => { url: string } | { hash: string }): Promise<OpenMeasure[]> => {
      const measured: OpenMeasure[] = [];
      for (let i = 0; i < OPENS; i += 1) {
        const [label, id] = tickets[(i + 1) % tickets.length] ?? ['', 0];
        measured.push(await measureOpen(page, how(id), label));
      }
      return measured;
    };
    const opens = await openEach((id) => ({ url: `${base}/?ticket=${id}` }));
    for (const o of opens) console.log(`  ${o.label.padEnd(24)} ${o.ms.toFixed(1).padStart(7)} ms   (iframe navigation → rendered ${o.fromNavigationMs.toFixed(0)} ms)`);
    const { medianMs, p90Ms } = summarise(opens, 'whole page loaded per open (`?ticket=`: the host page and the background app start too)');
    console.log(`first open (cold caches, not counted): ${cold.ms.toFixed(1)} ms (navigation → rendered ${cold.fromNavigationMs.toFixed(0)} ms)`);
    // The same 20 tickets from the running page, as an agent goes from ticket to ticket: in this bench the host page
    // and the background app share the sidebar's main thread (one origin), so a whole-page load per open also times
    // their start-up. Printed beside the budget's figure, which stays the whole-page one.
    const inSession = await openEach((id) => ({ hash: `ticket/${id}` }));
    summarise(inSession, 'from the running page (`#ticket/<id>`: only the sidebar iframe is new)');
    // Not a budget: the same opens with the proxy hop a real account adds to every client.request.
    stack.workspace.setProxyHopMs(PROXY_HOP_MS);
    try {
      summarise(await openEach((id) => ({ hash: `ticket/${id}` })), `from the running page, each app request held ${PROXY_HOP_MS} ms (a proxy hop; not the budget)`);
    } finally {
      stack.workspace.setProxyHopMs(0);
    }

    // JS the iframe had fetched before it rendered (first open: nothing came from a cache), gzip -9 as Vite reports it.
    const files = [...new Set(cold.scripts)].map((path) => path.replace(/^.*\/assets\//, '')).filter((f) => existsSync(join(ASSETS, f)));
    const sizes = files.map((f) => ({ f, gzip: gzipSync(readFileSync(join(ASSETS, f)), { level: 9 }).length }));
    const initialKb = sizes.reduce((s, x) => s + x.gzip, 0) / 1024;
    console.log(`JS fetched by the sidebar before it rendered (gzip): ${initialKb.toFixed(1)} KB in ${sizes.length} files`);
    for (const s of sizes.sort((a, b) => b.gzip - a.gzip)) console.log(`  ${(s.gzip / 1024).toFixed(1).padStart(6)} KB  ${s.f}`);

    // The countdown ticks for 5 s: no request may leave the page, and Zendesk sees none.
    const frame = await sidebar(page);
    await page.waitForTimeout(1000); // let the load's coalesced field events (250 ms debounce) settle first
    // The app's requests are the sidebar frame's own and the host's proxying of its client.request calls; the host
    // page's 3 s poll of the open ticket (the simulated agent UI, workspace/host/page.ts) is not the app's.
    const appRequests: string[] = [];
    const hostPolls: string[] = [];
    page.on('request', (r) => {
      const line = `${r.method()} ${new URL(r.url()).pathname}`;
      if (r.frame() === frame || r.url().includes('/__workspace/app-request')) appRequests.push(line);
      else hostPolls.push(line);
    });
    const zendeskBefore = stack.sim.requestLog.length;
    const countdown = frame.locator('[data-testid=sla-countdown]').first();
    const ticking = (await countdown.count()) > 0;
    const before = ticking ? await countdown.textContent() : null;
    await page.waitForTimeout(5000);
    const after = ticking ? await countdown.textContent() : null;
    const zendeskDuring = stack.sim.requestLog.length - zendeskBefore;
    console.log(`countdown for 5 s on ${inSession.at(-1)?.label}: "${before}" → "${after}"`);
    console.log(`  app requests ${appRequests.length}${appRequests.length ? ` (${appRequests.join(', ')})` : ''}; host page polls ${hostPolls.length} (${hostPolls.join(', ')}); Zendesk requests ${zendeskDuring} (all the host's polls: ${zendeskDuring === hostPolls.length ? 'yes' : 'no'})`);
    const buildKb = sizes.filter((s) => !/^chunks\/(local|engine|core)-/.test(s.f)).reduce((a, x) => a + x.gzip, 0) / 1024;
    // The budget is the initial JS: what blocks the first paint (the build's own figure). The schema/zod chunk that
    // parses the first response is prefetched during the ZAF handshake and shown above as "before it rendered".
    console.log(`  initial JS (blocking, before the first paint; without the prefetched schema chunk and on-demand chunks): ${buildKb.toFixed(1)} KB`);

    const checks = [
      { name: `median ≤ ${BUDGET_MS} ms`, ok: medianMs <= BUDGET_MS },
      { name: `initial JS ≤ ${BUDGET_KB} KB gzip`, ok: buildKb <= BUDGET_KB },
      { name: '0 requests per countdown tick', ok: ticking && before !== after && appRequests.length === 0 && zendeskDuring === hostPolls.length },
    ];
    for (const c of checks) console.log(`${c.name}: ${c.ok ? 'met' : 'MISSED'}`);
    return { ok: checks.every((c) => c.ok), medianMs, p90Ms, initialKb };
  } finally {
    await browser.close();
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
