import type { ZendeskWebhookEvent } from '../routes/webhooks/event-schema.js';
import type { Storage } from '../storage/types.js';
import { COMMITMENT_SOURCE } from './commitments.js';

export interface ZendeskEventDeps {
  storage: Storage;
  /**
   * Replan the ticket's SLA reminders from a fresh Zendesk read; returns the effect line. Null when Zendesk is not
   * configured (the event's other effects still apply).
   */
  replanSla: ((ticketId: number) => Promise<string>) | null;
}

/**
 * Apply one verified, first-seen webhook event. Returns what it changed (for the response and the log):
 * - a public agent reply meets the ticket's open commitment (set before the reply) and cancels its pending reminders;
 * - any public comment and any `ticket_changed` replan the ticket's SLA reminders (an agent reply fulfils first reply, an
 *   end-user comment starts next reply, priority/form/organization/status/assignee move or stop the clocks);
 * - an FRT outcome is recorded once per ticket.
 * A failed replan throws, so the route forgets the event id and Zendesk's retry runs it again (the commitment part
 * is idempotent: a met commitment is not met twice).
 */
export async function handleZendeskEvent(deps: ZendeskEventDeps, event: ZendeskWebhookEvent): Promise<string[]> {
  const at = new Date(event.occurredAt);
  // Without Zendesk there is nothing to re-read: the event's other effects still apply.
  const replan = async (): Promise<string[]> => (deps.replanSla === null ? [] : [await deps.replanSla(event.ticket.id)]);
  if (event.type === 'ticket_changed') return replan();
  if (event.type === 'comment_added') {
    const effects: string[] = [];
    if (event.comment.public && event.comment.authorRole === 'agent') {
      effects.push(
        ...(await deps.storage.transaction(async (tx) => {
          const met = await tx.commitments.markMet(event.ticket.id, at);
          if (met === null) return [];
          const cancelled = await tx.reminders.cancelBySource(COMMITMENT_SOURCE, met.id, at);
          return [`commitment ${met.id} met`, `${cancelled} reminder(s) cancelled`];
        })),
      );
    }
    // An internal note moves no reply clock.
    return event.comment.public ? [...effects, ...(await replan())] : effects;
  }
  const recorded = await deps.storage.frtOutcomes.record({
    ticketId: event.ticket.id,
    priority: event.ticket.priority,
    groupId: event.ticket.groupId,
    met: event.frt.met,
    businessMinutes: event.frt.businessMinutes,
    recordedAt: at,
  });
  return recorded ? [`frt outcome recorded (${event.frt.met ? 'met' : 'breached'})`] : [];
}
