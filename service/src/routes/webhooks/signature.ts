import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far Zendesk's signature timestamp may be from our clock. Zendesk documents no replay window; 5 min is ours. */
export const WEBHOOK_TOLERANCE_MS = 5 * 60_000;

/**
 * Zendesk's webhook signature: base64(HMAC-SHA256(key = signing secret as UTF-8, message = timestamp + raw body))
 * (https://developer.zendesk.com/documentation/webhooks/verifying/; ZENDESK.md §4.11).
 */
export function webhookSignature(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(timestamp).update(rawBody).digest('base64');
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifyWebhookSignature(input: {
  secret: string;
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: Buffer;
  now: Date;
}): SignatureCheck {
  if (!input.signature || !input.timestamp) {
    return { ok: false, reason: 'missing X-Zendesk-Webhook-Signature or X-Zendesk-Webhook-Signature-Timestamp header' };
  }
  const sentAt = Date.parse(input.timestamp);
  if (Number.isNaN(sentAt)) return { ok: false, reason: 'signature timestamp is not a date' };
  if (Math.abs(input.now.getTime() - sentAt) > WEBHOOK_TOLERANCE_MS) {
    return { ok: false, reason: 'signature timestamp is more than 5 minutes from the server clock' };
  }
  const expected = Buffer.from(webhookSignature(input.secret, input.timestamp, input.rawBody), 'utf8');
  const given = Buffer.from(input.signature, 'utf8');
  // timingSafeEqual needs equal lengths; a length mismatch is already a mismatch (base64 of SHA-256 is 44 chars).
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature does not match' };
  }
  return { ok: true };
}
