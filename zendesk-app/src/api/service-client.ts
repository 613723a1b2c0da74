import type { z } from 'zod';
import type { Assessment, ErrorBody, FixRunRequest, PutCommitmentRequest, TicketSnapshot } from '@triage-assistant/shared';
import { loadCore, type Core } from '../domain/loaders';
import type { ZafClient, ZafContext, ZafHttpResponse, ZafRequestOptions } from '../zaf/zaf-client';

/** The service must answer within this time or the sidebar falls back to local assessment. */
export const SERVICE_TIMEOUT_MS = 2000;

/**
 * Starting a fix run gets longer: the service reads the ticket and the organization from Zendesk, then holds
 * `POST /v1/tickets/{id}/fix-runs` until the run finishes or its synchronous budget runs out (8 s, `syncBudgetMs` in
 * service/src/use-cases/fix-runs/run-fix.ts) and answers 202 with the progress. 15 s covers the budget, those reads
 * and the Zendesk proxy; 2 s would report a failure while the fix is still being written.
 */
export const FIX_RUN_START_TIMEOUT_MS = 15_000;

/** The policy is fetched in the background, never in the way of a render: it may take longer than an assessment. */
export const POLICY_TIMEOUT_MS = 10_000;

export type ServiceErrorKind = 'timeout' | 'unreachable' | 'http' | 'invalid_response';

/** A failed service call; `body` is the parsed ErrorBody when the service sent one. */
export class ServiceError extends Error {
  constructor(
    readonly kind: ServiceErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly body: ErrorBody | null = null,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** Who is calling: becomes the JWT claims ZAF signs with the secure shared secret. */
export interface ServiceIdentity {
  agentId: number;
  subdomain: string;
}

/** The agent `agentId` of the account ZAF's context names. */
export function serviceIdentity(context: Pick<ZafContext, 'account'>, agentId: number): ServiceIdentity {
  return { agentId, subdomain: context.account?.subdomain ?? '' };
}

function parseBody(response: ZafHttpResponse): unknown {
  if (response.responseJSON !== undefined) return response.responseJSON;
  if (!response.responseText) return undefined;
  try {
    return JSON.parse(response.responseText);
  } catch {
    return undefined;
  }
}

function toServiceError(failure: unknown, core: Core): ServiceError {
  if (failure instanceof ServiceError) return failure;
  const response = (failure ?? {}) as Partial<ZafHttpResponse>;
  const status = typeof response.status === 'number' ? response.status : 0;
  if (status === 0) return new ServiceError('unreachable', 'The triage service could not be reached');
  const parsed = core.ErrorBodySchema.safeParse(parseBody(response as ZafHttpResponse));
  const body = parsed.success ? parsed.data : null;
  return new ServiceError('http', body?.message ?? `The triage service answered ${status}`, status, body);
}

/** Calls the service through the Zendesk proxy with a ZAF-signed HS256 JWT (ZENDESK.md §3, option 1). */
export class ServiceClient {
  constructor(
    private readonly client: ZafClient,
    private readonly identity: ServiceIdentity,
    private readonly timeoutMs = SERVICE_TIMEOUT_MS,
    private readonly fixRunStartTimeoutMs = FIX_RUN_START_TIMEOUT_MS,
  ) {}

  /** The exact options handed to `client.request` (exported for tests and the README). */
  requestOptions(
    method: ZafRequestOptions['type'],
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    timeoutMs = this.timeoutMs,
  ): ZafRequestOptions {
    return {
      url: `{{setting.service_url}}${path}`,
      type: method,
      contentType: 'application/json',
      ...(body === undefined ? {} : { data: JSON.stringify(body) }),
      secure: true,
      cors: false,
      headers: { Authorization: 'Bearer {{jwt.token}}', ...headers },
      jwt: {
        algorithm: 'HS256',
        // A placeholder the Zendesk proxy fills in: the secret never reaches the browser.
        secret_key: '{{setting.shared_secret}}',
        expiry: 60,
        claims: {
          sub: String(this.identity.agentId),
          agent_id: this.identity.agentId,
          iss: `${this.identity.subdomain}.zendesk.com`,
          aud: 'triage-assistant',
        },
      },
      httpCompleteResponse: true,
      timeout: timeoutMs,
    };
  }

  /** `pick` names the response schema; schemas (zod) load in parallel with the request, off the critical path. */
  private async call<S extends z.ZodType>(
    pick: ((core: Core) => S) | null,
    method: ZafRequestOptions['type'],
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
    timeoutMs = this.timeoutMs,
  ): Promise<z.infer<S>> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // ZAF's own `timeout` is not enforced everywhere: race a local timer too so the sidebar never hangs.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ServiceError('timeout', `The triage service did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    const core = loadCore();
    let response: ZafHttpResponse;
    try {
      response = await Promise.race([this.client.request(this.requestOptions(method, path, body, headers, timeoutMs)), timeout]);
    } catch (failure) {
      throw toServiceError(failure, await core);
    } finally {
      clearTimeout(timer);
    }
    if (response.status < 200 || response.status >= 300) throw toServiceError(response, await core);
    if (pick === null) return undefined as z.infer<S>;
    const parsed = pick(await core).safeParse(parseBody(response));
    if (!parsed.success) {
      throw new ServiceError('invalid_response', `Unexpected answer from the triage service for ${method} ${path}`, response.status);
    }
    return parsed.data;
  }

  assess(ticket: TicketSnapshot): Promise<Assessment> {
    return this.call((c) => c.AssessmentSchema, 'POST', '/v1/assessments', { ticket });
  }

  /** The policy the service runs (fetched when an assessment names another one than the sidebar's; ~30 KB). */
  policy() {
    return this.call((c) => c.PolicyResponseSchema, 'GET', '/v1/policy', undefined, {}, POLICY_TIMEOUT_MS);
  }

  organizationSuggestions(ticketId: number) {
    return this.call((c) => c.OrganizationSuggestionsResponseSchema, 'GET', `/v1/tickets/${ticketId}/organization-suggestions`);
  }

  /**
   * `idempotencyKey` is generated once per confirm click, so a retry returns the same run. Waits up to
   * `FIX_RUN_START_TIMEOUT_MS`: a timeout means the run's outcome is unknown (it may still be running), not a failure.
   */
  startFixRun(ticketId: number, request: FixRunRequest, idempotencyKey: string) {
    return this.call(
      (c) => c.FixRunSchema,
      'POST',
      `/v1/tickets/${ticketId}/fix-runs`,
      request,
      { 'Idempotency-Key': idempotencyKey },
      this.fixRunStartTimeoutMs,
    );
  }

  fixRun(runId: string) {
    return this.call((c) => c.FixRunSchema, 'GET', `/v1/fix-runs/${encodeURIComponent(runId)}`);
  }

  putCommitment(ticketId: number, request: PutCommitmentRequest) {
    return this.call((c) => c.CommitmentSchema, 'PUT', `/v1/tickets/${ticketId}/commitment`, request);
  }

  async clearCommitment(ticketId: number): Promise<void> {
    await this.call(null, 'DELETE', `/v1/tickets/${ticketId}/commitment`);
  }

  /** Each notification is handed to this poller for a minute and comes back until `acknowledgeNotifications`. */
  myNotifications() {
    return this.call((c) => c.NotificationsResponseSchema, 'GET', '/v1/agents/me/notifications?ack=explicit');
  }

  acknowledgeNotifications(ids: readonly string[]) {
    return this.call((c) => c.AckNotificationsResponseSchema, 'POST', '/v1/agents/me/notifications/read', { ids });
  }

  myCommitments() {
    return this.call((c) => c.MyCommitmentsResponseSchema, 'GET', '/v1/agents/me/commitments');
  }

  atRisk(groupId: number) {
    return this.call((c) => c.AtRiskResponseSchema, 'GET', `/v1/groups/${groupId}/at-risk`);
  }
}
