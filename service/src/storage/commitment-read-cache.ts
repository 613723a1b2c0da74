/**
 * A read-through cache of "the ticket's open commitment", the one query every sidebar open runs
 * (`POST /v1/assessments`). On embedded PGlite that query runs PGlite's WASM Postgres on the service's own event
 * loop (0.6–1.2 ms per request, BENCHMARKS.md §1), so the reads queue every other request behind them.
 *
 * Invalidated, not a TTL. This process's writes go through {@link cachedCommitments} or a transaction tracked by
 * {@link CommitmentReadCache.trackTransaction}; a read that overlaps a write — started before a write finished, or
 * while a transaction that wrote commitments has not committed — is answered but not kept, so a value read before a
 * commit can never be cached after it. Other processes' writes (PostgreSQL replicas) arrive as `invalidate` calls
 * from commitment-change-listener.ts (a trigger's NOTIFY at commit); while that listener is not connected the cache
 * is disabled and every read goes to the database. PGlite has one process by construction: enabled from the start.
 */
import { LRUCache } from 'lru-cache';
import type { CommitmentRecord, CommitmentRepository, Repositories } from './types.js';

type Slot = { value: CommitmentRecord | null };

export class CommitmentReadCache {
  private readonly entries: LRUCache<number, Slot>;
  /** Bumped when a write starts and when it ends: a read that saw another epoch may have read a stale row. */
  private epoch = 0;
  /** Writes (or transactions that wrote commitments) not finished yet. */
  private writesInFlight = 0;

  /** Off: every read goes to the database (a replica whose change notifications are not arriving). */
  private enabled: boolean;

  constructor(options: { max?: number; enabled?: boolean } = {}) {
    this.entries = new LRUCache<number, Slot>({ max: options.max ?? 10_000 });
    this.enabled = options.enabled ?? true;
  }

  get isEnabled(): boolean {
    return this.enabled;
  }

  /** Start answering from memory (from an empty cache). */
  enable(): void {
    this.entries.clear();
    this.epoch += 1;
    this.enabled = true;
  }

  /** Stop answering from memory, and forget everything: changes may be missed from now on. */
  disable(): void {
    this.enabled = false;
    this.entries.clear();
    this.epoch += 1;
  }

  /** Another process changed the ticket's commitments (committed): drop it, and keep no read that overlapped. */
  invalidate(ticketId: number): void {
    this.entries.delete(ticketId);
    this.epoch += 1;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Run `write`, which may change the open commitments of `ticketIds`; those entries are dropped before and after. */
  async write<T>(ticketIds: readonly number[], write: () => Promise<T>): Promise<T> {
    this.begin(ticketIds);
    try {
      return await write();
    } finally {
      this.end(ticketIds);
    }
  }

  private begin(ticketIds: Iterable<number>): void {
    this.writesInFlight += 1;
    this.epoch += 1;
    for (const id of ticketIds) this.entries.delete(id);
  }

  private end(ticketIds: Iterable<number>): void {
    for (const id of ticketIds) this.entries.delete(id);
    this.writesInFlight -= 1;
    this.epoch += 1;
  }

  private canKeep(epoch: number): boolean {
    return this.enabled && this.writesInFlight === 0 && epoch === this.epoch;
  }

  async findOpen(ticketId: number, load: (id: number) => Promise<CommitmentRecord | null>): Promise<CommitmentRecord | null> {
    if (!this.enabled) return load(ticketId);
    const hit = this.entries.get(ticketId);
    if (hit !== undefined) return hit.value;
    const epoch = this.epoch;
    const value = await load(ticketId);
    if (this.canKeep(epoch)) this.entries.set(ticketId, { value });
    return value;
  }

  async findOpenMany(
    ticketIds: readonly number[],
    load: (ids: readonly number[]) => Promise<Map<number, CommitmentRecord>>,
  ): Promise<Map<number, CommitmentRecord>> {
    if (!this.enabled) return load(ticketIds);
    const found = new Map<number, CommitmentRecord>();
    const missing: number[] = [];
    for (const id of ticketIds) {
      const hit = this.entries.get(id);
      if (hit === undefined) missing.push(id);
      else if (hit.value !== null) found.set(id, hit.value);
    }
    if (missing.length === 0) return found;
    const epoch = this.epoch;
    const loaded = await load(missing);
    const keep = this.canKeep(epoch);
    for (const id of missing) {
      const value = loaded.get(id) ?? null;
      if (value !== null) found.set(id, value);
      if (keep) this.entries.set(id, { value });
    }
    return found;
  }

  /**
   * A transaction's repositories whose commitment writes are tracked: the first one marks a write in progress, and
   * the written tickets are dropped again when the transaction has ended (committed or rolled back). Call `end`
   * exactly once, after the transaction settles.
   */
  trackTransaction(repos: Repositories): { repos: Repositories; end(): void } {
    const touched = new Set<number>();
    let begun = false;
    const touch = (ticketId: number) => {
      if (!begun) {
        begun = true;
        this.begin([]);
      }
      touched.add(ticketId);
      this.entries.delete(ticketId);
    };
    const inner = repos.commitments;
    const commitments: CommitmentRepository = {
      ...inner,
      // Reads inside the transaction must see its own writes: never from the cache.
      replace: (c) => (touch(c.ticketId), inner.replace(c)),
      cancelOpen: (ticketId, at, options) => (touch(ticketId), inner.cancelOpen(ticketId, at, options)),
      markMet: (ticketId, at) => (touch(ticketId), inner.markMet(ticketId, at)),
    };
    return {
      repos: { ...repos, commitments },
      end: () => {
        if (begun) this.end(touched);
      },
    };
  }
}

/** `inner` with its open-commitment reads answered through `cache` and its writes tracked by it. */
export function cachedCommitments(inner: CommitmentRepository, cache: CommitmentReadCache): CommitmentRepository {
  return {
    ...inner,
    findOpenByTicket: (ticketId) => cache.findOpen(ticketId, (id) => inner.findOpenByTicket(id)),
    findOpenByTickets: (ticketIds) => cache.findOpenMany(ticketIds, (ids) => inner.findOpenByTickets(ids)),
    replace: (c) => cache.write([c.ticketId], () => inner.replace(c)),
    cancelOpen: (ticketId, at, options) => cache.write([ticketId], () => inner.cancelOpen(ticketId, at, options)),
    markMet: (ticketId, at) => cache.write([ticketId], () => inner.markMet(ticketId, at)),
  };
}
