import type {
  ZafClient,
  ZafContext,
  ZafEventHandler,
  ZafHttpResponse,
  ZafMetadata,
  ZafRequestOptions,
} from '../zaf/zaf-client';

/** The agent every test runs as unless it passes its own `currentUser`. */
export const DEFAULT_AGENT = {
  id: 501,
  name: 'Avery Agent',
  locale: 'en-US',
  timeZone: { ianaName: 'America/Los_Angeles', name: 'Pacific Time (US & Canada)' },
  groups: [{ id: 9001, name: 'Support EMEA' }],
};

/** What a route answers: a status and a JSON body, a network failure, or nothing ever (a hung service). */
export type RouteAnswer = { status: number; body?: unknown } | 'network-error' | 'hang';

export interface Route {
  method: ZafRequestOptions['type'];
  /** Path after `{{setting.service_url}}`, exact string or pattern. */
  path: string | RegExp;
  answer: RouteAnswer | ((request: ZafRequestOptions, body: unknown) => RouteAnswer | Promise<RouteAnswer>);
}

export interface FakeZafOptions {
  data?: Record<string, unknown>;
  context?: Partial<ZafContext>;
  settings?: Record<string, unknown>;
  routes?: Route[];
  /** Fire `app.registered` on subscription (default true). */
  autoRegister?: boolean;
}

/**
 * A ZAF client for tests: readable paths from a plain object, a route table for `request`, recorded calls, and
 * `fire()` to raise events (its answer carries the handler results, e.g. the `ticket.save` hook's decision).
 */
export class FakeZafClient implements ZafClient {
  data: Record<string, unknown>;
  routes: Route[];
  readonly calls = {
    get: [] as string[][],
    set: [] as [string, unknown][],
    invoke: [] as unknown[][],
    request: [] as ZafRequestOptions[],
  };
  private readonly handlers = new Map<string, Set<ZafEventHandler>>();
  private readonly ctx: ZafContext;
  private readonly meta: ZafMetadata;
  private readonly autoRegister: boolean;
  private markRegistered!: () => void;
  /** Like the SDK, context() and metadata() wait for registration. */
  private readonly registered = new Promise<void>((resolve) => (this.markRegistered = resolve));

  constructor(options: FakeZafOptions = {}) {
    this.data = { currentUser: DEFAULT_AGENT, ...options.data };
    this.routes = [...(options.routes ?? [])];
    this.ctx = { location: 'ticket_sidebar', account: { subdomain: 'gitlab' }, instanceGuid: 'guid-1', ...options.context };
    this.meta = { appId: 1, installationId: 2, version: '0.1.0', settings: { service_url: 'https://triage.example.com', ...options.settings } };
    this.autoRegister = options.autoRegister ?? true;
    if (this.autoRegister) void Promise.resolve().then(() => this.register());
  }

  /** Completes the handshake: fires `app.registered` (what Zendesk does once the iframe says hello). */
  async register(): Promise<void> {
    this.markRegistered();
    await this.fire('app.registered', { context: this.ctx, metadata: this.meta });
  }

  async get(paths: string | string[]): Promise<Record<string, unknown>> {
    const list = Array.isArray(paths) ? paths : [paths];
    this.calls.get.push(list);
    const answer: Record<string, unknown> = { errors: {} };
    for (const path of list) {
      if (path in this.data) answer[path] = this.data[path];
      else (answer['errors'] as Record<string, unknown>)[path] = { message: `no such path ${path}` };
    }
    return answer;
  }

  async set(path: string, value: unknown): Promise<unknown> {
    this.calls.set.push([path, value]);
    this.data[path] = value;
    return { [path]: value };
  }

  async invoke(name: string, ...args: unknown[]): Promise<unknown> {
    this.calls.invoke.push([name, ...args]);
    return undefined;
  }

  on(event: string, handler: ZafEventHandler): void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
  }

  off(event: string, handler: ZafEventHandler): void {
    this.handlers.get(event)?.delete(handler);
  }

  trigger(event: string, data?: unknown): void {
    void this.fire(event, data);
  }

  /** Number of handlers listening to `event`. */
  listeners(event: string): number {
    return this.handlers.get(event)?.size ?? 0;
  }

  /** Raises an event; resolves to every handler's (awaited) result. */
  async fire(event: string, ...args: unknown[]): Promise<unknown[]> {
    const handlers = [...(this.handlers.get(event) ?? [])];
    return Promise.all(handlers.map((handler) => handler(...args)));
  }

  /**
   * Runs the `ticket.save` hook handlers with the SDK's own rules (zendesk_app_framework_sdk 2.0.11 `utils.when`):
   * a plain `false`, string or Error blocks; a thrown error or a rejected Promise blocks with its message; a Promise
   * that RESOLVES lets the save go, whatever it resolves to.
   */
  async runSaveHook(): Promise<{ allowed: true } | { allowed: false; message: string }> {
    const blockWith = (reason: unknown) => ({
      allowed: false as const,
      message: reason instanceof Error ? reason.message : String(reason),
    });
    for (const handler of [...(this.handlers.get('ticket.save') ?? [])]) {
      let result: unknown;
      try {
        result = handler();
      } catch (err) {
        return blockWith(err);
      }
      if (result instanceof Promise) {
        try {
          await result;
        } catch (err) {
          return blockWith(err);
        }
      } else if (result === false || result instanceof Error || typeof result === 'string') {
        return blockWith(result);
      }
    }
    return { allowed: true };
  }

  /** Requests whose path (after the service URL placeholder) and method match. */
  requests(method: string, path: string | RegExp): ZafRequestOptions[] {
    return this.calls.request.filter((r) => r.type === method && matches(path, stripBase(r.url)));
  }

  async request(options: ZafRequestOptions): Promise<ZafHttpResponse> {
    this.calls.request.push(options);
    const path = stripBase(options.url);
    const route = this.routes.find((r) => r.method === options.type && matches(r.path, path));
    if (!route) return Promise.reject({ status: 404, responseText: JSON.stringify({ statusCode: 404, error: 'Not Found', message: `no fake route for ${options.type} ${path}` }) });
    const body = options.data === undefined ? undefined : JSON.parse(options.data);
    const answer = typeof route.answer === 'function' ? await route.answer(options, body) : route.answer;
    if (answer === 'hang') return new Promise(() => undefined);
    if (answer === 'network-error') return Promise.reject({ status: 0, responseText: '' });
    const response = { status: answer.status, responseJSON: answer.body, responseText: answer.body === undefined ? '' : JSON.stringify(answer.body) };
    // ZAF with httpCompleteResponse rejects non-2xx answers with the same shape.
    return answer.status >= 200 && answer.status < 300 ? response : Promise.reject(response);
  }

  async metadata(): Promise<ZafMetadata> {
    await this.registered;
    return this.meta;
  }

  async context(): Promise<ZafContext> {
    await this.registered;
    return this.ctx;
  }
}

function stripBase(url: string): string {
  return url.replace('{{setting.service_url}}', '');
}

function matches(pattern: string | RegExp, path: string): boolean {
  return typeof pattern === 'string' ? pattern === path : pattern.test(path);
}
