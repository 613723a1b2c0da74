import type { PendingChange } from '@triage-assistant/shared';
import { PrioritySchema, TicketStatusSchema } from '../domain/shared-core';

/** ZAF answers `''` for a ticket without priority; `-` is the agent UI's label for it. */
const NO_PRIORITY: unknown[] = ['', '-', null];

/** The priority about to be saved: `null` cleared, left out when ZAF did not tell (the guard then says nothing). */
function pendingPriority(value: unknown): Pick<PendingChange, 'priority'> {
  if (NO_PRIORITY.includes(value)) return { priority: null };
  const priority = PrioritySchema.safeParse(value);
  return priority.success ? { priority: priority.data } : {};
}

/** What the agent is about to save, read through ZAF at save time. */
export function pendingChangeFrom(answer: Record<string, unknown>): PendingChange {
  const formId = Number(answer['ticket.form.id']);
  const status = TicketStatusSchema.safeParse(answer['ticket.status']);
  const text = typeof answer['comment.text'] === 'string' ? answer['comment.text'] : '';
  return {
    formId: Number.isInteger(formId) && formId > 0 ? formId : null,
    ...pendingPriority(answer['ticket.priority']),
    ...(status.success ? { status: status.data } : {}),
    comment: text.trim() === '' ? null : { public: answer['comment.type'] === 'publicReply', text },
  };
}
