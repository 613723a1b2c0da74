import type { Priority, TicketSnapshot, TicketStatus } from '@triage-assistant/shared';
import type { ZafClient } from '../zaf/zaf-client';

// Not PrioritySchema: a value import from the shared barrel put zod and the bundled policy (~44 KB gzip) into the
// sidebar's blocking JS. The Record type keeps this list complete.
const PRIORITIES: Record<Priority, true> = { low: true, normal: true, high: true, urgent: true };
const isPriority = (v: unknown): v is Priority => typeof v === 'string' && Object.hasOwn(PRIORITIES, v);
const STATUSES: Record<TicketStatus, true> = { new: true, open: true, pending: true, hold: true, solved: true, closed: true };
const isStatus = (v: unknown): v is TicketStatus => typeof v === 'string' && Object.hasOwn(STATUSES, v);

/** The form, priority and status as saved in Zendesk, which ZAF's `get` (the agent's draft) does not tell apart. */
export interface SavedFields {
  formId: number | null;
  priority: TicketSnapshot['priority'];
  /** What the service checks a commitment against: a promise on a ticket solved in Zendesk is refused. */
  status: TicketStatus;
}

/**
 * The ticket's saved form, priority and status, read from Zendesk's REST API through ZAF (the agent's own session, no
 * service round trip). Why: after `ticket.updated` (someone else saved) ZAF's `get` still answers the agent's draft,
 * so taking it as the saved state would let an unsaved form change pass the guard. `null` when Zendesk's answer is
 * unreadable: the caller keeps the baseline it had.
 */
export async function readSavedFields(client: ZafClient, ticketId: number): Promise<SavedFields | null> {
  try {
    const response = await client.request({ url: `/api/v2/tickets/${ticketId}.json`, type: 'GET', httpCompleteResponse: true });
    const ticket = (response.responseJSON as { ticket?: { ticket_form_id?: unknown; priority?: unknown; status?: unknown } } | undefined)?.ticket;
    if (ticket === undefined) return null;
    const formId = ticket.ticket_form_id;
    const priority = ticket.priority ?? null;
    if (!(formId === null || formId === undefined || (typeof formId === 'number' && Number.isSafeInteger(formId)))) return null;
    if (!(priority === null || isPriority(priority))) return null;
    if (!isStatus(ticket.status)) return null;
    return { formId: formId ?? null, priority, status: ticket.status };
  } catch {
    return null;
  }
}
