import { z } from 'zod';
import { InstantSchema, PrioritySchema, TextIdSchema } from '@triage-assistant/shared';

/**
 * The JSON body of our Zendesk webhook. Zendesk sends what the admin writes in the trigger's "Notify webhook" action,
 * with placeholders filled in as text, so every number and boolean arrives as a string and is coerced here.
 *
 * Trigger "Triage Assistant: public agent reply" (conditions: Comment is Public, Current user is (agent)):
 * ```json
 * {
 *   "eventId": "comment-{{ticket.id}}-{{ticket.latest_comment.id}}",
 *   "type": "comment_added",
 *   "occurredAt": "{{ticket.latest_comment.created_at_with_timestamp}}",
 *   "ticket": { "id": "{{ticket.id}}", "priority": "{{ticket.priority}}", "groupId": "{{ticket.group.id}}" },
 *   "comment": { "public": "{{ticket.latest_comment.is_public}}", "authorId": "{{current_user.id}}", "authorRole": "agent" }
 * }
 * ```
 * Trigger "Triage Assistant: end-user comment" (conditions: Comment is Public, Current user is (end user)) sends the
 * same body with `"authorRole": "end_user"` (and `"eventId": "comment-{{ticket.id}}-{{ticket.latest_comment.id}}"`):
 * an end-user comment after an agent reply starts the next-reply clock, so the ticket's SLA reminders are replanned.
 *
 * Trigger "Triage Assistant: ticket changed" (conditions, meet ANY: Priority changed, Status changed, Ticket form
 * changed, Organization changed, Assignee changed):
 * ```json
 * {
 *   "eventId": "changed-{{ticket.id}}-{{ticket.updated_at_with_timestamp}}",
 *   "type": "ticket_changed",
 *   "occurredAt": "{{ticket.updated_at_with_timestamp}}",
 *   "ticket": { "id": "{{ticket.id}}", "priority": "{{ticket.priority}}", "groupId": "{{ticket.group.id}}" },
 *   "current": {
 *     "status": "{{ticket.status}}", "formId": "{{ticket.ticket_form_id}}",
 *     "organizationId": "{{ticket.organization.id}}", "assigneeId": "{{ticket.assignee.id}}"
 *   }
 * }
 * ```
 * The service re-reads the ticket from Zendesk before replanning, so `current` is only logged (it is what the trigger
 * saw, and it cannot move a deadline). Two changes saved in the same second share an event id; the second is
 * answered 409, and the first's re-read usually already saw both. To remove the `SLA_WARNING_TAG` once the agent has
 * replied, add "Remove tags: sla_warning" to the public-agent-reply trigger.
 *
 * `frt_fulfilled` carries a ticket's first-reply outcome (`frt.met`, `frt.businessMinutes`); it is posted by a trigger
 * on the first public reply or by our own metric-event sync, with `eventId` = `frt-<ticket id>`.
 * Placeholder names marked in ZENDESK.md as unverified (`latest_comment.id`, `…created_at_with_timestamp`,
 * `…updated_at_with_timestamp`, `ticket_form_id`) and the "changed" conditions must be
 * checked against a live webhook before rollout. Empty placeholders (`""`) read as null.
 */
const blankToNull = (v: unknown) => (v === '' || v === '-' ? null : v);
const id = TextIdSchema;
const optionalId = z.preprocess(blankToNull, id.nullable()).default(null);
/** Ten years of minutes: no first reply takes longer, and the column is a 32-bit integer (3e9 used to answer 500). */
const MAX_BUSINESS_MINUTES = 10 * 366 * 24 * 60;
const businessMinutes = z.preprocess(
  (v) => (typeof v === 'string' && /^\d{1,10}$/.test(v) ? Number(v) : v),
  z
    .number({ error: 'expected a whole number of minutes' })
    .int({ error: 'expected a whole number of minutes' })
    .nonnegative({ error: 'expected a whole number of minutes' })
    .max(MAX_BUSINESS_MINUTES, { error: `must be at most ${MAX_BUSINESS_MINUTES} minutes (ten years)` }),
);
const bool = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

const TicketRefSchema = z.object({
  id,
  priority: z.preprocess((v) => (typeof v === 'string' ? blankToNull(v.toLowerCase()) : v), PrioritySchema.nullable()).default(null),
  groupId: optionalId,
});

const base = {
  eventId: z.string().min(1).max(200),
  occurredAt: InstantSchema,
  ticket: TicketRefSchema,
};

export const ZendeskWebhookEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('comment_added'),
    comment: z.object({ public: bool, authorId: optionalId, authorRole: z.enum(['agent', 'end_user', 'system']) }),
  }),
  z.object({
    ...base,
    type: z.literal('ticket_changed'),
    current: z
      .object({
        status: z.preprocess(blankToNull, z.string().max(40).nullable()).default(null),
        formId: optionalId,
        organizationId: optionalId,
        assigneeId: optionalId,
      })
      .optional(),
  }),
  z.object({
    ...base,
    type: z.literal('frt_fulfilled'),
    frt: z.object({ met: bool, businessMinutes: z.preprocess(blankToNull, businessMinutes.nullable()).default(null) }),
  }),
]);
export type ZendeskWebhookEvent = z.infer<typeof ZendeskWebhookEventSchema>;

export const WebhookAcceptedSchema = z.object({ accepted: z.literal(true), eventId: z.string(), effects: z.array(z.string()) });
