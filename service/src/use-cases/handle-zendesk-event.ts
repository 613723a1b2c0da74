import type { ZendeskWebhookEvent } from '../routes/webhooks/event-schema.js';
import type { Storage } from '../storage/types.js';
import { COMMITMENT_SOURCE } from './commitments.js';

/**
 * Apply one verified, first-seen webhook event. Returns what it changed (for the response and the log):
 * - a public agent reply meets the ticket's open commitment (set before the reply) and cancels its pending reminders;
 * - an FRT outcome is recorded once per ticket.
 */
export async function handleZendeskEvent(deps: { storage: Storage }, event: ZendeskWebhookEvent): Promise<string[]> {
  const at = new Date(event.occurredAt);
  if (event.type === 'comment_added') {
    if (!event.comment.public || event.comment.authorRole !== 'agent') return [];
    return deps.storage.transaction(async (tx) => {
      const met = await tx.commitments.markMet(event.ticket.id, at);
      if (met === null) return [];
      const cancelled = await tx.reminders.cancelBySource(COMMITMENT_SOURCE, met.id, at);
      return [`commitment ${met.id} met`, `${cancelled} reminder(s) cancelled`];
    });
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
