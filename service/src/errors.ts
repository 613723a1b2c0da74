/**
 * Errors the service's use cases and adapters throw. The one error handler maps them to HTTP answers, so adapters
 * never speak HTTP status codes to routes and routes never guess.
 */
export class AppError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400 found by our own checks rather than a route schema (a header, a body the parser refuses). */
export class BadRequestError extends AppError {
  constructor(message: string, code: string) {
    super(message, 400, code);
  }
}

/** 401: missing or unverifiable credentials. The message says which check failed, never the token. */
export class UnauthorizedError extends AppError {
  constructor(message: string, code = 'unauthorized') {
    super(message, 401, code);
  }
}

/** 404: the ticket, run or commitment does not exist (in Zendesk or here). */
export class NotFoundError extends AppError {
  constructor(message: string, code = 'not_found') {
    super(message, 404, code);
  }
}

/**
 * 404 for the ticket itself, as opposed to a resource it points at (its organization, requester): only this one
 * means the ticket is gone, e.g. for cancelling its reminders.
 */
export class TicketNotFoundError extends NotFoundError {
  constructor(readonly ticketId: number) {
    super(`Zendesk has no ticket ${ticketId}`, 'ticket_not_found');
  }
}

/**
 * A read of the ticket's own resources, with a 404 said as {@link TicketNotFoundError}: the adapter's 404 names only
 * the endpoint, and every route answers a missing ticket alike (assessments, fix runs).
 */
export async function ticketOrGone<T>(read: Promise<T>, ticketId: number): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof NotFoundError) throw new TicketNotFoundError(ticketId);
    throw err;
  }
}

/** 409: the state changed under us (stale `updated_stamp`, a run already in progress for the key). */
export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict') {
    super(message, 409, code);
  }
}

/** 422: the request is well-formed but cannot be done (e.g. organization not among the requester's). */
export class UnprocessableError extends AppError {
  constructor(message: string, code = 'unprocessable') {
    super(message, 422, code);
  }
}

/**
 * A read of an organization whose id the request's body gave (`field`): Zendesk's 404 is then the request's fault,
 * 422 `organization_not_found` naming the field and the id, not a resource of the URL gone missing (404).
 */
export async function organizationOrUnknown<T>(read: Promise<T>, organizationId: number, field: string): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof NotFoundError) {
      throw new UnprocessableError(`${field}: Zendesk has no organization ${organizationId} (deleted, or not of this account)`, 'organization_not_found');
    }
    throw err;
  }
}

/**
 * 503: something of ours is not configured (e.g. the webhook secret), or cannot answer now. With `retryAfterSeconds`
 * the answer carries Retry-After (the error handler writes it): the caller should try again then.
 */
export class ServiceUnavailableError extends AppError {
  constructor(
    message: string,
    code = 'unavailable',
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message, 503, code);
  }
}

/** 503 + Retry-After: Zendesk rate-limited us; never retry sooner than it asked. */
export class ZendeskRateLimitedError extends ServiceUnavailableError {
  declare readonly retryAfterSeconds: number;

  constructor(
    retryAfterSeconds: number,
    readonly endpoint: string,
  ) {
    super(`Zendesk is rate limiting requests; retry after ${retryAfterSeconds} s`, 'zendesk_rate_limited', retryAfterSeconds);
  }
}

/** 503 + Retry-After: Zendesk answered too slowly for a request's overall deadline; nothing was written. */
export class ZendeskTooSlowError extends ServiceUnavailableError {
  constructor(message: string, retryAfterSeconds: number) {
    super(message, 'zendesk_too_slow', retryAfterSeconds);
  }
}

/** 502: Zendesk failed (5xx, timeout, network) or rejected our credentials. */
export class ZendeskUnavailableError extends AppError {
  constructor(
    message: string,
    readonly endpoint: string,
    readonly upstreamStatus: number | null,
  ) {
    super(message, 502, 'zendesk_unavailable');
  }
}

/** 409 from Zendesk's `safe_update`: the ticket changed since we read it. */
export class ZendeskConflictError extends ConflictError {
  constructor(
    message: string,
    readonly endpoint: string,
  ) {
    super(message, 'zendesk_conflict');
  }
}
