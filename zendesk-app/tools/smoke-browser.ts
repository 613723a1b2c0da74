/**
 * Browser smoke test of the BUILT app with the real bundled ZAF SDK: a host page plays Zendesk (handshake,
 * `app.registered`, get/set/invoke and `request:N` messages) around an iframe serving dist/assets, and the script
 * checks that the ticket sidebar renders an assessment. Needs Debian's chromium (CHROMIUM_PATH to override).
 * Usage: npm run build -w @triage-assistant/zendesk-app && npm run smoke -w @triage-assistant/zendesk-app
 */
import { createServer, type Server } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { priorityAssessment, zafTicket } from '../src/test/fixtures';

const assets = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'assets');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

// The unit tests' fixtures (schema-checked): a Severity 2 ticket at Normal priority, so "Set priority to High" shows.
const assessment = priorityAssessment();
const data = { currentUser: { id: 501, locale: 'en-US', timeZone: { ianaName: 'America/Los_Angeles' }, groups: [{ id: 9001 }] }, ...zafTicket() };

const hostPage = (appUrl: string) => `<!doctype html><html><body>
<iframe id="app" src="${appUrl}" style="width:360px;height:800px"></iframe>
<script>
const data = ${JSON.stringify(data)};
window.log = [];
const frame = () => document.getElementById('app').contentWindow;
const send = (msg) => frame().postMessage(JSON.stringify(msg), '*');
window.addEventListener('message', (event) => {
  const msg = typeof event.data === 'string' ? JSON.parse(event.data) : event.data;
  window.log.push(msg.key || msg.request);
  if (msg.key === 'iframe.handshake') {
    // Answered at once: registration may arrive before React has mounted (the race the provider must survive).
    send({ key: 'zaf.app.registered', message: {
      context: { location: 'ticket_sidebar', account: { subdomain: 'gitlab' }, instanceGuid: 'g' },
      metadata: { settings: { service_url: 'https://triage.example.com' } } } });
  } else if (msg.request === 'get') {
    const result = { errors: {} };
    for (const p of msg.params) { if (p in data) result[p] = data[p]; else result.errors[p] = { message: 'no ' + p }; }
    send({ id: msg.id, result });
  } else if (msg.request) {
    send({ id: msg.id, result: {} });
  } else if (msg.key && msg.key.startsWith('request:')) {
    window.lastRequest = msg.message;
    send({ key: 'zaf.' + msg.key + '.done', message: { responseArgs: [{ status: 200, responseJSON: ${JSON.stringify(assessment)} }] } });
  }
});
</script></body></html>`;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

async function main(): Promise<number> {
  if (!existsSync(join(assets, 'index.html'))) {
    console.error('No build in zendesk-app/dist/assets: run npm run build -w @triage-assistant/zendesk-app first.');
    return 1;
  }
  const appServer = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!)).replace(/^\/+/, '') || 'index.html';
    const file = join(assets, path);
    if (!file.startsWith(assets) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  const appPort = await listen(appServer);
  let hostPort = 0;
  const hostServer = createServer((_, res) => {
    const origin = `http://localhost:${hostPort}`;
    res.writeHead(200, { 'content-type': 'text/html' }).end(hostPage(`http://127.0.0.1:${appPort}/index.html?origin=${encodeURIComponent(origin)}&app_guid=smoke`));
  });
  hostPort = await listen(hostServer);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  let ok = false;
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && console.error(`console: ${m.text()}`));
    await page.goto(`http://localhost:${hostPort}/`);
    const app = page.frameLocator('#app');
    await app.getByRole('button', { name: 'Set priority to High' }).waitFor({ timeout: 15_000 });
    const request = (await page.evaluate('window.lastRequest')) as { url: string; jwt: { claims: Record<string, unknown> } };
    console.log(`rendered the assessment; request ${request.url} with claims ${JSON.stringify(request.jwt.claims)}`);
    await app.getByRole('button', { name: 'Set priority to High' }).click();
    const log = (await page.evaluate('window.log')) as string[];
    console.log(`host saw: ${[...new Set(log)].join(', ')}`);
    if (errors.length > 0) console.error(`page errors: ${errors.join('; ')}`);
    ok = errors.length === 0 && request.url === '{{setting.service_url}}/v1/assessments';
  } catch (error) {
    console.error(`smoke test failed: ${(error as Error).message.split('\n')[0]}`);
    const page = browser.contexts()[0]?.pages()[0];
    if (page) {
      console.error(`host saw: ${JSON.stringify(await page.evaluate('window.log'))}`);
      const frame = page.frames()[1];
      console.error(`app html: ${frame ? (await frame.content()).slice(-800) : 'no frame'}`);
      console.error(`app text: ${(await page.frameLocator('#app').locator('body').innerText().catch(() => '?')).slice(0, 400)}`);
    }
  } finally {
    await browser.close();
    appServer.close();
    hostServer.close();
  }
  console.log(ok ? 'SMOKE OK' : 'SMOKE FAILED');
  return ok ? 0 : 1;
}

process.exitCode = await main();
