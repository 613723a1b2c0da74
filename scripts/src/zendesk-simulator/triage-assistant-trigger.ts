import type { ZendeskSimulator } from './model.js';
import type { WebhookEvent } from './webhook-events.js';

/**
 * The trigger the README asks Zendesk admins to create for the service ("Triage Assistant: public agent reply";
 * conditions: comment is public, current user is an agent): on those comments it posts the JSON template of
 * service/src/routes/webhooks/event-schema.ts, with every placeholder rendered as text as Zendesk does. Other
 * events fire no trigger, so nothing is sent for them.
 */
export function renderTriageAssistantTrigger(event: WebhookEvent, sim: ZendeskSimulator): string | null {
  if (event.type !== 'ticket.comment_added' || !event.detail.public) return null;
  const author = safe(() => sim.getUser(event.detail.author_id));
  if (author === null || (author.role !== 'agent' && author.role !== 'admin')) return null;
  const ticket = sim.getTicket(event.detail.ticket_id);
  return JSON.stringify({
    eventId: `comment-${ticket.id}-${event.detail.comment_id}`,
    type: 'comment_added',
    occurredAt: event.time,
    ticket: { id: String(ticket.id), priority: ticket.priority ?? '', groupId: ticket.group_id == null ? '' : String(ticket.group_id) },
    comment: { public: 'true', authorId: String(author.id), authorRole: 'agent' },
  });
}

function safe<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}
