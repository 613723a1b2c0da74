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
    return { storage, schema: null, openReplica: async () => shareClose(storage), cleanup: () => storage.close() };
  }
  const url = options.databaseUrl ?? testDatabaseUrl();
  if (url === undefined) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `${options.schemaPrefix ?? 'test'}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const poolSize = options.poolSize ?? 4;
  const storage = await openStorage({ databaseUrl: url, schema, poolSize });
  const replicas: Storage[] = [];
  return {
    storage,
    schema,
    async openReplica() {
      const replica = await openStorage({ databaseUrl: url, schema, poolSize });
      replicas.push(replica);
      return replica;
    },
    async cleanup() {
      await Promise.all([storage, ...replicas].map((s) => s.close()));
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** PGlite is one in-process database: a "replica" is the same storage whose close() is left to the owner. */
function shareClose(storage: Storage): Storage {
  return { ...storage, close: async () => undefined };
}
