import pg from 'pg';
import { testDatabaseUrl } from '../config.js';
import { openTestStorage, TEST_DRIVERS, type TestDriver, type TestStorage } from '../testing/storage.js';
import { listenerName, listenForCommitmentChanges } from './commitment-change-listener.js';
import { CommitmentReadCache } from './commitment-read-cache.js';
import type { Storage } from './types.js';

const T0 = new Date('2026-11-24T18:00:00Z');
const put = (storage: Storage, id: string, ticketId: number) =>
  storage.transaction((tx) => tx.commitments.replace({ id, ticketId, agentId: 7, dueAt: new Date(T0.getTime() + 3_600_000), note: '', createdAt: T0 }));

/** Polls `read` until it returns `expected` (the other replica's NOTIFY arrives asynchronously), or fails after 3 s. */
async function eventually<T>(read: () => Promise<T>, expected: T): Promise<T> {
  const deadline = Date.now() + 3000;
  let last = await read();
  while (last !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    last = await read();
  }
  return last;
}

// Replicas and LISTEN/NOTIFY need a real PostgreSQL: runs when TEST_DATABASE_URL is set (.ci/run sets it). Without
// it the suite is reported as skipped: `describe.each([])` is an error in jest and failed `npm test` on a fresh machine.
const PG_ONLY = TEST_DRIVERS.filter((d) => d === 'pg');
const describePg = PG_ONLY.length > 0 ? describe.each(PG_ONLY) : describe.skip.each<TestDriver>(['pg']);
describePg('open-commitment cache across replicas on %s', (driver) => {
  let db: TestStorage;
  let a: Storage;
  let b: Storage;
  beforeAll(async () => {
    db = await openTestStorage(driver);
    a = db.storage;
    b = await db.openReplica();
  }, 60_000);
  afterAll(() => db?.cleanup());

  it("shows replica B's new commitment on replica A, whose cache held \"none\"", async () => {
    expect(await a.commitments.findOpenByTicket(301)).toBeNull();
    expect(await a.commitments.findOpenByTicket(301)).toBeNull(); // cached now
    await put(b, 'r1', 301);
    expect(await eventually(async () => (await a.commitments.findOpenByTicket(301))?.id, 'r1')).toBe('r1');
    await b.commitments.cancelOpen(301, T0);
    expect(await eventually(async () => (await a.commitments.findOpenByTicket(301))?.id ?? null, null)).toBeNull();
    expect((await a.commitments.findOpenByTickets([301])).size).toBe(0);
  });

  it('reads the database while its notification connection is down, and caches again once it is back', async () => {
    expect(await a.commitments.findOpenByTicket(302)).toBeNull();
    // Kill the listening connections of this test's schema: A's and B's listeners lose theirs.
    const admin = new pg.Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    try {
      const killed = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [listenerName(db.schema!)]);
      expect(killed.rowCount).toBe(2);
    } finally {
      await admin.end();
    }
    // A connection closed by the server is seen at once (its socket ends; a silent one, by the next heartbeat probe).
    await new Promise((r) => setTimeout(r, 200));
    // The write's notification is lost with the connection: A must not answer from the old cache.
    await put(b, 'r2', 302);
    expect((await a.commitments.findOpenByTicket(302))?.id).toBe('r2');
    // After the reconnect (1 s backoff), B's next change reaches A again.
    await new Promise((r) => setTimeout(r, 1500));
    await a.commitments.findOpenByTicket(302);
    await b.commitments.cancelOpen(302, T0);
    expect(await eventually(async () => (await a.commitments.findOpenByTicket(302))?.id ?? null, null)).toBeNull();
  });
});

describePg('commitment change listener on %s', () => {
  it('turns the cache off when a heartbeat probe goes missing', async () => {
    const cache = new CommitmentReadCache();
    const states: boolean[] = [];
    let deliver = true;
    const admin = new pg.Pool({ connectionString: testDatabaseUrl(), max: 1 });
    const listener = listenForCommitmentChanges({
      connectionString: testDatabaseUrl()!,
      schema: 'heartbeat_test',
      cache,
      notify: async (payload) => void (deliver && (await admin.query('SELECT pg_notify($1, $2)', ['triage_commitments', payload]))),
      probeTimeoutMs: 100,
      heartbeatMs: 50,
      initialDelayMs: 60_000,
      onState: ({ caching }) => states.push(caching),
    });
    await listener.ready;
    expect(cache.isEnabled).toBe(true);
    deliver = false; // from now on notifications are "lost", as on a silently dead connection
    await new Promise((r) => setTimeout(r, 400));
    expect(cache.isEnabled).toBe(false);
    expect(states).toEqual([true, false]);
    await listener.close();
    await admin.end();
  });

  it('keeps the cache off, and says why, when its probe notification never comes back (a pooler in transaction mode)', async () => {
    const cache = new CommitmentReadCache();
    const states: string[] = [];
    const listener = listenForCommitmentChanges({
      connectionString: testDatabaseUrl()!,
      schema: 'public',
      cache,
      notify: async () => undefined, // LISTEN accepted, nothing delivered
      probeTimeoutMs: 100,
      initialDelayMs: 60_000,
      onState: ({ caching, reason }) => states.push(`${caching}: ${reason}`),
    });
    await listener.ready;
    expect(cache.isEnabled).toBe(false);
    expect(states).toEqual([
      'false: LISTEN/NOTIFY does not deliver on this connection (a pooler in transaction mode?): commitment reads are not cached',
    ]);
    await listener.close();
  });
});
