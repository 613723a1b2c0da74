import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZendeskResponseError } from '../../adapters/zendesk/errors.js';
import { withinDeadline, type Deadlined } from '../../deadline.js';
import {
  AppError,
  ConflictError,
  ServiceUnavailableError,
  UnauthorizedError,
  ZendeskRateLimitedError,
  ZendeskUnavailableError,
} from '../../errors.js';
import { refuseUnstorableText } from '../../plugins/json-body.js';
import { handleZendeskEvent } from '../../use-cases/handle-zendesk-event.js';
import { assessDeps } from '../v1/assessments.js';
import { WebhookAcceptedSchema, ZendeskWebhookEventSchema } from './event-schema.js';
import { verifyWebhookSignature } from './signature.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The exact bytes Zendesk signed (webhook route only). */
    rawBody?: Buffer;
  }
}

/** Retry-After on a failed event: short, so Zendesk retries it (it does not for a long wait). */
const WEBHOOK_RETRY_AFTER_S = 10;
/** The longest Retry-After we ask of Zendesk: it does not retry when asked to wait a minute or more. */
const MAX_WEBHOOK_RETRY_AFTER_S = 50;
/**
 * Network failures and PostgreSQL error classes that say nothing about the event: connection, transaction rollback,
 * insufficient resources, operator intervention.
 */
const TRANSIENT_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EAI_AGAIN|08...|40...|53...|57...)$/;

/** Seconds Zendesk should wait before retrying an event that failed with `err`, or null when a retry would fail too. */
export function transientRetryAfter(err: unknown): number | null {
  if (err instanceof ZendeskRateLimitedError) return Math.min(Math.max(1, Math.ceil(err.retryAfterSeconds)), MAX_WEBHOOK_RETRY_AFTER_S);
  if (err instanceof ZendeskResponseError) return null;
  if (err instanceof ZendeskUnavailableError) return WEBHOOK_RETRY_AFTER_S;
  if (err instanceof AppError) return null;
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : null;
  return code !== null && TRANSIENT_CODES.test(code) ? WEBHOOK_RETRY_AFTER_S : null;
}

/**
 * `POST /v1/webhooks/zendesk`: no JWT; Zendesk's HMAC signature instead. Answers:
 * 401 bad/missing signature or a timestamp more than 5 min off · 400 body not our event schema · 409 event id already
 * accepted (a replay; Zendesk's own retries after a 2xx are harmless to reject) · 503 no signing secret configured, or
 * the event failed on our side, or is still being handled after WEBHOOK_DEADLINE_MS (Zendesk waits 10 s) (Retry-After:
 * Zendesk retries it) ·
 * 200 `{accepted, eventId, effects}`, also when the ticket's organization is gone (404: a retry would get the same):
 * the rest is applied, an effect line says what was skipped, and it is logged at warn. An event id is recorded
 * only with its effects (handleZendeskEvent), so when handling fails or the process dies the id stays free and
 * Zendesk's retry gets through.
 * Never rate limited: every signed delivery is an event Zendesk will not resend forever.
 */
export default async function zendeskWebhookRoutes(app: FastifyInstance) {
  /**
   * Deliveries being handled in this process, by event id. A duplicate that arrives meanwhile waits for the one in
   * flight and then goes the normal way (409 once it succeeded, handled if it failed) instead of reading Zendesk and
   * replanning a second time. Across replicas the database transaction keeps the effects single (handleZendeskEvent).
   */
  const inFlight = new Map<string, Promise<unknown>>();

  // Signatures cover the raw bytes, so this scope keeps them: JSON is parsed here, after the buffer is saved.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, raw, done) => {
    const buffer = raw as Buffer;
    request.rawBody = buffer;
    if (buffer.length === 0) return done(null, undefined);
    const text = buffer.toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return done(Object.assign(new Error('Body is not valid JSON'), { statusCode: 400, code: 'invalid_json' }), undefined);
    }
    try {
      refuseUnstorableText(text, parsed);
      done(null, parsed);
    } catch (refused) {
      done(refused as Error, undefined);
    }
  });

  app.withTypeProvider<ZodTypeProvider>().post(
    '/webhooks/zendesk',
    {
      // Not under the per-agent limit: it keyed Zendesk's deliveries by address, so a busy account's events beyond
      // RATE_LIMIT_PER_MINUTE were refused (429) and lost. A forged delivery never reached the limit anyway: the
      // signature check (preValidation) refuses it before the limit's preHandler runs.
      config: { rateLimit: false },
      schema: {
        summary: 'Zendesk webhook (trigger "Notify webhook"), signed with the webhook signing secret',
        description:
          '200 with the effects applied; 409 an event already accepted; 503 + Retry-After a failure that may pass ' +
          '(Zendesk retries). A ticket Zendesk no longer has cancels its reminders and closes its commitment; a requester ' +
          "it no longer has belongs to no organization. The ticket's organization gone (404) is no reason to retry: the " +
          'event is accepted with what could be done (the reminders are kept), and an effect line says what was ' +
          "skipped. The ticket's status is still read: a solved or closed ticket has its commitment closed and its SLA " +
          'reminders cancelled all the same.',
        tags: ['webhooks'],
        body: ZendeskWebhookEventSchema,
        response: { 200: WebhookAcceptedSchema },
      },
      preValidation: async (request) => {
        const secret = app.config.webhookSecret;
        if (secret === null) throw new ServiceUnavailableError('Zendesk webhooks are not configured (ZENDESK_WEBHOOK_SECRET)', 'webhook_not_configured');
        const header = (name: string) => {
          const v = request.headers[name];
          return Array.isArray(v) ? v[0] : v;
        };
        const check = verifyWebhookSignature({
          secret,
          signature: header('x-zendesk-webhook-signature'),
          timestamp: header('x-zendesk-webhook-signature-timestamp'),
          rawBody: request.rawBody ?? Buffer.alloc(0),
          now: app.clock(),
        });
        if (!check.ok) throw new UnauthorizedError(`Invalid webhook signature: ${check.reason}`, 'invalid_webhook_signature');
      },
    },
    async (request) => {
      const event = request.body;
      const { storage } = app;
      const deadlineAt = performance.now() + app.config.webhookDeadlineMs;
      const stillProcessing = () =>
        new ServiceUnavailableError(
          `Webhook event ${event.eventId} is still being processed; retry in ${WEBHOOK_RETRY_AFTER_S} s`,
          'webhook_in_progress',
          WEBHOOK_RETRY_AFTER_S,
        );
      for (let running = inFlight.get(event.eventId); running !== undefined; running = inFlight.get(event.eventId)) {
        const waited = await withinDeadline(running.catch(() => undefined), deadlineAt);
        if (!waited.settled) throw stillProcessing();
      }
      const replanSla = app.zendesk === null ? null : (ticketId: number) => app.slaPlanner.replan(assessDeps(app), ticketId);
      const handling = handleZendeskEvent({ storage, replanSla }, event, app.clock());
      // Forgotten when the handling ends, which may be after this delivery was answered.
      inFlight.set(event.eventId, handling);
      handling
        .finally(() => {
          if (inFlight.get(event.eventId) === handling) inFlight.delete(event.eventId);
        })
        .catch(() => undefined);
      let result: Deadlined<Awaited<typeof handling>>;
      try {
        result = await withinDeadline(handling, deadlineAt);
      } catch (err) {
        // Zendesk retries a webhook on 503 with a short Retry-After (under a minute), not on 500. A failure that may
        // pass (Zendesk unreachable or rate-limiting us, the database connection lost) asks for that retry, which finds
        // the event unprocessed. Anything else (a bug, a Zendesk answer we cannot read) would fail the same way on
        // every retry and trip Zendesk's circuit breaker for the whole webhook: it stays a 500, logged once.
        const retryAfter = transientRetryAfter(err);
        if (retryAfter === null) throw err;
        request.log.warn({ err, eventId: event.eventId, type: event.type }, 'webhook event failed; asking Zendesk to retry');
        throw new ServiceUnavailableError(`Webhook event ${event.eventId} was not processed; retry in ${retryAfter} s`, 'webhook_retry', retryAfter);
      }
      if (!result.settled) {
        request.log.warn({ eventId: event.eventId, type: event.type }, 'webhook event still being handled at the deadline; asking Zendesk to retry');
        handling.catch((err: unknown) => request.log.warn({ err, eventId: event.eventId }, 'webhook event failed after its delivery was answered'));
        throw stillProcessing();
      }
      const outcome = result.value;
      if (outcome.status === 'replayed') {
        throw new ConflictError(`Webhook event ${event.eventId} was already accepted`, 'webhook_replayed');
      }
      const { effects } = outcome;
      if (outcome.skipped !== undefined) {
        // Acknowledged all the same: a 404 from Zendesk comes back on every retry. Someone may want to know why the
        // ticket's reminders (or its commitment) were not brought up to date.
        request.log.warn(
          { eventId: event.eventId, type: event.type, ticketId: event.ticket.id, skipped: outcome.skipped, effects },
          'webhook event handled without a Zendesk resource that is gone (a retry cannot bring it back)',
        );
      } else {
        request.log.info({ eventId: event.eventId, type: event.type, ticketId: event.ticket.id, effects }, 'webhook event handled');
      }
      return { accepted: true as const, eventId: event.eventId, effects };
    },
  );
}
