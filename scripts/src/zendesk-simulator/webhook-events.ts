/**
 * The ticket events the simulator sends to the service, and how they are signed.
 *
 * Body (JSON): `{ id, type, time, detail: { ticket_id, ... } }`
 * - `id`: a UUID per event (the service de-duplicates on it; Zendesk retries deliveries);
 * - `time`: ISO-8601 instant of the change (simulator clock);
 * - `detail.ticket_id` always; then per type:
 *   - `ticket.comment_added`: `comment_id`, `author_id`, `public`, `via_channel` (`rule` for trigger comments);
 *   - `ticket.priority_changed` / `ticket.form_changed` / `ticket.organization_changed` / `ticket.status_changed`:
 *     `previous`, `current` (priority string, form id, organization id, status; `null` when unset).
 *
 * Signature, as Zendesk signs webhooks (ZENDESK.md §4.11): headers `X-Zendesk-Webhook-Signature` =
 * base64(HMAC-SHA256(key = signing secret as UTF-8, message = timestamp + raw body)) and
 * `X-Zendesk-Webhook-Signature-Timestamp` = the timestamp (ISO-8601, second precision).
 *
 * The body shape is the simulator's own (Zendesk's event-subscribed webhooks use a different envelope); the service
 * may import `WebhookEventSchema` from here, or the schema can move into shared/src/schemas when it becomes part of
 * the service's public contract.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

const TicketId = z.number().int().positive();

export const WEBHOOK_EVENT_TYPES = [
  'ticket.comment_added',
  'ticket.priority_changed',
  'ticket.form_changed',
  'ticket.organization_changed',
  'ticket.status_changed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const base = { id: z.uuid(), time: z.iso.datetime({ offset: true }) };
const change = <T extends z.ZodType>(value: T) =>
  z.object({ ticket_id: TicketId, previous: value.nullable(), current: value.nullable() });

export const WebhookEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('ticket.comment_added'),
    detail: z.object({
      ticket_id: TicketId,
      comment_id: z.number().int().positive(),
      author_id: z.number().int(),
      public: z.boolean(),
      via_channel: z.string(),
    }),
  }),
  z.object({ ...base, type: z.literal('ticket.priority_changed'), detail: change(z.enum(['low', 'normal', 'high', 'urgent'])) }),
  z.object({ ...base, type: z.literal('ticket.form_changed'), detail: change(z.number().int().positive()) }),
  z.object({ ...base, type: z.literal('ticket.organization_changed'), detail: change(z.number().int().positive()) }),
  z.object({
    ...base,
    type: z.literal('ticket.status_changed'),
    detail: change(z.enum(['new', 'open', 'pending', 'hold', 'solved', 'closed'])),
  }),
]);
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

export const SIGNATURE_HEADER = 'X-Zendesk-Webhook-Signature';
export const TIMESTAMP_HEADER = 'X-Zendesk-Webhook-Signature-Timestamp';

/** base64(HMAC-SHA256(secret, timestamp + body)). */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(timestamp + body, 'utf8').digest('base64');
}

/** Constant-time check of a received signature. */
export function verifyWebhookSignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body), 'utf8');
  const got = Buffer.from(signature, 'utf8');
  return expected.length === got.length && timingSafeEqual(expected, got);
}

/** What the simulator hands to the sender: the exact bytes and headers of one delivery. */
export interface WebhookDelivery {
  url: string;
  body: string;
  headers: Record<string, string>;
  event: WebhookEvent;
}
export type WebhookSender = (delivery: WebhookDelivery) => Promise<{ status: number }>;

/** Default sender: a plain POST. Failures are reported to the caller, never thrown into the ticket update. */
export const fetchWebhookSender: WebhookSender = async (delivery) => {
  const response = await fetch(delivery.url, { method: 'POST', headers: delivery.headers, body: delivery.body });
  return { status: response.status };
};
