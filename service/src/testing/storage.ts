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
  /** Open another Storage on the same database (a second replica); closed by `cleanup`. */
  openReplica(): Promise<Storage>;
  /** Close everything and drop the test schema. */
  cleanup(): Promise<void>;
}

/**
 * A fresh, migrated database. PGlite: in memory (one process, so replicas share the same client). PostgreSQL: a
 * schema unique to this call, so parallel jest workers and test files never see each other's rows.
 */
export async function openTestStorage(driver: TestDriver): Promise<TestStorage> {
  if (driver === 'pglite') {
    const storage = await openStorage({ dataDir: null });
    return { storage, openReplica: async () => shareClose(storage), cleanup: () => storage.close() };
  }
  const url = testDatabaseUrl();
  if (url === undefined) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const storage = await openStorage({ databaseUrl: url, schema, poolSize: 4 });
  const replicas: Storage[] = [];
  return {
    storage,
    async openReplica() {
      const replica = await openStorage({ databaseUrl: url, schema, poolSize: 4 });
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
