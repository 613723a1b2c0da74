import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, lte, ne, notExists, or, sql, type SQL } from 'drizzle-orm';
import { alias, type PgDatabase } from 'drizzle-orm/pg-core';
import type { FixRunStep } from '@triage-assistant/shared';
import { commitments, fixRunSteps, fixRuns, frtOutcomes, reminders, schema, webhookEvents } from './schema.js';
import type {
  CommitmentRecord,
  CommitmentRepository,
  FixRunRepository,
  FrtOutcomeRepository,
  ReminderRecord,
  ReminderRepository,
  Repositories,
  StoredFixRun,
  WebhookEventRepository,
} from './types.js';

// Both drivers (PGlite, node-postgres) and their transactions are PgDatabase subclasses; only the query-result type
// differs, which these repositories never look at.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = PgDatabase<any, typeof schema>;

const open = and(isNull(commitments.cancelledAt), isNull(commitments.metAt));

function commitmentRepository(db: Db): CommitmentRepository {
  return {
    async findOpenByTicket(ticketId) {
      const [row] = await db.select().from(commitments).where(and(eq(commitments.ticketId, ticketId), open));
      return row ?? null;
    },
    async findOpenByTickets(ticketIds) {
      if (ticketIds.length === 0) return new Map();
      const rows = await db
        .select()
        .from(commitments)
        // One array parameter (not an IN list of up to 500): the same statement text for every batch size.
        .where(and(sql`${commitments.ticketId} = ANY(${sql.param([...ticketIds])}::bigint[])`, open));
      return new Map(rows.map((row) => [row.ticketId, row]));
    },
    async replace(c) {
      const [replaced] = await db
        .update(commitments)
        .set({ cancelledAt: c.createdAt })
        .where(and(eq(commitments.ticketId, c.ticketId), open))
        .returning();
      const [row] = await db.insert(commitments).values(c).returning();
      if (row === undefined) throw new Error('insert returned no row');
      return { commitment: row, replaced: replaced ?? null };
    },
    async cancelOpen(ticketId, at, options = {}) {
      const createdBy = options.createdBy === undefined ? undefined : lte(commitments.createdAt, options.createdBy);
      const [row] = await db
        .update(commitments)
        .set({ cancelledAt: at })
        .where(and(eq(commitments.ticketId, ticketId), open, createdBy))
        .returning();
      return row ?? null;
    },
    async markMet(ticketId, at) {
      const [row] = await db
        .update(commitments)
        .set({ metAt: at })
        .where(and(eq(commitments.ticketId, ticketId), open, lte(commitments.createdAt, at)))
        .returning();
      return row ?? null;
    },
    async listForAgent(agentId, since) {
      // A commitment the same agent replaced (PUT sets the old one's `cancelled_at` to the new one's `created_at`) is
      // that agent's edit, not a cancellation: only the newer one is listed. One replaced by another agent stays, so
      // its agent sees it was taken over.
      const newer = alias(commitments, 'newer');
      const replacedByOwn = db
        .select({ one: sql`1` })
        .from(newer)
        .where(
          and(
            eq(newer.ticketId, commitments.ticketId),
            eq(newer.agentId, commitments.agentId),
            eq(newer.createdAt, commitments.cancelledAt),
            ne(newer.id, commitments.id),
          ),
        );
      return db
        .select()
        .from(commitments)
        .where(
          and(
            eq(commitments.agentId, agentId),
            or(open, gte(commitments.metAt, since), and(gte(commitments.cancelledAt, since), notExists(replacedByOwn))),
          ),
        )
        .orderBy(asc(commitments.dueAt));
    },
    async listOpenDueBefore(before, limit = 500) {
      return db
        .select()
        .from(commitments)
        .where(and(open, lt(commitments.dueAt, before)))
        .orderBy(asc(commitments.dueAt))
        .limit(limit);
    },
  };
}

function reminderRepository(db: Db): ReminderRepository {
  const toRecord = (row: typeof reminders.$inferSelect): ReminderRecord => row;
  /** Cancel the source's live reminders whose `untouched` column is still null; returns how many. */
  const cancelWhere = async (
    source: string,
    sourceId: string,
    at: Date,
    untouched: typeof reminders.readAt | typeof reminders.deliveredAt,
  ): Promise<number> => {
    const rows = await db
      .update(reminders)
      .set({ cancelledAt: at })
      .where(and(eq(reminders.source, source), eq(reminders.sourceId, sourceId), isNull(reminders.cancelledAt), isNull(untouched)))
      .returning({ id: reminders.id });
    return rows.length;
  };
  /**
   * Sets `set` on the agent's delivered, unread, live reminders that `admit` also admits (oldest due first, at most
   * `limit`, rows another statement holds skipped), and returns them in due order.
   */
  const updateInbox = async (agentId: number, limit: number, set: Partial<typeof reminders.$inferInsert>, admit?: SQL): Promise<ReminderRecord[]> => {
    const inbox = db
      .select({ id: reminders.id })
      .from(reminders)
      .where(
        and(eq(reminders.agentId, agentId), isNotNull(reminders.deliveredAt), isNull(reminders.readAt), isNull(reminders.cancelledAt), admit),
      )
      .orderBy(asc(reminders.dueAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    const rows = await db.update(reminders).set(set).where(inArray(reminders.id, inbox)).returning();
    return rows.map(toRecord).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  };
  return {
    async schedule(list) {
      if (list.length === 0) return;
      await db
        .insert(reminders)
        .values(list.map((r) => ({ ...r, payload: r.payload ?? {} })))
        .onConflictDoUpdate({
          target: [reminders.source, reminders.sourceId, reminders.kind, reminders.dueAt],
          set: {
            agentId: sql`excluded.agent_id`,
            message: sql`excluded.message`,
            payload: sql`excluded.payload`,
            cancelledAt: null,
          },
          // A delivered reminder stays delivered: scheduling it again must not send it twice.
          setWhere: isNull(reminders.deliveredAt),
        });
    },
    // Cancelling for the agent (unread rows) and replanning (undelivered rows) differ only in which rows are left.
    cancelBySource: (source, sourceId, at) => cancelWhere(source, sourceId, at, reminders.readAt),
    cancelPendingBySource: (source, sourceId, at) => cancelWhere(source, sourceId, at, reminders.deliveredAt),
    async claimDue(now, limit, workerId, leaseMs = 60_000) {
      const due = db
        .select({ id: reminders.id })
        .from(reminders)
        .where(
          and(
            isNull(reminders.deliveredAt),
            isNull(reminders.cancelledAt),
            lte(reminders.dueAt, now),
            or(isNull(reminders.claimedUntil), lt(reminders.claimedUntil, now)),
          ),
        )
        .orderBy(asc(reminders.dueAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      const rows = await db
        .update(reminders)
        .set({ claimedBy: workerId, claimedUntil: new Date(now.getTime() + leaseMs) })
        .where(inArray(reminders.id, due))
        .returning();
      return rows.map(toRecord).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    },
    async markDelivered(id, workerId, at) {
      const rows = await db
        .update(reminders)
        .set({ deliveredAt: at })
        .where(
          // A reminder cancelled after it was claimed (commitment met, SLA replanned) is not delivered.
          and(eq(reminders.id, id), eq(reminders.claimedBy, workerId), isNull(reminders.deliveredAt), isNull(reminders.cancelledAt)),
        )
        .returning({ id: reminders.id });
      return rows.length === 1;
    },
    takeInbox: (agentId, at, limit = 100) => updateInbox(agentId, limit, { readAt: at }),
    leaseInbox: (agentId, at, leaseMs, limit = 100) => {
      const free = or(isNull(reminders.inboxLeasedUntil), lte(reminders.inboxLeasedUntil, at));
      return updateInbox(agentId, limit, { inboxLeasedUntil: new Date(at.getTime() + leaseMs) }, free);
    },
    async ackInbox(agentId, ids, at) {
      if (ids.length === 0) return 0;
      const rows = await db
        .update(reminders)
        .set({ readAt: at })
        .where(and(eq(reminders.agentId, agentId), inArray(reminders.id, [...ids]), isNotNull(reminders.deliveredAt), isNull(reminders.readAt)))
        .returning({ id: reminders.id });
      return rows.length;
    },
    async get(id) {
      const [row] = await db.select().from(reminders).where(eq(reminders.id, id));
      return row ?? null;
    },
  };
}

function fixRunRepository(db: Db): FixRunRepository {
  async function load(where: ReturnType<typeof eq>): Promise<StoredFixRun | null> {
    const [run] = await db.select().from(fixRuns).where(where);
    if (run === undefined) return null;
    const steps = await db.select().from(fixRunSteps).where(eq(fixRunSteps.runId, run.id)).orderBy(asc(fixRunSteps.index));
    return {
      id: run.id,
      idempotencyKey: run.idempotencyKey,
      ticketId: run.ticketId,
      agentId: run.agentId,
      state: run.state as StoredFixRun['state'],
      request: run.request,
      error: run.error,
      createdAt: run.createdAt.toISOString(),
      updatedAt: run.updatedAt.toISOString(),
      steps: steps.map((s) => ({
        index: s.index,
        kind: s.kind,
        description: s.description,
        state: s.state as FixRunStep['state'],
        detail: s.detail,
        startedAt: s.startedAt?.toISOString() ?? null,
        finishedAt: s.finishedAt?.toISOString() ?? null,
      })),
    };
  }
  return {
    async create(input) {
      const inserted = await db
        .insert(fixRuns)
        .values({
          id: input.id,
          idempotencyKey: input.idempotencyKey,
          ticketId: input.ticketId,
          agentId: input.agentId,
          state: 'running',
          request: input.request,
          error: null,
          createdAt: input.at,
          updatedAt: input.at,
        })
        .onConflictDoNothing({ target: fixRuns.idempotencyKey })
        .returning({ id: fixRuns.id });
      if (inserted.length === 0) {
        const existing = await load(eq(fixRuns.idempotencyKey, input.idempotencyKey));
        if (existing === null) throw new Error(`fix run for key ${input.idempotencyKey} vanished`);
        return { run: existing, created: false };
      }
      if (input.steps.length > 0) {
        await db.insert(fixRunSteps).values(
          input.steps.map((s, index) => ({ runId: input.id, index, kind: s.kind, description: s.description, state: 'pending' })),
        );
      }
      const run = await load(eq(fixRuns.id, input.id));
      if (run === null) throw new Error(`fix run ${input.id} vanished`);
      return { run, created: true };
    },
    get: (id) => load(eq(fixRuns.id, id)),
    getByIdempotencyKey: (key) => load(eq(fixRuns.idempotencyKey, key)),
    async updateStep(runId, index, patch, at) {
      await db
        .update(fixRunSteps)
        .set({
          state: patch.state,
          ...(patch.detail !== undefined && { detail: patch.detail }),
          ...(patch.zendeskResponse !== undefined && { zendeskResponse: patch.zendeskResponse }),
          ...(patch.startedAt !== undefined && { startedAt: patch.startedAt }),
          ...(patch.finishedAt !== undefined && { finishedAt: patch.finishedAt }),
        })
        .where(and(eq(fixRunSteps.runId, runId), eq(fixRunSteps.index, index)));
      await db.update(fixRuns).set({ updatedAt: at }).where(eq(fixRuns.id, runId));
    },
    async finish(runId, state, error, at) {
      await db.update(fixRuns).set({ state, error, updatedAt: at }).where(eq(fixRuns.id, runId));
    },
    async stepResponse(runId, index) {
      const [row] = await db
        .select({ r: fixRunSteps.zendeskResponse })
        .from(fixRunSteps)
        .where(and(eq(fixRunSteps.runId, runId), eq(fixRunSteps.index, index)));
      return row?.r ?? undefined;
    },
  };
}

function webhookEventRepository(db: Db): WebhookEventRepository {
  return {
    async recordOnce(eventId, type, receivedAt) {
      const rows = await db
        .insert(webhookEvents)
        .values({ eventId, type, receivedAt })
        .onConflictDoNothing()
        .returning({ id: webhookEvents.eventId });
      return rows.length === 1;
    },
    async isRecorded(eventId) {
      const rows = await db.select({ id: webhookEvents.eventId }).from(webhookEvents).where(eq(webhookEvents.eventId, eventId));
      return rows.length === 1;
    },
  };
}

function frtOutcomeRepository(db: Db): FrtOutcomeRepository {
  return {
    async record(outcome) {
      const rows = await db.insert(frtOutcomes).values(outcome).onConflictDoNothing().returning({ id: frtOutcomes.ticketId });
      return rows.length === 1;
    },
    async list({ from, to, groupId }) {
      return db
        .select()
        .from(frtOutcomes)
        .where(
          and(
            gte(frtOutcomes.recordedAt, from),
            lt(frtOutcomes.recordedAt, to),
            groupId === undefined ? undefined : eq(frtOutcomes.groupId, groupId),
          ),
        )
        .orderBy(asc(frtOutcomes.recordedAt));
    },
  };
}

export function repositories(db: Db): Repositories {
  return {
    commitments: commitmentRepository(db),
    reminders: reminderRepository(db),
    fixRuns: fixRunRepository(db),
    webhookEvents: webhookEventRepository(db),
    frtOutcomes: frtOutcomeRepository(db),
  };
}

export type { CommitmentRecord };
