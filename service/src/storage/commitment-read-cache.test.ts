import { CommitmentReadCache, cachedCommitments } from './commitment-read-cache.js';
import { openStorage } from './open-storage.js';
import type { CommitmentRecord, CommitmentRepository, Repositories, Storage } from './types.js';

const T0 = new Date('2026-11-24T18:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const record = (id: string, ticketId: number): CommitmentRecord => ({
  id, ticketId, agentId: 7, dueAt: at(60), note: '', createdAt: T0, cancelledAt: null, metAt: null,
});

/** An in-memory repository whose reads can be held open, to interleave them with writes. */
function fakeRepository() {
  const open = new Map<number, CommitmentRecord>();
  let gate: Promise<void> | null = null;
  const reads: number[] = [];
  const repo: CommitmentRepository = {
    async findOpenByTicket(ticketId) {
      reads.push(ticketId);
      const value = open.get(ticketId) ?? null; // read "before" the gate: like a snapshot taken when the query ran
      if (gate) await gate;
      return value;
    },
    async findOpenByTickets(ids) {
      reads.push(...ids);
      const found = new Map(ids.flatMap((id) => (open.has(id) ? [[id, open.get(id)!] as const] : [])));
      if (gate) await gate;
      return found;
    },
    async replace(c) {
      const replaced = open.get(c.ticketId) ?? null;
      const commitment = { ...c, cancelledAt: null, metAt: null };
      open.set(c.ticketId, commitment);
      return { commitment, replaced };
    },
    async cancelOpen(ticketId, when) {
      const row = open.get(ticketId);
      open.delete(ticketId);
      return row ? { ...row, cancelledAt: when } : null;
    },
    async markMet(ticketId, when) {
      const row = open.get(ticketId);
      open.delete(ticketId);
      return row ? { ...row, metAt: when } : null;
    },
    listForAgent: async () => [],
    listOpenDueBefore: async () => [],
  };
  return {
    repo,
    reads,
    hold() {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = null;
        release();
      };
    },
  };
}

describe('CommitmentReadCache', () => {
  it('answers a repeated read from memory, including "no open commitment"', async () => {
    const fake = fakeRepository();
    const repo = cachedCommitments(fake.repo, new CommitmentReadCache());
    await fake.repo.replace(record('c1', 1));
    expect((await repo.findOpenByTicket(1))?.id).toBe('c1');
    expect((await repo.findOpenByTicket(1))?.id).toBe('c1');
    expect(await repo.findOpenByTicket(2)).toBeNull();
    expect(await repo.findOpenByTicket(2)).toBeNull();
    expect(fake.reads).toEqual([1, 2]);
  });

  it('drops the entry on every kind of write, so the next read sees it', async () => {
    const fake = fakeRepository();
    const repo = cachedCommitments(fake.repo, new CommitmentReadCache());
    expect(await repo.findOpenByTicket(1)).toBeNull();
    await repo.replace(record('c1', 1));
    expect((await repo.findOpenByTicket(1))?.id).toBe('c1');
    await repo.markMet(1, at(5));
    expect(await repo.findOpenByTicket(1)).toBeNull();
    await repo.replace(record('c2', 1));
    expect((await repo.findOpenByTicket(1))?.id).toBe('c2');
    await repo.cancelOpen(1, at(6));
    expect(await repo.findOpenByTicket(1)).toBeNull();
  });

  it('does not keep a value read while a write was in flight (it may predate the write)', async () => {
    const fake = fakeRepository();
    const repo = cachedCommitments(fake.repo, new CommitmentReadCache());
    const release = fake.hold();
    const stale = repo.findOpenByTicket(1); // reads "no commitment", then waits
    await repo.replace(record('c1', 1)); // the write lands while that read is still open
    release();
    expect(await stale).toBeNull(); // the racing read answers what it read…
    expect((await repo.findOpenByTicket(1))?.id).toBe('c1'); // …but the next read is not served that stale value
    expect(fake.reads).toEqual([1, 1]);
  });

  it('keeps nothing read while a transaction that wrote commitments is open, and drops its tickets after it ends', async () => {
    const fake = fakeRepository();
    const cache = new CommitmentReadCache();
    const repo = cachedCommitments(fake.repo, cache);
    expect(await repo.findOpenByTicket(1)).toBeNull();
    const tx = cache.trackTransaction({ commitments: fake.repo } as Repositories);
    await tx.repos.commitments.replace(record('c1', 1));
    expect(cache.size).toBe(0);
    // A read from outside the transaction, before its commit: PostgreSQL would still answer the old row.
    await repo.findOpenByTicket(1);
    await repo.findOpenByTicket(3);
    expect(cache.size).toBe(0);
    tx.end();
    expect((await repo.findOpenByTicket(1))?.id).toBe('c1');
    expect(cache.size).toBe(1);
  });

  it('reads only the missing tickets of a batch, and caches the absent ones too', async () => {
    const fake = fakeRepository();
    const repo = cachedCommitments(fake.repo, new CommitmentReadCache());
    await fake.repo.replace(record('c1', 1));
    await fake.repo.replace(record('c3', 3));
    await repo.findOpenByTicket(1);
    const found = await repo.findOpenByTickets([1, 2, 3]);
    expect([...found.keys()].sort()).toEqual([1, 3]);
    expect((await repo.findOpenByTickets([1, 2, 3])).get(3)?.id).toBe('c3');
    expect(fake.reads).toEqual([1, 2, 3]);
  });
});

describe('open commitment reads on PGlite storage (cached by default)', () => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await openStorage({ dataDir: null });
  }, 60_000);
  afterAll(() => storage.close());

  it('sees a commitment replaced in a transaction as soon as the transaction has committed', async () => {
    expect(await storage.commitments.findOpenByTicket(11)).toBeNull();
    await storage.transaction((tx) => tx.commitments.replace({ id: 'p1', ticketId: 11, agentId: 7, dueAt: at(60), note: 'x', createdAt: T0 }));
    expect((await storage.commitments.findOpenByTicket(11))?.id).toBe('p1');
    await storage.transaction(async (tx) => {
      await tx.commitments.cancelOpen(11, at(5));
    });
    expect(await storage.commitments.findOpenByTicket(11)).toBeNull();
    expect((await storage.commitments.findOpenByTickets([11])).size).toBe(0);
  });

  it('keeps the previous answer when the transaction rolls back', async () => {
    await storage.commitments.replace({ id: 'p2', ticketId: 12, agentId: 7, dueAt: at(60), note: '', createdAt: T0 });
    expect((await storage.commitments.findOpenByTicket(12))?.id).toBe('p2');
    await expect(
      storage.transaction(async (tx) => {
        await tx.commitments.cancelOpen(12, at(5));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await storage.commitments.findOpenByTicket(12))?.id).toBe('p2');
  });
});
