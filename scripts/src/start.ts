/**
 * `npm start`: the whole product offline in one process. Builds the app if `zendesk-app/dist` is missing, then starts
 * the Zendesk simulator (seeded with GitLab's account), the service on PGlite (its clock is the simulator's, so time
 * travel moves both), seeds commitments through the service's API with signed JWTs, and serves the agent workspace.
 * Ctrl-C / SIGTERM stops everything.
 *
 *   npm start -- [--port 3000] [--app-port 3001] [--sim-port 4010] [--service-port 3030]
 *                [--now 2026-11-27T15:00:00Z] [--data-dir .data/dev] [--fresh] [--log-level warn]
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createService, type Service } from '../../service/src/compose.js';
import { loadConfig } from '../../service/src/config.js';
import { createSimulator } from './zendesk-simulator/model.js';
import { GROUPS, seedCommitments, seedGitLabAccount } from './zendesk-simulator/seed.js';
import { startSimulatorServer } from './zendesk-simulator/server.js';
import { renderTriageAssistantTrigger } from './zendesk-simulator/triage-assistant-trigger.js';
import { startWorkspaceServer } from './workspace/server.js';
import { signZafJwt } from './workspace/zendesk-proxy.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SUBDOMAIN = 'gitlab';
/** What the sidebar puts in `aud` (zendesk-app/src/api/service-client.ts). */
const JWT_AUDIENCE = 'triage-assistant';

export interface StartOptions {
  port: number;
  appPort: number;
  simPort: number;
  servicePort: number;
  now: Date | null;
  dataDir: string;
  fresh: boolean;
  logLevel: string;
}

export function parseArgs(argv: readonly string[]): StartOptions {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
    return v;
  };
  const port = (name: string, fallback: number): number => {
    const raw = value(name);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got "${raw ?? ''}"`);
    return n;
  };
  const known = new Set(['--port', '--app-port', '--sim-port', '--service-port', '--now', '--data-dir', '--fresh', '--log-level']);
  for (const arg of argv) if (arg.startsWith('--') && !known.has(arg)) throw new Error(`unknown option ${arg}`);
  const nowRaw = value('--now');
  const now = nowRaw === undefined ? null : new Date(nowRaw);
  if (now !== null && Number.isNaN(now.getTime())) throw new Error(`--now must be an ISO-8601 instant such as 2026-11-27T15:00:00Z, got "${nowRaw}"`);
  return {
    port: port('--port', 3000),
    appPort: port('--app-port', 3001),
    simPort: port('--sim-port', 4010),
    servicePort: port('--service-port', 3030),
    now,
    dataDir: value('--data-dir') ?? '.data/dev',
    fresh: argv.includes('--fresh'),
    logLevel: value('--log-level') ?? 'warn',
  };
}

interface ManifestParameter {
  name: string;
  secure?: boolean;
  default?: unknown;
}

function ensureAppBuilt(): string {
  const dist = resolve(ROOT, 'zendesk-app/dist');
  if (!existsSync(resolve(dist, 'assets/index.html')) || !existsSync(resolve(dist, 'manifest.json'))) {
    process.stdout.write('Building the Zendesk app (zendesk-app/dist is missing)…\n');
    const run = spawnSync('npm', ['run', 'build', '-w', '@triage-assistant/zendesk-app'], { cwd: ROOT, stdio: 'inherit' });
    if (run.status !== 0) throw new Error('the app build failed (npm run build -w @triage-assistant/zendesk-app)');
  }
  return dist;
}

/** The running stack, for `npm start` and the end-to-end runner (which stops and restarts the service). */
export interface RunningStack {
  sim: ReturnType<typeof createSimulator>;
  seed: ReturnType<typeof seedGitLabAccount>;
  simServer: Awaited<ReturnType<typeof startSimulatorServer>>;
  workspace: Awaited<ReturnType<typeof startWorkspaceServer>>;
  serviceUrl: string;
  commitments: number;
  agent: { id: number; name: string; email: string };
  /** Closes the service (listener, reminder loop, database); the simulator and workspace keep running. */
  stopService(): Promise<void>;
  /** Opens the service again on the same port and data directory. */
  startService(): Promise<void>;
  close(): Promise<void>;
}

export async function startStack(options: StartOptions): Promise<RunningStack> {
  const appDist = ensureAppBuilt();
  const manifest = JSON.parse(readFileSync(resolve(appDist, 'manifest.json'), 'utf8')) as {
    version?: string;
    parameters?: ManifestParameter[];
    domainWhitelist?: string[];
  };

  // Per-run secrets: the service, the simulated Zendesk proxy and the simulator's webhook share them in memory only.
  const jwtSecret = randomBytes(32).toString('base64url');
  const webhookSecret = randomBytes(32).toString('base64url');
  const dataDir = resolve(ROOT, options.dataDir);
  if (options.fresh) rmSync(dataDir, { recursive: true, force: true });

  const sim = createSimulator({ subdomain: SUBDOMAIN });
  if (options.now !== null) sim.setClock(options.now);
  const seed = seedGitLabAccount(sim, sim.now());
  const apiUser = sim.getUser(seed.apiUserId);
  const simServer = await startSimulatorServer({ sim, port: options.simPort, seed: (s) => void seedGitLabAccount(s, s.now()) });

  // `localhost` because the app's domainWhitelist (manifest) names localhost; the service binds every address of it.
  const serviceUrl = `http://localhost:${options.servicePort}`;
  const config = loadConfig({
    PORT: String(options.servicePort),
    HOST: 'localhost',
    LOG_LEVEL: options.logLevel,
    DATA_DIR: dataDir,
    ZAF_JWT_SECRET: jwtSecret,
    ZAF_JWT_ISSUERS: `${SUBDOMAIN}.zendesk.com`,
    ZAF_JWT_AUDIENCE: JWT_AUDIENCE,
    ZENDESK_SUBDOMAIN: SUBDOMAIN,
    ZENDESK_API_URL: simServer.baseUrl,
    ZENDESK_EMAIL: apiUser.email ?? 'triage-assistant@gitlab.com',
    ZENDESK_API_TOKEN: 'local-simulator-token',
    ZENDESK_PLAN_RATE_LIMIT: '700',
    ZENDESK_WEBHOOK_SECRET: webhookSecret,
    REMINDER_INTERVAL_MS: '5000',
  });
  const clock = () => sim.now();
  let service: Service | null = await createService(config, { clock });
  await service.listen();
  // Webhooks start after seeding: the seed's history is not news to the service.
  sim.webhook = { url: `${serviceUrl}/v1/webhooks/zendesk`, secret: webhookSecret, render: renderTriageAssistantTrigger };

  // Commitments live in the service: PUT them as their agents would, each at a moment before it was due.
  const now = sim.now();
  let commitments = 0;
  for (const c of seedCommitments(seed, now)) {
    const madeAt = new Date(Math.min(now.getTime(), Date.parse(c.dueAt) - 30 * 60_000));
    sim.setClock(madeAt);
    try {
      const token = await signZafJwt(
        { algorithm: 'HS256', expiry: 60, claims: { sub: String(c.agentId), agent_id: c.agentId, iss: `${SUBDOMAIN}.zendesk.com`, aud: JWT_AUDIENCE } },
        jwtSecret,
        madeAt,
      );
      const res = await fetch(`${serviceUrl}/v1/tickets/${c.ticketId}/commitment`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ dueAt: c.dueAt, note: c.note }),
      });
      if (res.ok) commitments += 1;
      else process.stderr.write(`commitment on #${c.ticketId} not seeded: ${res.status} ${await res.text()}\n`);
    } finally {
      sim.setClock(now);
    }
  }

  const agent = seed.agents[0];
  if (!agent) throw new Error('the seed has no agents');
  const parameters = manifest.parameters ?? [];
  const settings: Record<string, string> = {};
  for (const p of parameters) if (p.default !== undefined) settings[p.name] = String(p.default);
  settings['service_url'] = serviceUrl;
  settings['shared_secret'] = jwtSecret;
  const workspace = await startWorkspaceServer({
    port: options.port,
    appPort: options.appPort,
    appDist,
    hostEntry: fileURLToPath(new URL('./workspace/host/page.ts', import.meta.url)),
    zendeskOrigin: new URL(simServer.baseUrl).origin,
    subdomain: SUBDOMAIN,
    agent: {
      id: agent.id,
      name: agent.name,
      email: agent.email,
      groups: [{ id: agent.groupId, name: agent.groupId === GROUPS.amer ? 'Support AMER' : 'Support EMEA' }],
      timeZone: sim.getUser(agent.id).iana_time_zone,
    },
    installation: {
      settings,
      secureSettings: parameters.filter((p) => p.secure === true).map((p) => p.name),
      domainWhitelist: manifest.domainWhitelist ?? ['localhost'],
    },
    appId: 1,
    installationId: 360000000001,
    appVersion: manifest.version ?? '0.0.0',
    now: clock,
    timeTravel: async (input) => {
      if (typeof input.now === 'string') {
        const at = new Date(input.now);
        if (Number.isNaN(at.getTime())) throw new Error('now must be an ISO-8601 instant');
        sim.setClock(at);
      } else if (typeof input.advanceMinutes === 'number' && Number.isFinite(input.advanceMinutes)) {
        sim.advanceClock(input.advanceMinutes * 60_000);
      } else throw new Error('give now (ISO-8601) or advanceMinutes');
      return sim.now();
    },
  });

  const stopService = async () => {
    const running = service;
    service = null;
    await running?.close();
  };
  return {
    sim,
    seed,
    simServer,
    workspace,
    serviceUrl,
    commitments,
    agent: { id: agent.id, name: agent.name, email: agent.email ?? '' },
    stopService,
    async startService() {
      if (service !== null) return;
      const next = await createService(config, { clock });
      await next.listen();
      service = next;
    },
    async close() {
      await workspace.close();
      await stopService();
      await sim.flushWebhooks();
      await simServer.close();
    },
  };
}

async function main(argv: readonly string[]): Promise<void> {
  const options = parseArgs(argv);
  const { workspace, sim, simServer, seed, serviceUrl, commitments, agent, close } = await startStack(options);
  process.stdout.write(
    [
      '',
      `  Triage workspace  ${workspace.url}`,
      `  signed in as      ${agent.name} <${agent.email}> · Zendesk time ${sim.now().toISOString()}`,
      `  Zendesk simulator ${simServer.baseUrl} (${seed.ticketCount} tickets) · service ${serviceUrl} (PGlite in ${options.dataDir}, ${commitments} commitments)`,
      `  app assets        ${workspace.appOrigin}/assets/index.html`,
      '  Ctrl-C stops everything.',
      '',
    ].join('\n') + '\n',
  );

  // Ctrl-C reaches npm, tsx and this process together (tsx also relays it): the same signal may arrive twice, so
  // repeats within 2 s are ignored; a later one forces the exit.
  let stoppingSince: number | null = null;
  const stop = (signal: string) => {
    if (stoppingSince !== null) {
      if (Date.now() - stoppingSince > 2000) process.exit(1);
      return;
    }
    stoppingSince = Date.now();
    process.stdout.write(`\n${signal}: stopping…\n`);
    const force = setTimeout(() => process.exit(1), 25_000);
    force.unref();
    void (async () => {
      await close();
      process.stdout.write('stopped.\n');
      process.exit(0);
    })().catch((error: unknown) => {
      process.stderr.write(`shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'EADDRINUSE') {
      const port = (error as { port?: unknown }).port;
      process.stderr.write(`Port ${String(port)} is already in use (another npm start?). Stop it, or pick ports: --port --app-port --sim-port --service-port\n`);
      process.exit(1);
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
