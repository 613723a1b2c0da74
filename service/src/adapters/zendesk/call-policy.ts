/**
 * Retry, rate-limit and error mapping around the transport. Decisions (ZENDESK.md §4.9, §6):
 * - Every attempt first takes a token from the client-side budget.
 * - 429/503 with Retry-After: wait exactly Retry-After (never sooner) and retry once, if it is at most
 *   `maxRetryAfterSeconds`; otherwise throw ZendeskRateLimitedError so the route answers 503 + Retry-After.
 * - 5xx, timeouts and network errors: retried up to `maxAttempts` in total with cockatiel's exponential backoff with
 *   decorrelated jitter, only for idempotent requests (GET, PUT with safe_update, POST membership: a replay is
 *   answered 409/422 instead of writing twice).
 * - 404 → NotFoundError, 409 → ZendeskConflictError, 401/403 → ZendeskUnavailableError (bad credentials are an
 *   operator problem, never the agent's), other 4xx → UnprocessableError with Zendesk's description.
 */
import { ExponentialBackoff, type IBackoff, type IBackoffFactory } from 'cockatiel';
import {
  NotFoundError,
  UnprocessableError,
  ZendeskConflictError,
  ZendeskRateLimitedError,
  ZendeskUnavailableError,
} from '../../errors.js';
import type { Clock, RequestBudget } from './budget.js';
import { TransportError, type TransportFailure, type ZendeskRequest, type ZendeskResponse, type ZendeskTransport } from './transport.js';

/** One finished HTTP attempt, for metrics. `status` is 0 for a timeout or network failure. */
export interface ZendeskCallEvent {
  endpoint: string;
  method: string;
  status: number;
  durationMs: number;
}

export interface CallPolicyOptions {
  transport: ZendeskTransport;
  budget: RequestBudget;
  clock: Clock;
  /** Total attempts for 5xx/timeout/network failures (default 3). */
  maxAttempts?: number;
  /** Longest Retry-After we wait for inside a request (default 10 s). */
  maxRetryAfterSeconds?: number;
  /** Delays between 5xx retries (default: exponential from 200 ms, capped at 2 s, decorrelated jitter). */
  backoff?: IBackoffFactory<unknown>;
  onCall?: (event: ZendeskCallEvent) => void;
}

export interface CallOptions {
  /** Safe to replay after a failure whose outcome is unknown. */
  idempotent: boolean;
  /** Statuses the caller handles itself (e.g. 422 on create membership): returned instead of thrown. */
  acceptStatuses?: readonly number[];
}

/** Zendesk's error bodies: `{error, description}` or `{error: {title, message}}`. */
export function describeZendeskError(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as { error?: unknown; description?: unknown };
    if (typeof b.description === 'string') return b.description;
    if (b.error && typeof b.error === 'object') {
      const e = b.error as { title?: unknown; message?: unknown };
      return [e.title, e.message].filter((x) => typeof x === 'string').join(': ');
    }
    if (typeof b.error === 'string') return b.error;
  }
  return 'no description';
}

/** Zendesk asks for 60 s (its window) when it sends no Retry-After. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

export class CallPolicy {
  private readonly maxAttempts: number;
  private readonly maxRetryAfterSeconds: number;
  private readonly backoff: IBackoffFactory<unknown>;

  constructor(private readonly options: CallPolicyOptions) {
    this.maxAttempts = options.maxAttempts ?? 3;
    this.maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 10;
    this.backoff = options.backoff ?? new ExponentialBackoff({ initialDelay: 200, maxDelay: 2000 });
  }

  async call(request: ZendeskRequest, callOptions: CallOptions): Promise<ZendeskResponse> {
    const { transport, budget, clock, onCall } = this.options;
    let attempt = 0;
    let rateLimitRetried = false;
    let backoff: IBackoff<unknown> | undefined;
    const label = `${request.method} ${request.endpoint}`;
    for (;;) {
      attempt += 1;
      await budget.take();
      const started = clock.now();
      try {
        const response = await transport.send(request);
        onCall?.({ endpoint: label, method: request.method, status: response.status, durationMs: clock.now() - started });
        return response;
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        const { failure } = error;
        onCall?.({
          endpoint: label,
          method: request.method,
          status: failureStatus(failure) ?? 0,
          durationMs: clock.now() - started,
        });

        if (failure.kind === 'http') {
          const { status } = failure;
          if (callOptions.acceptStatuses?.includes(status)) return { status, body: failure.body };
          const rateLimited = status === 429 || (status === 503 && failure.retryAfterSeconds !== null);
          if (rateLimited) {
            const retryAfter = failure.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
            if (!rateLimitRetried && retryAfter <= this.maxRetryAfterSeconds) {
              rateLimitRetried = true;
              attempt -= 1; // waiting out a rate limit is not a failed attempt
              await clock.sleep(retryAfter * 1000);
              continue;
            }
            throw new ZendeskRateLimitedError(retryAfter, label);
          }
          if (status === 404) throw new NotFoundError(`Zendesk has no such resource (${label})`, 'zendesk_not_found');
          if (status === 409) {
            throw new ZendeskConflictError(`The Zendesk resource changed since it was read (${label})`, label);
          }
          if (status === 401 || status === 403) {
            throw new ZendeskUnavailableError(`Zendesk refused the service's credentials (HTTP ${status}) for ${label}`, label, status);
          }
          if (status < 500) {
            throw new UnprocessableError(`Zendesk rejected ${label} (HTTP ${status}): ${describeZendeskError(failure.body)}`, 'zendesk_rejected');
          }
        }

        if (!callOptions.idempotent || attempt >= this.maxAttempts) {
          throw new ZendeskUnavailableError(
            `Zendesk failed with ${describeFailure(failure)} for ${label} after ${attempt} attempt${attempt === 1 ? '' : 's'}`,
            label,
            failureStatus(failure),
          );
        }
        backoff = (backoff ?? this.backoff).next(undefined);
        await clock.sleep(backoff.duration);
      }
    }
  }
}

/** The HTTP status Zendesk answered with, when it answered at all. */
function failureStatus(failure: TransportFailure): number | null {
  return failure.kind === 'http' || failure.kind === 'invalid_body' ? failure.status : null;
}

function describeFailure(failure: TransportFailure): string {
  switch (failure.kind) {
    case 'http':
      return `HTTP ${failure.status}`;
    case 'timeout':
      return 'a timeout';
    case 'network':
      return 'a network error';
    case 'invalid_body':
      return `an answer that is not JSON (HTTP ${failure.status})`;
  }
}
