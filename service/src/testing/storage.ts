import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testDatabaseUrl } from '../config.js';
import { openStorage } from '../storage/open-storage.js';
import type { Storage } from '../storage/types.js';

export type TestDriver = 'pglite' | 'pg';

/** The drivers the storage suites run on: PGlite always, PostgreSQL when `TEST_DATABASE_URL` is set. */
export const TEST_DRIVERS: TestDriver[] = testDatabaseUrl() === undefined ? ['pglite'] : ['pglite', 'pg'];

export interface TestStorage {
  storage: Storage;
  /** The PostgreSQL schema that `cleanup` drops; null on PGlite. */
  schema: string | null;
  /** Open another Storage on the same database (a second replica); closed by `cleanup`. */
  openReplica(): Promise<Storage>;
  /**
   * How many sessions are blocked on a lock while holding one in this test's schema: a replica waiting for another's
   * transaction. Null on PGlite, where a replica is the same single-connection client and so cannot be blocked.
   */
  lockWaiters(): Promise<number | null>;
  /** Close everything and drop the test schema. */
  cleanup(): Promise<void>;
}

export interface TestStorageOptions {
  /** PostgreSQL to use instead of `TEST_DATABASE_URL` (the benchmarks name the local server). */
  databaseUrl?: string;
  /** Start of the throwaway schema's name (default `test`). */
  schemaPrefix?: string;
  /** Connections per Storage (default 4). */
  poolSize?: number;
}

/**
 * A fresh, migrated database. PGlite: in memory (one process, so replicas share the same client). PostgreSQL: a
 * schema unique to this call, so parallel jest workers and test files never see each other's rows.
 */
export async function openTestStorage(driver: TestDriver, options: TestStorageOptions = {}): Promise<TestStorage> {
  if (driver === 'pglite') {
    const storage = await openStorage({ dataDir: null });
    return { storage, schema: null, openReplica: async () => shareClose(storage), lockWaiters: async () => null, cleanup: () => storage.close() };
  }
  const url = options.databaseUrl ?? testDatabaseUrl();
  if (url === undefined) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `${options.schemaPrefix ?? 'test'}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const poolSize = options.poolSize ?? 4;
  const storage = await openStorage({ databaseUrl: url, schema, poolSize });
  const replicas: Storage[] = [];
  const withClient = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    storage,
    schema,
    async openReplica() {
      const replica = await openStorage({ databaseUrl: url, schema, poolSize });
      replicas.push(replica);
      return replica;
    },
    lockWaiters: () =>
      withClient(async (client) => {
        const { rows } = await client.query<{ waiting: string }>(
          `SELECT count(*) AS waiting FROM pg_stat_activity a
            WHERE a.wait_event_type = 'Lock'
              AND EXISTS (SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
                           WHERE l.pid = a.pid AND l.granted AND n.nspname = $1)`,
          [schema],
        );
        return Number(rows[0]?.waiting ?? 0);
      }),
    async cleanup() {
      await Promise.all([storage, ...replicas].map((s) => s.close()));
      await withClient((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    },
  };
}

/** PGlite is one in-process database: a "replica" is the same storage whose close() is left to the owner. */
function shareClose(storage: Storage): Storage {
  return { ...storage, close: async () => undefined };
}
