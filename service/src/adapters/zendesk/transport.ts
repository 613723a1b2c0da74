/**
 * The one place that speaks HTTP to Zendesk, through node-zendesk 6. It turns every outcome into either a response
 * (2xx) or a TransportError describing the failure, so the retry policy above it never inspects library quirks:
 * - `throwOriginalException: true` so thrown errors carry `statusCode` and the body;
 * - a 429/503 **with Retry-After resolves** with an `Error` as result: treated as a failure here;
 * - statuses node-zendesk does not know (502, 504) resolve as if successful: checked against `response.status`.
 * Per-request timeouts use node-zendesk's `transportConfig` with native fetch and `AbortSignal.timeout`.
 */
import zendesk from 'node-zendesk';

// node-zendesk is CommonJS: the named ESM import type-checks but crashes in built ESM (STACK.md).
const { createClient } = zendesk;

export type HttpMethod = 'GET' | 'PUT' | 'POST';
export type QueryValue = string | number;

export interface ZendeskRequest {
  method: HttpMethod;
  /** Templated path for metrics and errors, e.g. `/tickets/:id` (never a real id); the method is prefixed when reported. */
  endpoint: string;
  /** Path segments after the base URL, without `.json` (node-zendesk appends it). */
  path: readonly (string | number)[];
  query?: Readonly<Record<string, QueryValue>>;
  body?: unknown;
  /** An absolute next-page URL from a previous response (pagination); replaces path and query. */
  url?: string;
}

export interface ZendeskResponse {
  status: number;
  body: unknown;
}

export type TransportFailure =
  | { kind: 'http'; status: number; body: unknown; retryAfterSeconds: number | null }
  | { kind: 'timeout' }
  | { kind: 'network'; message: string }
  /** A success status whose body is not JSON (a proxy's sign-in page, a truncated answer): Zendesk was reached. */
  | { kind: 'invalid_body'; status: number };

export class TransportError extends Error {
  constructor(readonly failure: TransportFailure) {
    super(
      failure.kind === 'http'
        ? `Zendesk answered HTTP ${failure.status}`
        : failure.kind === 'timeout'
          ? 'Zendesk did not answer in time'
          : failure.kind === 'invalid_body'
            ? `Zendesk answered HTTP ${failure.status} with a body that is not JSON`
            : `Zendesk could not be reached: ${failure.message}`,
    );
    this.name = 'TransportError';
  }
}

export interface ZendeskTransport {
  send(request: ZendeskRequest): Promise<ZendeskResponse>;
}

export type ZendeskAuth = { username: string; apiToken: string } | { oauthToken: string };

export interface NodeZendeskTransportOptions {
  /** e.g. `https://acme.zendesk.com/api/v2`, a simulator, or `https://acme.zendesk.test/api/v2` under msw. */
  endpointUri: string;
  auth: ZendeskAuth;
  timeoutMs: number;
}

interface AdaptedResponse {
  status: number;
  headers: { get(name: string): string | null };
}
/** The part of node-zendesk's (any-typed) Client this module uses. */
interface RawClient {
  jsonAPINames: string[];
  sideLoadMap?: unknown;
  request(method: string, uri: unknown, body?: unknown): Promise<{ response: AdaptedResponse; result: unknown }>;
}

/** `Retry-After` is seconds for Zendesk; an HTTP date is accepted too. Null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/** By name, not instanceof: fetch's DOMException may come from another realm (e.g. under jest). */
function isAbort(error: unknown): boolean {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return name === 'TimeoutError' || name === 'AbortError';
}

export function createNodeZendeskTransport(options: NodeZendeskTransportOptions): ZendeskTransport {
  const auth =
    'oauthToken' in options.auth
      ? { token: options.auth.oauthToken, oauth: true }
      : { username: options.auth.username, token: options.auth.apiToken };
  const client = createClient({
    ...auth,
    endpointUri: options.endpointUri.replace(/\/+$/, ''),
    throwOriginalException: true,
    transportConfig: {
      transportFn: (uri: string, init: { method: string; headers: Record<string, string>; body?: string }) =>
        fetch(uri, {
          method: init.method,
          headers: init.headers,
          ...(init.body === undefined ? {} : { body: init.body }),
          signal: AbortSignal.timeout(options.timeoutMs),
        }),
      responseAdapter: (response: Response) => ({
        json: () =>
          response.json().catch(() => {
            throw new TransportError({ kind: 'invalid_body', status: response.status });
          }),
        status: response.status,
        headers: { get: (name: string) => response.headers.get(name) },
        statusText: response.statusText,
      }),
    },
  });
  // One generic client whose responses are not unwrapped: we need whole envelopes (sideloads, counts, next_page)
  // and parse them ourselves with zod. The instance is private to this transport.
  const raw = client.search as unknown as RawClient;
  raw.jsonAPINames = [];
  raw.sideLoadMap = undefined;

  return {
    async send(request) {
      const uri = request.url ?? [...request.path, ...(request.query ? [{ ...request.query }] : [])];
      let outcome: { response: AdaptedResponse; result: unknown };
      try {
        outcome = await raw.request(request.method, uri, request.body);
      } catch (error) {
        if (isAbort(error)) throw new TransportError({ kind: 'timeout' });
        if (error instanceof TransportError && error.failure.kind === 'invalid_body') {
          const { status } = error.failure;
          if (status < 400) throw error;
          throw new TransportError({ kind: 'http', status, body: null, retryAfterSeconds: null });
        }
        const status = (error as { statusCode?: unknown }).statusCode;
        if (typeof status === 'number' && status >= 400) {
          throw new TransportError({ kind: 'http', status, body: (error as { result?: unknown }).result ?? null, retryAfterSeconds: null });
        }
        throw new TransportError({ kind: 'network', message: error instanceof Error ? error.message : String(error) });
      }
      const { response, result } = outcome;
      const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      if (response.status >= 400) {
        // Includes node-zendesk's Error-as-result for 429/503 with Retry-After.
        const body = result instanceof Error ? ((result as { result?: unknown }).result ?? null) : result;
        throw new TransportError({ kind: 'http', status: response.status, body, retryAfterSeconds });
      }
      // node-zendesk reads the body only when it is labelled JSON and otherwise hands back `{}`, which would pass for
      // an empty envelope.
      if (response.status !== 204 && !(response.headers.get('content-type') ?? '').includes('json')) {
        throw new TransportError({ kind: 'invalid_body', status: response.status });
      }
      const body = result instanceof Error ? ((result as { result?: unknown }).result ?? null) : result;
      return { status: response.status, body };
    },
  };
}
