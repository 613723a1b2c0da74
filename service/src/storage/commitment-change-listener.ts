/**
 * Keeps a replica's {@link CommitmentReadCache} coherent with the other replicas' writes: migration 0002's trigger
 * sends `NOTIFY triage_commitments, '<schema>:<ticket_id>'` when a commitment change commits, and this listener,
 * on a connection of its own, drops that ticket from the cache.
 *
 * The cache is on only while notifications are known to arrive: after `LISTEN`, a probe notification must come back
 * within `probeTimeoutMs` (a pooler in transaction mode, such as PgBouncer's, accepts `LISTEN` and never delivers),
 * and again every `heartbeatMs` (a silently dead connection would otherwise lose notifications unseen).
 * When the connection drops, the cache is disabled at once (every read goes to the database) and the listener
 * reconnects with exponential backoff; it enables the cache again, empty, once a probe has come back.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { CommitmentReadCache } from './commitment-read-cache.js';

export const COMMITMENT_CHANNEL = 'triage_commitments';

export interface ListenerEvents {
  /** The cache is on (notifications verified) or off (connection lost, or notifications never arrive). */
  onState?(state: { caching: boolean; reason: string }): void;
}

export interface CommitmentChangeListenerOptions extends ListenerEvents {
  connectionString: string;
  /** The schema whose `commitments` table this replica reads (payloads name it). */
  schema: string;
  cache: CommitmentReadCache;
  /** Send a notification on another connection (the pool), as a write would. */
  notify(payload: string): Promise<void>;
  probeTimeoutMs?: number;
  /** How often a verified connection is probed again (ms, default 5 s): bounds how long a silent failure goes unseen. */
  heartbeatMs?: number;
  /** Reconnect backoff (ms). */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface CommitmentChangeListener {
  /** Resolves once the first connection attempt has settled (cache on or off). */
  ready: Promise<void>;
  close(): Promise<void>;
}

class ProbeFailed extends Error {}

/** `application_name` of a replica's listening connection. */
export function listenerName(schema: string): string {
  return `triage-commitments:${schema}`.slice(0, 63);
}

export function listenForCommitmentChanges(options: CommitmentChangeListenerOptions): CommitmentChangeListener {
  const { cache, schema } = options;
  const prefix = `${schema}:`;
  const abort = new AbortController();
  let client: pg.Client | null = null;
  let probe: { id: string; arrived(): void } | null = null;
  let closed = false;
  let reported: string | null = null;

  const state = (caching: boolean, reason: string) => {
    if (caching) cache.enable();
    else cache.disable();
    // Report transitions, not every retry of the same failure.
    if (reported !== reason) options.onState?.({ caching, reason });
    reported = reason;
  };

  const onNotification = (msg: pg.Notification) => {
    if (msg.channel !== COMMITMENT_CHANNEL || msg.payload === undefined || !msg.payload.startsWith(prefix)) return;
    const rest = msg.payload.slice(prefix.length);
    if (probe !== null && rest === probe.id) return probe.arrived();
    const ticketId = Number(rest);
    if (Number.isSafeInteger(ticketId)) cache.invalidate(ticketId);
  };

  /** Sends a probe through `notify` and resolves whether it came back on the listening connection in time. */
  async function roundTrip(): Promise<boolean> {
    const id = `probe:${randomUUID()}`;
    const arrived = new Promise<boolean>((resolve) => {
      probe = { id, arrived: () => resolve(true) };
      setTimeout(() => resolve(false), options.probeTimeoutMs ?? 2000).unref();
    });
    try {
      await options.notify(`${prefix}${id}`);
      return await arrived;
    } finally {
      probe = null;
    }
  }

  /**
   * One connection: connect, LISTEN, verify with a probe, enable the cache, then probe again every `heartbeatMs`;
   * resolves when the connection ends or a probe is missing (a silent network failure would otherwise leave the
   * cache on while notifications are lost).
   */
  async function session(verified: () => void): Promise<void> {
    // Named, so operators (and the tests) can tell these connections apart in pg_stat_activity.
    const c = new pg.Client({ connectionString: options.connectionString, application_name: listenerName(schema) });
    client = c;
    let ended = false;
    const end = new Promise<void>((resolve) => {
      const done = () => {
        ended = true;
        resolve();
      };
      c.once('end', done);
      // Not once: pg may emit more than one error for a dying connection, and an unheard one would crash the process.
      c.on('error', done);
    });
    try {
      await c.connect();
      c.on('notification', onNotification);
      await c.query(`LISTEN ${COMMITMENT_CHANNEL}`);
      if (!(await roundTrip())) throw new ProbeFailed();
    } catch (err) {
      await c.end().catch(() => undefined);
      throw err;
    }
    verified();
    while (!ended && !closed) {
      await Promise.race([end, sleep(options.heartbeatMs ?? 5000, undefined, { signal: abort.signal }).catch(() => undefined)]);
      if (ended || closed) break;
      if (!(await roundTrip().catch(() => false))) {
        cache.disable(); // at once: changes may have been missed since the last good probe
        await c.end().catch(() => undefined);
        break;
      }
    }
  }

  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  async function run(): Promise<void> {
    const initial = options.initialDelayMs ?? 1000;
    let delay = initial;
    // Until a probe has come back, every read goes to the database.
    cache.disable();
    while (!closed) {
      let wasVerified = false;
      let failure = 'cannot listen for commitment changes: reading commitments from the database';
      try {
        await session(() => {
          wasVerified = true;
          delay = initial;
          state(true, 'listening for commitment changes: open-commitment reads are cached');
          markReady();
        });
        failure = 'the commitment-change connection ended: reading commitments from the database until it is back';
      } catch (err) {
        if (err instanceof ProbeFailed) {
          failure = 'LISTEN/NOTIFY does not deliver on this connection (a pooler in transaction mode?): commitment reads are not cached';
        }
      }
      if (closed) break;
      state(false, failure);
      markReady();
      const wait = wasVerified ? initial : delay;
      if (!wasVerified) delay = Math.min(delay * 2, options.maxDelayMs ?? 30_000);
      await sleep(wait, undefined, { signal: abort.signal }).catch(() => undefined);
    }
    markReady();
  }
  void run();

  return {
    ready,
    async close() {
      closed = true;
      abort.abort();
      cache.disable();
      await client?.end().catch(() => undefined);
    },
  };
}
