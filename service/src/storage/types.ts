import type { FixRun, FixRunStep } from '@triage-assistant/shared';

/**
 * Storage ports. Use cases depend on these interfaces; `openStorage()` returns the PostgreSQL implementation (PGlite
 * embedded or a `pg` pool). All instants are `Date`s, except in fix runs, which come back in the HTTP contract's
 * shape (`FixRun`, ISO strings) because routes return them as they are.
 */

export interface CommitmentRecord {
  id: string;
  ticketId: number;
  agentId: number;
  dueAt: Date;
  note: string;
  createdAt: Date;
  cancelledAt: Date | null;
  metAt: Date | null;
}

export interface CommitmentRepository {
  /** The ticket's open commitment (neither cancelled nor met), if any. */
  findOpenByTicket(ticketId: number): Promise<CommitmentRecord | null>;
  /** The open commitments of `ticketIds`, by ticket id (tickets without one are absent); one query for a batch. */
  findOpenByTickets(ticketIds: readonly number[]): Promise<Map<number, CommitmentRecord>>;
  /** Insert `commitment` as the ticket's open one, cancelling the previous open one (returned as `replaced`). */
  replace(commitment: Omit<CommitmentRecord, 'cancelledAt' | 'metAt'>): Promise<{ commitment: CommitmentRecord; replaced: CommitmentRecord | null }>;
  /** Cancel the ticket's open commitment (`createdBy`: only one set at or before then); null when none qualifies. */
  cancelOpen(ticketId: number, at: Date, options?: { createdBy?: Date }): Promise<CommitmentRecord | null>;
  /** Mark the ticket's open commitment met at `at` (only if it was set before `at`); null when none qualifies. */
  markMet(ticketId: number, at: Date): Promise<CommitmentRecord | null>;
  /**
   * The agent's open commitments plus those met or cancelled since `since`, soonest due first; a cancelled one the same
   * agent replaced (`replace`) is left out: the newer one stands for it.
   */
  listForAgent(agentId: number, since: Date): Promise<CommitmentRecord[]>;
  /** Every open commitment due before `before` (overdue and due soon), soonest first; at most `limit` (500). */
  listOpenDueBefore(before: Date, limit?: number): Promise<CommitmentRecord[]>;
}

export interface NewReminder {
  id: string;
  source: string;
  sourceId: string;
  ticketId: number;
  agentId: number;
  kind: string;
  dueAt: Date;
  message: string;
  payload?: Record<string, unknown>;
  createdAt: Date;
}

export interface ReminderRecord extends Required<NewReminder> {
  cancelledAt: Date | null;
  claimedBy: string | null;
  claimedUntil: Date | null;
  deliveredAt: Date | null;
  readAt: Date | null;
}

export interface ReminderRepository {
  /**
   * Insert reminders. One that already exists (same source, ticket, kind and due time) is revived and updated if it
   * was not delivered yet, and left alone if it was: a reminder is delivered at most once.
   */
  schedule(reminders: NewReminder[]): Promise<void>;
  /** Cancel the source's reminders that nobody has read yet; returns how many. */
  cancelBySource(source: string, sourceId: string, at: Date): Promise<number>;
  /**
   * Cancel the source's reminders not delivered yet; returns how many. For replanning: a delivered reminder stays in
   * the agent's inbox until read, and scheduling the same instant again revives a cancelled pending one.
   */
  cancelPendingBySource(source: string, sourceId: string, at: Date): Promise<number>;
  /**
   * Claim up to `limit` due, undelivered, uncancelled reminders for `workerId` for `leaseMs` (`FOR UPDATE SKIP
   * LOCKED`: concurrent schedulers get disjoint sets; an expired claim can be taken over).
   */
  claimDue(now: Date, limit: number, workerId: string, leaseMs?: number): Promise<ReminderRecord[]>;
  /** Mark delivered if still claimed by `workerId` and undelivered; false means another worker did it. */
  markDelivered(id: string, workerId: string, at: Date): Promise<boolean>;
  /** The agent's delivered, unread reminders, marked read in the same statement (each is returned once). */
  takeInbox(agentId: number, at: Date, limit?: number): Promise<ReminderRecord[]>;
  /**
   * The agent's delivered, unread reminders not handed to a poller in the last `leaseMs`, each now handed out until
   * `at + leaseMs`: returned again after that unless acknowledged (`ackInbox`). At-least-once, where `takeInbox` is
   * at-most-once.
   */
  leaseInbox(agentId: number, at: Date, leaseMs: number, limit?: number): Promise<ReminderRecord[]>;
  /** Marks the agent's reminders among `ids` read; returns how many were unread (another agent's ids are ignored). */
  ackInbox(agentId: number, ids: readonly string[], at: Date): Promise<number>;
  get(id: string): Promise<ReminderRecord | null>;
}

export interface StoredFixRun extends FixRun {
  idempotencyKey: string;
  request: unknown;
}

export interface FixRunRepository {
  /** Create the run, or return the existing one for the same idempotency key (`created: false`). */
  create(run: {
    id: string;
    idempotencyKey: string;
    ticketId: number;
    agentId: number;
    request: unknown;
    steps: { kind: string; description: string }[];
    at: Date;
  }): Promise<{ run: StoredFixRun; created: boolean }>;
  get(id: string): Promise<StoredFixRun | null>;
  getByIdempotencyKey(key: string): Promise<StoredFixRun | null>;
  updateStep(
    runId: string,
    index: number,
    patch: {
      state: FixRunStep['state'];
      detail?: string | null;
      zendeskResponse?: unknown;
      startedAt?: Date | null;
      finishedAt?: Date | null;
    },
    at: Date,
  ): Promise<void>;
  /** Set the run's final state; `running` (with a null error) reopens a failed run that is being resumed. */
  finish(runId: string, state: FixRun['state'], error: string | null, at: Date): Promise<void>;
  /** Zendesk's recorded answer for a step (the journal), or undefined. */
  stepResponse(runId: string, index: number): Promise<unknown>;
}

/**
 * Webhook event ids whose effects are committed. Record an id in the transaction that applies the event's effects, as
 * its first statement: a rolled-back (or never committed) transaction leaves the id free for Zendesk's retry, and a
 * concurrent transaction recording the same id waits for this one to end, then finds it recorded (false) or, if it
 * rolled back, records it itself.
 */
export interface WebhookEventRepository {
  /** Record the event id; false when it was already recorded (a replay). */
  recordOnce(eventId: string, type: string, receivedAt: Date): Promise<boolean>;
  /** Whether the id is recorded (committed); a cheap check before work that a replay should not repeat. */
  isRecorded(eventId: string): Promise<boolean>;
}

export interface FrtOutcome {
  ticketId: number;
  priority: string | null;
  groupId: number | null;
  met: boolean;
  businessMinutes: number | null;
  recordedAt: Date;
}

export interface FrtOutcomeRepository {
  /** Record a ticket's first-reply outcome; false when the ticket already has one (first wins). */
  record(outcome: FrtOutcome): Promise<boolean>;
  /** Outcomes recorded in [from, to), optionally for one group. */
  list(query: { from: Date; to: Date; groupId?: number }): Promise<FrtOutcome[]>;
}

export interface Repositories {
  commitments: CommitmentRepository;
  reminders: ReminderRepository;
  fixRuns: FixRunRepository;
  webhookEvents: WebhookEventRepository;
  frtOutcomes: FrtOutcomeRepository;
}

export interface Storage extends Repositories {
  readonly driver: 'pglite' | 'pg';
  /** Run `fn` in one transaction with repositories bound to it. */
  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Throws when the database cannot answer (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
