import type { PendingChange } from '@triage-assistant/shared';
import { PrioritySchema, TicketStatusSchema } from '../domain/shared-core';

/** What the agent is about to save, read through ZAF at save time. */
export function pendingChangeFrom(answer: Record<string, unknown>): PendingChange {
  const formId = Number(answer['ticket.form.id']);
  const priority = PrioritySchema.safeParse(answer['ticket.priority']);
  const status = TicketStatusSchema.safeParse(answer['ticket.status']);
  const text = typeof answer['comment.text'] === 'string' ? answer['comment.text'] : '';
  return {
    formId: Number.isInteger(formId) && formId > 0 ? formId : null,
    priority: priority.success ? priority.data : null,
    ...(status.success ? { status: status.data } : {}),
    comment: text.trim() === '' ? null : { public: answer['comment.type'] === 'publicReply', text },
  };
}
