import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * The one database schema, as Drizzle sees it. The SQL that creates it lives in `migrations/` (hand-written,
 * readable); the storage tests exercise every column through the repositories, so a drift between the two fails
 * them. Zendesk ids are bigints read as JS numbers (they stay below 2^53).
 */

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const zendeskId = (name: string) => bigint(name, { mode: 'number' });

/** A promise to the customer on a ticket; at most one open (neither cancelled nor met) per ticket. */
export const commitments = pgTable(
  'commitments',
  {
    id: text('id').primaryKey(),
    ticketId: zendeskId('ticket_id').notNull(),
    agentId: zendeskId('agent_id').notNull(),
    dueAt: instant('due_at').notNull(),
    note: text('note').notNull().default(''),
    createdAt: instant('created_at').notNull(),
    cancelledAt: instant('cancelled_at'),
    metAt: instant('met_at'),
  },
  (t) => [
    uniqueIndex('commitments_one_open_per_ticket').on(t.ticketId).where(sql`cancelled_at IS NULL AND met_at IS NULL`),
    index('commitments_agent').on(t.agentId, t.dueAt),
  ],
);

/** Reminders and their delivery: claimed by one scheduler, delivered to the inbox once, then read once. */
export const reminders = pgTable(
  'reminders',
  {
    id: text('id').primaryKey(),
    /** What created it (`commitment`, `sla`) and that thing's id. */
    source: text('source').notNull(),
    sourceId: text('source_id').notNull(),
    ticketId: zendeskId('ticket_id').notNull(),
    agentId: zendeskId('agent_id').notNull(),
    kind: text('kind').notNull(),
    dueAt: instant('due_at').notNull(),
    message: text('message').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: instant('created_at').notNull(),
    cancelledAt: instant('cancelled_at'),
    claimedBy: text('claimed_by'),
    claimedUntil: instant('claimed_until'),
    deliveredAt: instant('delivered_at'),
    readAt: instant('read_at'),
    /** Handed to an inbox poller until then, awaiting its acknowledgement (then `readAt`); after it, handed out again. */
    inboxLeasedUntil: instant('inbox_leased_until'),
  },
  (t) => [
    uniqueIndex('reminders_once').on(t.source, t.sourceId, t.kind, t.dueAt),
    index('reminders_due_undelivered').on(t.dueAt).where(sql`delivered_at IS NULL AND cancelled_at IS NULL`),
    index('reminders_inbox').on(t.agentId).where(sql`delivered_at IS NOT NULL AND read_at IS NULL`),
  ],
);

export const fixRuns = pgTable('fix_runs', {
  id: text('id').primaryKey(),
  idempotencyKey: text('idempotency_key').notNull().unique('fix_runs_idempotency_key'),
  ticketId: zendeskId('ticket_id').notNull(),
  agentId: zendeskId('agent_id').notNull(),
  /** running | succeeded | failed */
  state: text('state').notNull(),
  request: jsonb('request').$type<unknown>(),
  error: text('error'),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

/** The step journal: what each step did and what Zendesk answered. */
export const fixRunSteps = pgTable(
  'fix_run_steps',
  {
    runId: text('run_id')
      .notNull()
      .references(() => fixRuns.id, { onDelete: 'cascade' }),
    index: integer('index').notNull(),
    kind: text('kind').notNull(),
    description: text('description').notNull(),
    /** pending | running | done | skipped | failed */
    state: text('state').notNull(),
    detail: text('detail'),
    zendeskResponse: jsonb('zendesk_response').$type<unknown>(),
    startedAt: instant('started_at'),
    finishedAt: instant('finished_at'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.index] })],
);

/**
 * Webhook event ids already processed: a replay is rejected. An id is inserted in the same transaction as the event's
 * database effects, so a row means "its effects are committed" (rows written before that rule only mean "received").
 */
export const webhookEvents = pgTable('webhook_events', {
  eventId: text('event_id').primaryKey(),
  type: text('type').notNull(),
  receivedAt: instant('received_at').notNull(),
});

/** One first-reply-time outcome per ticket, for attainment reports. */
export const frtOutcomes = pgTable(
  'frt_outcomes',
  {
    ticketId: zendeskId('ticket_id').primaryKey(),
    priority: text('priority'),
    groupId: zendeskId('group_id'),
    met: boolean('met').notNull(),
    businessMinutes: integer('business_minutes'),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [index('frt_outcomes_recorded').on(t.recordedAt)],
);

export const schema = { commitments, reminders, fixRuns, fixRunSteps, webhookEvents, frtOutcomes };
