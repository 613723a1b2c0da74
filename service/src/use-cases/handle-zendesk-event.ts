import { isFinishedStatus } from '@triage-assistant/shared';
import type { ZendeskWebhookEvent } from '../routes/webhooks/event-schema.js';
import type { Repositories, Storage } from '../storage/types.js';
import { COMMITMENT_SOURCE } from './commitments.js';

export interface ZendeskEventDeps {
  storage: Storage;
  /**
   * Replan the ticket's SLA reminders from a fresh Zendesk read; returns the effect line, the ticket's status as read
   * and, when a resource the plan needs is gone (the ticket's saved organization), what that left undone. Null when
   * Zendesk is not configured (the event's other effects still apply).
   */
  replanSla: ((ticketId: number) => Promise<{ effect: string; ticketStatus: string | null; skipped?: string }>) | null;
}

/**
 * `handled` with what it changed (for the response and the log), or `replayed`: the event was already processed.
 * `skipped`: why part of the event was not applied (a Zendesk resource it needed is gone), for a warning; also in
 * `effects`.
 */
export type ZendeskEventOutcome = { status: 'handled'; effects: string[]; skipped?: string } | { status: 'replayed' };

/**
 * Apply one verified webhook event, once:
 * - a public agent reply meets the ticket's open commitment (set before the reply) and cancels its pending reminders;
 * - any public comment and any `ticket_changed` replan the ticket's SLA reminders (an agent reply fulfils first reply, an
 *   end-user comment starts next reply, priority/form/organization/status/assignee move or stop the clocks);
 * - an FRT outcome is recorded once per ticket.
 *
 * What Zendesk no longer has is no reason for it to retry (the retry would get the same 404): the replan reads a
 * deleted ticket as `deleted`, a deleted requester as in no organization, and a deleted saved organization as
 * `skipped` with the ticket's status still read, so a solved ticket's commitment closes all the same.
 *
 * An event counts as processed only once its effects are committed: its id goes into `webhook_events` in the same
 * transaction as its database effects (commitment met and its reminders cancelled, FRT outcome), as that
 * transaction's first statement. So a delivery that fails or is cut off anywhere (handler error, database error,
 * process crash) leaves neither its id nor half of its effects, and Zendesk's retry runs it in full; and a second
 * delivery of the same event at the same time (Zendesk's retry racing a slow first attempt, another replica) waits on
 * that insert until the first transaction ends (PostgreSQL's primary key; PGlite runs one transaction at a time), then
 * finds the id and applies nothing, or takes over if the first rolled back.
 *
 * The SLA replan calls Zendesk, so it runs before that transaction and outside it. Inside, it would hold the
 * transaction (on PGlite: the whole database) across a Zendesk read that may wait out a Retry-After. After the commit,
 * a crash in between would leave the event processed and the replan lost. Before is safe because a replan is a
 * re-sync, not a delta: it replaces the ticket's pending SLA reminders with what Zendesk says now (in its own
 * transaction), so running it again for a retry, or twice for duplicates racing on two replicas, ends in the same
 * rows. An already processed event is refused before the replan, without a Zendesk call.
 */
export async function handleZendeskEvent(deps: ZendeskEventDeps, event: ZendeskWebhookEvent, receivedAt: Date): Promise<ZendeskEventOutcome> {
  if (await deps.storage.webhookEvents.isRecorded(event.eventId)) return { status: 'replayed' };
  // An internal note moves no reply clock. Without Zendesk there is nothing to re-read: the other effects still apply.
  const replans = event.type === 'ticket_changed' || (event.type === 'comment_added' && event.comment.public);
  let replanned: string[] = [];
  let ticketStatus: string | null = null;
  let skipped: string | undefined;
  if (replans && deps.replanSla !== null) {
    try {
      const replan = await deps.replanSla(event.ticket.id);
      replanned = [replan.effect];
      ticketStatus = replan.ticketStatus;
      skipped = replan.skipped;
    } catch (err) {
      // Zendesk retries a webhook only on some answers, and may not retry this one: a commitment met by the reply
      // must not wait for the Zendesk read. Its effects are applied now, without the event id (each is idempotent),
      // so a retry still finds the event new, replans, and records it.
      await deps.storage.transaction((tx) => applyDatabaseEffects(tx, event, null)).catch(() => undefined);
      throw err;
    }
  }
  const applied = await deps.storage.transaction(async (tx) => {
    if (!(await tx.webhookEvents.recordOnce(event.eventId, event.type, receivedAt))) return null;
    return applyDatabaseEffects(tx, event, ticketStatus);
  });
  if (applied === null) return { status: 'replayed' };
  return { status: 'handled', effects: [...applied, ...replanned], ...(skipped === undefined ? {} : { skipped }) };
}

/** Ends its open commitment: nothing more to promise on a solved, closed or deleted ticket. */
const endsCommitment = (status: string): boolean => isFinishedStatus(status) || status === 'deleted';

/**
 * The event's database effects, in the caller's transaction. Each is also idempotent on its own (met once, first FRT
 * wins, closed once). `ticketStatus`: the status Zendesk just gave for the ticket, `deleted` when it has none any more
 * (null: not read, e.g. without Zendesk credentials).
 */
async function applyDatabaseEffects(tx: Repositories, event: ZendeskWebhookEvent, ticketStatus: string | null): Promise<string[]> {
  const at = new Date(event.occurredAt);
  if (event.type === 'ticket_changed') {
    // A ticket solved without the promised update leaves its commitment open for ever: it would be "overdue" in the
    // agent's list and crowd the capped account-wide list the group at-risk view reads (so other groups' current ones
    // fell off it). The status is the fresh Zendesk read, not the trigger's `current.status` (a display name, which
    // may be translated).
    if (ticketStatus === null || !endsCommitment(ticketStatus)) return [];
    // Only a commitment set before the change: one set since (a new promise on a reopened ticket) stays.
    const closed = await tx.commitments.cancelOpen(event.ticket.id, at, { createdBy: at });
    if (closed === null) return [];
    const cancelled = await tx.reminders.cancelBySource(COMMITMENT_SOURCE, closed.id, at);
    return [`commitment ${closed.id} closed (ticket ${ticketStatus})`, `${cancelled} reminder(s) cancelled`];
  }
  if (event.type === 'comment_added') {
    if (!event.comment.public || event.comment.authorRole !== 'agent') return [];
    const met = await tx.commitments.markMet(event.ticket.id, at);
    if (met === null) return [];
    const cancelled = await tx.reminders.cancelBySource(COMMITMENT_SOURCE, met.id, at);
    return [`commitment ${met.id} met`, `${cancelled} reminder(s) cancelled`];
  }
  const recorded = await tx.frtOutcomes.record({
    ticketId: event.ticket.id,
    priority: event.ticket.priority,
    groupId: event.ticket.groupId,
    met: event.frt.met,
    businessMinutes: event.frt.businessMinutes,
    recordedAt: at,
  });
  return recorded ? [`frt outcome recorded (${event.frt.met ? 'met' : 'breached'})`] : [];
}
