import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import {
  COMMITMENT_CHANNEL,
  listenForCommitmentChanges,
  type CommitmentChangeListener,
  type ListenerEvents,
} from './commitment-change-listener.js';
import { CommitmentReadCache, cachedCommitments } from './commitment-read-cache.js';
import { MIGRATIONS } from './migrations/index.js';
import { repositories, type Db } from './repositories.js';
import { schema } from './schema.js';
import type { Storage } from './types.js';

export interface OpenStorageOptions {
  /** `postgres://…` → node-postgres pool; unset → embedded PGlite. */
  databaseUrl?: string | null;
  /** PGlite data folder (kept across restarts); null → in memory (tests). Default `.data/pglite`. */
  dataDir?: string | null;
  /**
   * PostgreSQL schema to use (created if missing, set as the connections' search_path). Tests give each run its own
   * so parallel jest workers never share tables. Default: the server's search_path (normally `public`).
   */
  schema?: string;
  /** node-postgres pool size. */
  poolSize?: number;
  /**
   * Answer "the ticket's open commitment" from memory (commitment-read-cache.ts). Default on. PGlite: exact (one
   * process). PostgreSQL: kept coherent with other replicas by LISTEN/NOTIFY (commitment-change-listener.ts), and off
   * whenever notifications are not verified to arrive.
   */
  cacheCommitmentReads?: boolean;
  /** Told when PostgreSQL's commitment cache turns on or off, and why (the service logs it). */
  onCommitmentCacheState?: ListenerEvents['onState'];
}

const MIGRATION_LOCK = 72_026_001;

/** Open the database, apply pending migrations, and return the repositories. */
export async function openStorage(options: OpenStorageOptions = {}): Promise<Storage> {
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) {
    throw new Error(`invalid schema name "${options.schema}"`);
  }
  if (options.databaseUrl) {
    const connectionString = options.databaseUrl;
    if (options.schema !== undefined) {
      const admin = new pg.Client({ connectionString });
      await admin.connect();
      try {
        await admin.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
      } finally {
        await admin.end();
      }
    }
    const pool = new pg.Pool({
      connectionString,
      max: options.poolSize ?? 10,
      ...(options.schema !== undefined && { options: `-c search_path=${options.schema}` }),
    });
    // An idle client losing its connection emits 'error' on the pool; unhandled, it would kill the process.
    pool.on('error', () => undefined);
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    if (options.cacheCommitmentReads === false) return build(db, 'pg', () => pool.end(), null);
    const cache = new CommitmentReadCache({ enabled: false });
    let listener: CommitmentChangeListener | null = null;
    return build(
      db,
      'pg',
      async () => {
        await listener?.close();
        await pool.end();
      },
      cache,
      // After the migrations: the trigger that sends the notifications must exist.
      async () => {
        const current = await pool.query<{ schema: string }>('SELECT current_schema() AS schema');
        listener = listenForCommitmentChanges({
          connectionString,
          schema: current.rows[0]?.schema ?? 'public',
          cache,
          notify: async (payload) => void (await pool.query('SELECT pg_notify($1, $2)', [COMMITMENT_CHANNEL, payload])),
          ...(options.onCommitmentCacheState !== undefined && { onState: options.onCommitmentCacheState }),
        });
        await listener.ready;
      },
    );
  }
  const dataDir = options.dataDir === undefined ? '.data/pglite' : options.dataDir;
  let client: PGlite;
  if (dataDir === null) {
    client = new PGlite();
  } else {
    const dir = resolve(dataDir);
    mkdirSync(dirname(dir), { recursive: true });
    client = new PGlite(dir);
  }
  if (options.schema !== undefined) {
    await client.exec(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"; SET search_path TO "${options.schema}";`);
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  const cache = options.cacheCommitmentReads === false ? null : new CommitmentReadCache();
  return build(db, 'pglite', () => client.close(), cache);
}

async function build(
  db: Db,
  driver: Storage['driver'],
  closeDriver: () => Promise<void>,
  cache: CommitmentReadCache | null,
  afterMigrate?: () => Promise<void>,
): Promise<Storage> {
  try {
    await migrate(db);
    await afterMigrate?.();
  } catch (err) {
    await closeDriver().catch(() => undefined);
    throw err;
  }
  let closed = false;
  const repos = repositories(db);
  return {
    driver,
    ...repos,
    ...(cache !== null && { commitments: cachedCommitments(repos.commitments, cache) }),
    transaction:
      cache === null
        ? (fn) => db.transaction((tx) => fn(repositories(tx as unknown as Db)))
        : async (fn) => {
            let tracked: ReturnType<CommitmentReadCache['trackTransaction']> | undefined;
            try {
              return await db.transaction((tx) => {
                tracked = cache.trackTransaction(repositories(tx as unknown as Db));
                return fn(tracked.repos);
              });
            } finally {
              // After the commit (or rollback): only now may a read of those tickets be kept again.
              tracked?.end();
            }
          },
    async ping() {
      if (closed) throw new Error('storage is closed');
      await db.execute(sql`SELECT 1`);
    },
    async close() {
      if (closed) return;
      closed = true;
      await closeDriver();
    },
  };
}

/** Apply pending migrations in order, once, under an advisory lock so replicas starting together don't race. */
export async function migrate(db: Db): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.execute(
      sql`CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const result = (await tx.execute(sql`SELECT id FROM schema_migrations`)) as unknown as { rows: { id: string }[] };
    const applied = new Set(result.rows.map((r) => r.id));
    const ran: string[] = [];
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.id)) continue;
      for (const statement of migration.sql.split('--> statement-breakpoint')) {
        if (statement.trim() !== '') await tx.execute(sql.raw(statement));
      }
      await tx.execute(sql`INSERT INTO schema_migrations (id) VALUES (${migration.id})`);
      ran.push(migration.id);
    }
    return ran;
  });
}
