/**
 * Issue budget 5: with 100,000 open commitments' reminders in PostgreSQL, each due reminder is delivered ≤ 60 s after
 * its instant, by two ReminderSchedulers (two replicas, each with its own pool) polling at the configured interval;
 * and the claim query uses the partial index `reminders_due_undelivered` (EXPLAIN (ANALYZE, BUFFERS) printed).
 * Runs in a dedicated schema on the local PostgreSQL, dropped at the end.
 */
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { Logger } from 'pino';
import { ReminderScheduler } from '../../../service/src/reminders/scheduler.js';
import { createLogger } from '../../../service/src/logger.js';
import { migrate } from '../../../service/src/storage/open-storage.js';
import { openTestStorage } from '../../../service/src/testing/storage.js';
import type { Db } from '../../../service/src/storage/repositories.js';
import { schema as tables } from '../../../service/src/storage/schema.js';
import type { Storage } from '../../../service/src/storage/types.js';
import { BENCH_DATABASE_URL, machine, ms, table, type BenchOptions } from './service-harness.js';

/** The service's default REMINDER_INTERVAL_MS (service/src/config.ts). */
export const CONFIGURED_INTERVAL_MS = 10_000;
const FUTURE = 100_000;
const DUE_NOW = 1_000;
const DUE_DURING = 1_000;
const CHUNK = 10_000;
/** The scheduler's default batch size. */
const BATCH = 100;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/** What pg.Client and PGlite have in common. */
interface Queryable {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Bulk insert with generate_series, `count` rows in chunks; due instants spread evenly over [from, to]. */
async function insertReminders(client: Queryable, prefix: string, count: number, from: Date, to: Date, now: Date): Promise<void> {
  for (let start = 0; start < count; start += CHUNK) {
    const end = Math.min(count, start + CHUNK) - 1;
    await client.query(
      `INSERT INTO reminders (id, source, source_id, ticket_id, agent_id, kind, due_at, message, created_at)
       SELECT $1 || g, 'commitment', $1 || 'c' || g, 1000000 + g, 100 + g % 50, 'commitment_due',
              $2::timestamptz + (($3::timestamptz - $2::timestamptz) * (g::float8 / GREATEST($4::int - 1, 1))),
              'Reply to ticket #' || (1000000 + g) || ' is due', $5::timestamptz
       FROM generate_series($6::int, $7::int) AS g`,
      [prefix, from.toISOString(), to.toISOString(), count, now.toISOString(), start, end],
    );
  }
}

/** The claim statement as drizzle sends it, captured from the pg driver (not retyped, so the plan is the real one). */
function captureClaimQuery(): { get(): { text: string; values: unknown[] } | null; restore(): void } {
  const original = pg.Client.prototype.query;
  let captured: { text: string; values: unknown[] } | null = null;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as { text?: string; values?: unknown[] } | string;
    const text = typeof config === 'string' ? config : config?.text;
    if (captured === null && typeof text === 'string' && /skip locked/i.test(text)) {
      // drizzle passes `(config, params)`; a plain client call may put them in `config.values`.
      captured = { text, values: (typeof config === 'string' ? undefined : config.values) ?? (args[1] as unknown[] | undefined) ?? [] };
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  return { get: () => captured, restore: () => void (pg.Client.prototype.query = original) };
}

/**
 * 1,000 reminders due at the start + 1,000 falling due over `window`, delivered by two replicas each running
 * ReminderScheduler.start() (passes of ≤ 100; a full pass is followed at once by the next, since e960fc6).
 */
async function deliver(client: pg.Client, replicas: Storage[], logger: Logger, window: number): Promise<{ max: number; complete: boolean }> {
  const start = new Date();
  await insertReminders(client, 'n', DUE_NOW, start, start, start);
  await insertReminders(client, 'd', DUE_DURING, new Date(start.getTime() + 1000), new Date(start.getTime() + window), start);
  const schedulers = replicas.map(
    (storage, i) =>
      new ReminderScheduler({ storage, logger, clock: () => new Date(), intervalMs: CONFIGURED_INTERVAL_MS, slackWebhookUrl: null, workerId: `replica-${i + 1}` }),
  );
  schedulers.forEach((s) => s.start());
  const deadline = start.getTime() + window + 120_000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM reminders WHERE delivered_at IS NOT NULL AND id !~ '^f'`);
    if ((rows[0] as { n: number }).n === DUE_NOW + DUE_DURING && Date.now() > start.getTime() + window) break;
  }
  await Promise.all(schedulers.map((s) => s.stop()));

  const { rows } = await client.query(
    `SELECT left(id, 1) AS grp, claimed_by, extract(epoch FROM delivered_at - due_at) * 1000 AS delay
     FROM reminders WHERE id !~ '^f' OR delivered_at IS NOT NULL`,
  );
  const typed = rows as { grp: string; claimed_by: string | null; delay: string | null }[];
  const early = typed.filter((r) => r.grp === 'f').length;
  const byWorker = new Map<string, number>();
  for (const r of typed) if (r.claimed_by) byWorker.set(r.claimed_by, (byWorker.get(r.claimed_by) ?? 0) + 1);
  const group = (g: string) => typed.filter((r) => r.grp === g && r.delay !== null).map((r) => Number(r.delay)).sort((a, b) => a - b);
  const rowsOut = [['reminders', 'delivered', 'p50 ms', 'p99 ms', 'max ms']];
  const all: number[] = [];
  for (const [g, label, total] of [['n', 'due at start (backlog)', DUE_NOW], ['d', `due during the ${window / 1000} s`, DUE_DURING]] as const) {
    const d = group(g);
    all.push(...d);
    rowsOut.push([label, `${d.length}/${total}`, ms(pct(d, 50)), ms(pct(d, 99)), ms(d.at(-1) ?? NaN)]);
  }
  all.sort((a, b) => a - b);
  rowsOut.push(['all due', `${all.length}/${DUE_NOW + DUE_DURING}`, ms(pct(all, 50)), ms(pct(all, 99)), ms(all.at(-1) ?? NaN)]);
  console.log(`\ntwo replicas, intervalMs ${CONFIGURED_INTERVAL_MS} (the configured default), ${BATCH} per pass`);
  console.log(table(rowsOut));
  console.log(`claims per replica: ${[...byWorker].map(([w, n]) => `${w} ${n}`).join(', ')}; future reminders delivered early: ${early}`);
  const max = all.at(-1) ?? Infinity;
  const complete = all.length === DUE_NOW + DUE_DURING && early === 0;
  console.log(`every due reminder delivered ≤ 60 s after its instant: ${complete && max <= 60_000 ? 'met' : 'MISSED'} (max ${ms(max)} ms)`);
  return { max, complete };
}

/** EXPLAIN (ANALYZE, BUFFERS) of `claim` in a rolled-back transaction; whether the plan uses the partial index. */
async function claimPlan(client: Queryable, claim: { text: string; values: unknown[] }, label: string, setup: string): Promise<boolean> {
  await client.query('BEGIN');
  try {
    if (setup) await client.query(setup);
    // The claim's instants: re-bound to the present so the due rows are the ones the scheduler would see.
    const values = claim.values.map((v) => (v instanceof Date || (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) ? new Date().toISOString() : v));
    const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${claim.text}`, values);
    const text = (plan.rows as Record<string, string>[]).map((r) => r['QUERY PLAN']).join('\n');
    const indexed = /Index (Only )?Scan using reminders_due_undelivered|Bitmap Index Scan on reminders_due_undelivered/.test(text);
    console.log(`\nEXPLAIN (ANALYZE, BUFFERS) of the claim query, ${label}:\n${text}`);
    console.log(`uses the partial index reminders_due_undelivered: ${indexed ? 'yes' : 'NO'}`);
    return indexed;
  } finally {
    await client.query('ROLLBACK');
  }
}

/** The same statement on PGlite (in memory, migrated like the service's), 100,000 open reminders, 1,000 due. */
async function pgliteClaimPlan(claim: { text: string; values: unknown[] }): Promise<boolean> {
  const client = new PGlite();
  try {
    await migrate(drizzle(client, { schema: tables }) as unknown as Db);
    const now = new Date();
    await insertReminders(client, 'f', FUTURE, new Date(now.getTime() + 10 * 60_000), new Date(now.getTime() + 6 * 3600_000), now);
    await client.query('ANALYZE reminders');
    return await claimPlan(
      client,
      claim,
      'PGlite, 100,000 open, 1,000 due',
      `UPDATE reminders SET due_at = now() - interval '1 minute' WHERE id ~ '^f' AND ticket_id < 1001000`,
    );
  } finally {
    await client.close();
  }
}

export async function remindersBench({ quick }: BenchOptions): Promise<{ max: number; usesIndex: boolean; ok: boolean }> {
  const window = quick ? 10_000 : 30_000;
  console.log(`\n## Reminders: ${FUTURE.toLocaleString('en-US')} open + ${DUE_NOW} due now + ${DUE_DURING} falling due over ${window / 1000} s (${machine()})`);
  const capture = captureClaimQuery();
  const logger = createLogger({ level: 'warn' });
  const db = await openTestStorage('pg', { databaseUrl: BENCH_DATABASE_URL, schemaPrefix: 'bench_reminders' });
  const replicas = [db.storage, await db.openReplica()];
  const client = new pg.Client({ connectionString: BENCH_DATABASE_URL, options: `-c search_path=${db.schema!}` });
  await client.connect();
  try {
    const now = new Date();
    const t = Date.now();
    await insertReminders(client, 'f', FUTURE, new Date(now.getTime() + 10 * 60_000), new Date(now.getTime() + 6 * 3600_000), now);
    console.log(`inserted ${FUTURE.toLocaleString('en-US')} future reminders (chunks of ${CHUNK.toLocaleString('en-US')}) in ${Date.now() - t} ms`);
    await client.query('ANALYZE reminders');

    const { max, complete } = await deliver(client, replicas, logger, window);

    // The plan of the real claim statement, on the table as it is now (100,000 open, the due ones delivered), and
    // with a fresh due backlog: in a rolled-back transaction, since ANALYZE executes the UPDATE.
    const claim = capture.get();
    if (claim === null) throw new Error('the claim query was not captured');
    let usesIndex = true;
    for (const [label, setup] of [
      ['PostgreSQL, 100,000 open, nothing due', ''],
      ['PostgreSQL, 100,000 open, 1,000 due', `UPDATE reminders SET due_at = now() - interval '1 minute' WHERE id ~ '^f' AND ticket_id < 1001000`],
    ] as const) {
      usesIndex = (await claimPlan(client, claim, label, setup)) && usesIndex;
    }
    usesIndex = (await pgliteClaimPlan(claim)) && usesIndex;
    console.log(`\nclaim statement (captured from drizzle): ${claim.text}`);
    return { max, usesIndex, ok: complete && max <= 60_000 && usesIndex };
  } finally {
    capture.restore();
    await client.end();
    await db.cleanup();
  }
}
