/**
 * What the service benches share: the real app (`buildApp`, real auth, rate limit, metrics, zod validation and
 * serialization) listening on a free port, with an in-memory Zendesk (FakeZendesk, no network: the benches measure
 * the service, not Zendesk) seeded from generated tickets, and a bare Fastify hello-world started the same way.
 */
import { cpus, loadavg } from 'node:os';
import Fastify, { type FastifyInstance } from 'fastify';
import { assess, GITLAB_POLICY, parseOrThrow, TicketSnapshotSchema, type TicketSnapshotInput } from '@triage-assistant/shared';
import autocannon, { type Options, type Result } from 'autocannon';
import { buildApp } from '../../../service/src/app.js';
import { createLogger } from '../../../service/src/logger.js';
import { verifyAgentToken } from '../../../service/src/plugins/auth.js';
import { openStorage } from '../../../service/src/storage/open-storage.js';
import type { Storage } from '../../../service/src/storage/types.js';
import { openTestStorage } from '../../../service/src/testing/storage.js';
import { signAgentToken, testConfig } from '../../../service/src/testing/test-app.js';
import { FakeZendesk, zendeskTicket, zendeskUser } from '../../../service/src/use-cases/testing/fake-zendesk.js';
import { generateTickets } from './tickets.js';

export const BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchOptions {
  quick: boolean;
  /** `--pg`: the service benches use PostgreSQL (a dedicated schema, dropped after) instead of in-memory PGlite. */
  pg: boolean;
}

export function benchOptions(argv: readonly string[] = process.argv): BenchOptions {
  return { quick: argv.includes('--quick'), pg: argv.includes('--pg') };
}

/** Storage for a service bench: PGlite in memory, or a fresh schema on the local PostgreSQL that `drop` removes. */
export async function benchStorage(pg: boolean, name: string): Promise<{ storage: Storage; label: string; drop(): Promise<void> }> {
  const db = await openTestStorage(pg ? 'pg' : 'pglite', { databaseUrl: BENCH_DATABASE_URL, schemaPrefix: `bench_${name}`, poolSize: 10 });
  const label = db.schema === null ? 'PGlite (in memory)' : `PostgreSQL (${BENCH_DATABASE_URL}, schema ${db.schema})`;
  return { storage: db.storage, label, drop: () => db.cleanup() };
}

export function machine(): string {
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  return `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load ${load}, ${new Date().toISOString()}`;
}

export interface ServiceUnderTest {
  app: FastifyInstance;
  url: string;
  zendesk: FakeZendesk;
  storage: Storage;
  /** Sidebar snapshots whose ids and `updatedAt` match the fake Zendesk (so the enrichment cache can hit). */
  snapshots: TicketSnapshotInput[];
  authorization: string;
  close(): Promise<void>;
}

/**
 * The real app with `ticketCount` generated tickets (70 % triaged) known to the fake Zendesk. PGlite in memory unless
 * `storage` is given. The rate limit is lifted: the bench is one agent sending thousands of requests per second.
 */
export async function startService(options: {
  ticketCount: number;
  storage?: Storage;
  /** Runs before listen (hooks cannot be added after). */
  configure?: (app: FastifyInstance) => void;
}): Promise<ServiceUnderTest> {
  const now = new Date();
  const inputs = generateTickets(GITLAB_POLICY, options.ticketCount, now, 7, 0.7);
  const zendesk = new FakeZendesk();
  const snapshots: TicketSnapshotInput[] = [];
  for (const input of inputs) {
    const s = parseOrThrow(TicketSnapshotSchema, input, 'ticket');
    if (s.id === null) continue;
    if (s.organization !== null) zendesk.addOrganization(s.organization);
    zendesk.addUser(zendeskUser({ id: s.requester.id, email: s.requester.email }), s.requester.organizationIds);
    zendesk.addTicket(
      zendeskTicket({
        id: s.id,
        createdAt: s.createdAt,
        updatedAt: s.createdAt,
        status: s.status,
        priority: s.priority,
        requesterId: s.requester.id,
        submitterId: s.requester.id,
        organizationId: s.organization?.id ?? null,
        formId: s.formId,
        tags: s.tags,
        slas: null,
      }),
      s.comments,
    );
    snapshots.push({ ...input, updatedAt: s.createdAt });
  }
  const storage = options.storage ?? (await openStorage({ dataDir: null }));
  const config = testConfig({ rateLimitPerMinute: 100_000_000, logLevel: 'warn' });
  const app = buildApp(
    { config, storage, zendesk, logger: createLogger({ level: 'warn' }) },
    // Autocannon keeps its connections open; the default keep-alive would do too, this just avoids surprises.
    { keepAliveTimeout: 120_000 },
  );
  options.configure?.(app);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const token = await signAgentToken({ agentId: 7, now: new Date(), expiresInSeconds: 3600 });
  return {
    app,
    url: address,
    zendesk,
    storage,
    snapshots,
    authorization: `Bearer ${token}`,
    async close() {
      await app.close();
      if (options.storage === undefined) await storage.close();
    },
  };
}

/** A baseline server: plain Fastify, started like the app (same keep-alive, no logger). */
const plainFastify = () => Fastify({ logger: false, keepAliveTimeout: 120_000 });

/** The baseline: Fastify's hello world, same process, same listen call. */
export async function startBare(): Promise<{ app: FastifyInstance; url: string }> {
  const app = plainFastify();
  app.get('/', async () => ({ hello: 'world' }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url };
}

/**
 * Two more baselines, to say where an assessment's cost goes (BENCHMARKS.md §1), both plain `Fastify()` started the
 * same way, answering `POST /`:
 * - `canned`: the sidebar's request shape without any work — Fastify parses the JSON body and sends `answer` (the
 *   app's own response body, as a string): what HTTP on loopback costs for a 0.8 KB request and a 1.9 KB answer;
 * - `sameWork`: the domain work without the service around it — the JWT check (`verifyAgentToken`), the body parsed
 *   by Fastify, `assess` on the posted snapshot, the answer serialised by `JSON.stringify`. No enrichment, storage,
 *   zod request/response validation, helmet, CORS, rate limit or metrics.
 */
export async function startBaselines(answer: string): Promise<{ canned: string; sameWork: string; close(): Promise<void> }> {
  const config = testConfig();
  const canned = plainFastify();
  canned.post('/', async (_request, reply) => reply.type('application/json').send(answer));
  const sameWork = plainFastify();
  sameWork.post('/', async (request) => {
    await verifyAgentToken((request.headers.authorization ?? '').slice('Bearer '.length), config.auth, new Date());
    return assess((request.body as { ticket: unknown }).ticket, GITLAB_POLICY, new Date());
  });
  const urls = await Promise.all([canned.listen({ port: 0, host: '127.0.0.1' }), sameWork.listen({ port: 0, host: '127.0.0.1' })]);
  return {
    canned: urls[0],
    sameWork: urls[1],
    async close() {
      await Promise.all([canned.close(), sameWork.close()]);
    },
  };
}

/**
 * Autocannon in a worker thread (`workers: 1`), so the load generator does not share the server's event loop:
 * otherwise both servers would be capped by the client and the ratio would say nothing.
 */
export function load(options: Options): Promise<Result> {
  return autocannon({ workers: 1, timeout: 10, ...options });
}

export function failures(r: Result): number {
  return r.errors + r.timeouts + r.non2xx;
}

export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, c) => cell.padStart(widths[c] ?? 0)).join('  ')).join('\n');
}

export const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
