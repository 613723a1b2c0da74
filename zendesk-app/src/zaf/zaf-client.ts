/**
 * Typed facade over the ZAF SDK: the only module that touches `zendesk_app_framework_sdk`.
 *
 * SDK loading decision: we BUNDLE the npm package `zendesk_app_framework_sdk@2.0.11` instead of loading
 * Zendesk's CDN script (`https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js`).
 * Why: the offline local workspace cannot reach the CDN, the bundled copy is pinned (no silent 2.0.x changes), and
 * it is ~4 KB gzip. The cost: we do not pick up Zendesk's 2.0 patch releases automatically; bump the pin deliberately
 * (its npm `repository` field points to a personal fork, the code matches zendesk/zendesk_app_framework_sdk 2.0).
 */
import ZAFClient, { type RawZafClient } from 'zendesk_app_framework_sdk';

export type ZafEventHandler = (...args: any[]) => unknown;

/** ZAF `context()`: where the app instance runs. */
export interface ZafContext {
  location: string;
  instanceGuid?: string;
  ticketId?: number;
  account?: { subdomain: string };
  product?: string;
}

/** ZAF `metadata()`: installation settings and ids. */
export interface ZafMetadata {
  appId?: number;
  installationId?: number;
  version?: string;
  settings: Record<string, unknown>;
}

/** Options of `client.request` we use (ZENDESK.md §2.7). */
export interface ZafRequestOptions {
  url: string;
  type: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  contentType?: string;
  data?: string;
  headers?: Record<string, string>;
  secure?: boolean;
  cors?: boolean;
  timeout?: number;
  httpCompleteResponse?: boolean;
  autoRetry?: boolean;
  jwt?: {
    algorithm: 'HS256';
    secret_key: string;
    expiry: number;
    claims: Record<string, string | number>;
  };
}

/** `httpCompleteResponse: true` answers (and rejections) look like this. */
export interface ZafHttpResponse {
  status: number;
  responseText?: string;
  responseJSON?: unknown;
  headers?: Record<string, string>;
}

/** The client the app codes against; the fake in `src/test/fake-zaf-client.ts` implements the same interface. */
export interface ZafClient {
  /** Reads paths; answers `{[path]: value, errors}` like the SDK. */
  get(paths: string | string[]): Promise<Record<string, unknown>>;
  set(path: string, value: unknown): Promise<unknown>;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  on(event: string, handler: ZafEventHandler): void;
  off(event: string, handler: ZafEventHandler): void;
  trigger(event: string, data?: unknown): void;
  request(options: ZafRequestOptions): Promise<ZafHttpResponse>;
  metadata(): Promise<ZafMetadata>;
  context(): Promise<ZafContext>;
}

/** Wraps a raw SDK client. */
export function wrapSdkClient(raw: RawZafClient): ZafClient {
  return {
    get: (paths) => raw.get(paths),
    set: (path, value) => raw.set(path, value),
    invoke: (name, ...args) => raw.invoke(name, ...args),
    on: (event, handler) => raw.on(event, handler),
    off: (event, handler) => raw.off(event, handler),
    trigger: (event, data) => raw.trigger(event, data),
    request: (options) => raw.request({ ...options }) as Promise<ZafHttpResponse>,
    metadata: () => raw.metadata() as Promise<ZafMetadata>,
    context: () => raw.context() as Promise<ZafContext>,
  };
}

/**
 * Initialises the SDK. Returns null outside Zendesk (the iframe URL lacks `origin`/`app_guid`, where
 * `ZAFClient.init()` returns false) so the caller can show an explanation instead of a blank frame.
 */
export function initZafClient(): ZafClient | null {
  const raw = ZAFClient.init();
  return raw === false ? null : wrapSdkClient(raw);
}

/** Reads one path; throws the ZAF error entry when the path is not readable. */
export async function getOne<T = unknown>(client: ZafClient, path: string): Promise<T> {
  const answer = await client.get(path);
  const errors = answer['errors'] as Record<string, unknown> | undefined;
  if (errors && path in errors) throw new Error(`ZAF could not read ${path}`);
  return answer[path] as T;
}
