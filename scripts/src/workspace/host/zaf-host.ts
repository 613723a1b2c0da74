/**
 * The Zendesk side of the ZAF SDK's postMessage protocol, as `zendesk_app_framework_sdk@2.0.11` (lib/client.js)
 * speaks it. Pure dispatch: no DOM, no fetch. The workspace page wires `post` to `iframe.contentWindow.postMessage`
 * and the `HostBackend` to its ticket draft and the workspace server; jest drives it directly.
 *
 * Messages the SDK sends (JSON strings, except hook replies which are plain objects):
 * - `{key, message, appGuid, instanceGuid}`: `iframe.handshake`, `iframe.on:<event>` / `iframe.off:<event>`
 *   (`{subscriberCount}`), `request:<n>` (the `client.request` options), `iframe.trigger:<event>`;
 * - `{id, request: 'get'|'set'|'invoke', params, appGuid, instanceGuid}`: answered with `{id, result}` or `{id, error}`;
 * - `{key: 'iframe.reply:<event>', appGuid, error?: {msg}}`: the answer to a hook sent with `needsReply`.
 * Messages the host sends: `{key: 'zaf.<event>', message}` (events; `zaf.request:<n>.done|fail` with
 * `{responseArgs: [...]}`), `{key: 'zaf.<hook>', needsReply: true}` and `{id, result|error}`.
 */

export type CommentType = 'publicReply' | 'internalNote';

export interface HostUser {
  id: number;
  name: string;
  email: string | null;
  role: 'end-user' | 'agent' | 'admin';
}

export interface HostOrganization {
  id: number;
  name: string;
  tags: string[];
  domains: string;
  organizationFields: Record<string, string | number | boolean | null>;
}

export interface HostComment {
  id: number;
  value: string;
  author: HostUser;
  isPublic: boolean;
  createdAt: string;
}

/** The ticket as the agent sees it in the editor: saved values plus unsaved edits. */
export interface HostTicket {
  id: number;
  subject: string;
  status: string;
  priority: string | null;
  type: string | null;
  formId: number | null;
  createdAt: string;
  updatedAt: string;
  tags: string[];
  via: { channel: string };
  requester: HostUser;
  organization: HostOrganization | null;
  assignee: { user: HostUser | null; group: { id: number; name: string } | null };
  comments: HostComment[];
  customFields: Record<number, unknown>;
}

export interface HostCurrentUser {
  id: number;
  name: string;
  email: string;
  role: 'agent' | 'admin';
  locale: string;
  timeZone: { ianaName: string };
  groups: { id: number; name: string }[];
}

/** What a ZAF `get` can read and `set` can change. `ticket` is null outside a ticket location. */
export interface HostState {
  ticket: HostTicket | null;
  comment: { text: string; type: CommentType };
  currentUser: HostCurrentUser;
}

/** The `client.request` answer as the Zendesk proxy hands it over. */
export interface ProxiedResponse {
  status: number;
  responseText: string;
  headers: Record<string, string>;
}

/** What the host does outside the protocol: the page shows toasts, resizes frames, navigates, proxies requests. */
export interface HostBackend {
  state(): HostState;
  /** Called after a `set` changed the draft (the page re-renders). */
  changed(path: string): void;
  notify(message: string, kind: string, options: unknown): void;
  resize(size: { width?: string; height?: string }): void;
  routeTo(args: unknown[]): void;
  request(options: Record<string, unknown>): Promise<ProxiedResponse>;
}

export interface ZafHostOptions {
  appGuid: string;
  /** Installation metadata; `settings` must hold the NON-secure settings only (Zendesk never sends secure ones). */
  metadata: { appId: number; installationId: number; name: string; version: string; settings: Record<string, unknown> };
  context: { location: string; ticketId?: number; account: { subdomain: string }; product: 'support'; instanceGuid: string };
  backend: HostBackend;
  /** Posts one message into the app iframe (the page uses `postMessage(msg, appOrigin)`). */
  post(message: string): void;
}

export interface SaveDecision {
  allowed: boolean;
  /** The app's reason when it blocked the save (ZENDESK.md §2.5: any string blocks, even ''). */
  message: string | null;
}

interface ZafError {
  name: string;
  message: string;
  path?: string;
}

const CUSTOM_FIELD_PATH = /^ticket\.customField:custom_field_(\d+)$/;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const TYPES = ['question', 'incident', 'problem', 'task'];
const STATUSES = ['new', 'open', 'pending', 'hold', 'solved'];

/** The value ZAF answers for one path, or `undefined` when the path is not readable here. */
export function readPath(state: HostState, path: string): unknown {
  if (path === 'currentUser') return state.currentUser;
  if (path === 'comment.text') return state.comment.text;
  if (path === 'comment.type') return state.comment.type;
  const t = state.ticket;
  if (t === null || !path.startsWith('ticket')) return undefined;
  const custom = CUSTOM_FIELD_PATH.exec(path);
  if (custom) {
    const id = Number(custom[1]);
    return id in t.customFields ? (t.customFields[id] ?? null) : undefined;
  }
  switch (path) {
    case 'ticket':
      return { id: t.id, subject: t.subject, status: t.status, priority: t.priority, type: t.type };
    case 'ticket.id':
      return t.id;
    case 'ticket.subject':
      return t.subject;
    case 'ticket.status':
      return t.status;
    case 'ticket.priority':
      return t.priority ?? '';
    case 'ticket.type':
      return t.type ?? '';
    case 'ticket.form':
      return t.formId === null ? null : { id: t.formId };
    case 'ticket.form.id':
      return t.formId;
    case 'ticket.createdAt':
      return t.createdAt;
    case 'ticket.updatedAt':
      return t.updatedAt;
    case 'ticket.tags':
      return [...t.tags];
    case 'ticket.via':
      return { ...t.via };
    case 'ticket.requester':
      return { ...t.requester };
    case 'ticket.requester.id':
      return t.requester.id;
    case 'ticket.organization':
      return t.organization;
    case 'ticket.assignee':
      return t.assignee;
    case 'ticket.comments':
      return t.comments.map((c) => ({ ...c, author: { ...c.author } }));
    default:
      return undefined;
  }
}

/**
 * Applies one `set` to the draft. Returns the event to fire (ZENDESK.md §2.4 names) or throws a message for
 * paths ZAF cannot set (ticket.organization is not settable: §2.3).
 */
export function writePath(state: HostState, path: string, value: unknown): { event: string; value: unknown } {
  if (path === 'comment.text') {
    state.comment.text = typeof value === 'string' ? value : String(value ?? '');
    return { event: 'comment.text.changed', value: state.comment.text };
  }
  if (path === 'comment.type') {
    if (value !== 'publicReply' && value !== 'internalNote') throw new Error('expected publicReply or internalNote');
    state.comment.type = value;
    return { event: 'comment.type.changed', value };
  }
  const t = state.ticket;
  if (t === null) throw new Error('No ticket in this location');
  const custom = CUSTOM_FIELD_PATH.exec(path);
  if (custom) {
    const id = Number(custom[1]);
    if (!(id in t.customFields)) throw new Error('Not a field of this ticket form');
    t.customFields[id] = value === '' ? null : value;
    return { event: `ticket.custom_field_${id}.changed`, value: t.customFields[id] };
  }
  switch (path) {
    case 'ticket.priority':
      if (value !== '' && value !== null && !PRIORITIES.includes(String(value))) throw new Error(`invalid priority ${String(value)}`);
      t.priority = value === '' || value === null ? null : String(value);
      return { event: 'ticket.priority.changed', value: t.priority ?? '' };
    case 'ticket.type':
      if (value !== '' && value !== null && !TYPES.includes(String(value))) throw new Error(`invalid type ${String(value)}`);
      t.type = value === '' || value === null ? null : String(value);
      return { event: 'ticket.type.changed', value: t.type ?? '' };
    case 'ticket.status':
      if (!STATUSES.includes(String(value))) throw new Error(`invalid status ${String(value)}`);
      t.status = String(value);
      return { event: 'ticket.status.changed', value: t.status };
    case 'ticket.form':
    case 'ticket.form.id': {
      const raw = path === 'ticket.form' && value && typeof value === 'object' ? (value as { id?: unknown }).id : value;
      const id = Number(raw);
      if (!Number.isInteger(id) || id <= 0) throw new Error('expected a ticket form id');
      t.formId = id;
      return { event: 'ticket.form.id.changed', value: id };
    }
    default:
      throw new Error('Cannot set this path');
  }
}

function parse(data: unknown): Record<string, unknown> | null {
  if (typeof data === 'string') {
    try {
      const parsed: unknown = JSON.parse(data);
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  return data && typeof data === 'object' ? (data as Record<string, unknown>) : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One app instance (one iframe) as Zendesk's framework sees it. */
export class ZafHost {
  private readonly subscriptions = new Map<string, number>();
  private readonly pendingReplies = new Map<string, (reply: Record<string, unknown>) => void>();
  registered = false;

  constructor(private readonly options: ZafHostOptions) {}

  /** Events the app listens to, with their subscriber counts (for tests and the page's debug panel). */
  subscribed(event: string): boolean {
    return (this.subscriptions.get(event) ?? 0) > 0;
  }

  private send(message: Record<string, unknown>): void {
    this.options.post(JSON.stringify(message));
  }

  /** Fires a framework event into the app if it subscribed (Zendesk binds events on the first `iframe.on`). */
  trigger(event: string, data?: unknown): boolean {
    if (!this.subscribed(event)) return false;
    this.send({ key: `zaf.${event}`, message: data });
    return true;
  }

  /**
   * Runs a hook such as `ticket.save` and resolves with the app's verdict. Without subscribers the save goes ahead;
   * an app that never answers is given `timeoutMs`, then the save goes ahead (the agent is never locked out).
   */
  runHook(event: string, timeoutMs = 15_000): Promise<SaveDecision> {
    if (!this.subscribed(event)) return Promise.resolve({ allowed: true, message: null });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pendingReplies.delete(event);
        resolve({ allowed: true, message: null });
      }, timeoutMs);
      this.pendingReplies.set(event, (reply) => {
        clearTimeout(timer);
        const error = reply['error'];
        if (error && typeof error === 'object') {
          const msg = (error as { msg?: unknown }).msg;
          resolve({ allowed: false, message: typeof msg === 'string' ? msg : msg === undefined || msg === false ? null : String(msg) });
        } else resolve({ allowed: true, message: null });
      });
      this.send({ key: `zaf.${event}`, needsReply: true });
    });
  }

  /** Handles one message from the app iframe (the page checks `event.source` and `event.origin` first). */
  async receive(raw: unknown): Promise<void> {
    const data = parse(raw);
    if (data === null) return;
    if (data['appGuid'] !== undefined && data['appGuid'] !== this.options.appGuid) return;
    if (typeof data['request'] === 'string' && typeof data['id'] === 'number') {
      this.answer(data['id'], data['request'], data['params']);
      return;
    }
    const key = typeof data['key'] === 'string' ? data['key'] : '';
    if (key === 'iframe.handshake') {
      this.registered = true;
      this.send({ key: 'zaf.app.registered', message: { metadata: this.options.metadata, context: this.options.context } });
      return;
    }
    const on = /^iframe\.(on|off):(.+)$/.exec(key);
    if (on) {
      const count = Number((data['message'] as { subscriberCount?: unknown } | undefined)?.subscriberCount ?? 0);
      this.subscriptions.set(on[2]!, Number.isFinite(count) ? count : 0);
      return;
    }
    const reply = /^iframe\.reply:(.+)$/.exec(key);
    if (reply) {
      const resolve = this.pendingReplies.get(reply[1]!);
      this.pendingReplies.delete(reply[1]!);
      resolve?.(data);
      return;
    }
    if (/^request:\d+$/.test(key)) {
      await this.proxy(key, (data['message'] ?? {}) as Record<string, unknown>);
    }
  }

  private answer(id: number, request: string, params: unknown): void {
    const backend = this.options.backend;
    if (request === 'get') {
      const paths = Array.isArray(params) ? params.filter((p): p is string => typeof p === 'string') : [];
      const state = backend.state();
      const result: Record<string, unknown> = {};
      const errors: Record<string, ZafError> = {};
      for (const path of paths) {
        const value = readPath(state, path);
        if (value === undefined) errors[path] = { name: 'InvalidPathError', message: 'No such path', path };
        else result[path] = value;
      }
      this.send({ id, result: { ...result, errors } });
      return;
    }
    if (request === 'set') {
      const entries = params && typeof params === 'object' ? Object.entries(params as Record<string, unknown>) : [];
      const result: Record<string, unknown> = {};
      const errors: Record<string, ZafError> = {};
      const fired: { event: string; value: unknown }[] = [];
      for (const [path, value] of entries) {
        try {
          const change = writePath(backend.state(), path, value);
          result[path] = value;
          fired.push(change);
          backend.changed(path);
        } catch (error) {
          errors[path] = { name: 'InvalidPathError', message: error instanceof Error ? error.message : String(error), path };
        }
      }
      this.send({ id, result: { ...result, errors } });
      // Zendesk fires change events for app-made changes too: the app's own listeners see them.
      for (const change of fired) this.trigger(change.event, change.value);
      return;
    }
    if (request === 'invoke') {
      const calls = params && typeof params === 'object' ? Object.entries(params as Record<string, unknown>) : [];
      const result: Record<string, unknown> = {};
      const errors: Record<string, ZafError> = {};
      for (const [name, rawArgs] of calls) {
        const args = Array.isArray(rawArgs) ? rawArgs : [];
        try {
          result[name] = this.invoke(name, args);
        } catch (error) {
          errors[name] = { name: 'InvalidActionError', message: error instanceof Error ? error.message : String(error), path: name };
        }
      }
      this.send({ id, result: { ...result, errors } });
      return;
    }
    this.send({ id, error: { name: 'Error', message: `Unknown request ${request}` } });
  }

  private invoke(name: string, args: unknown[]): unknown {
    const backend = this.options.backend;
    switch (name) {
      case 'notify':
        backend.notify(String(args[0] ?? ''), typeof args[1] === 'string' ? args[1] : 'notice', args[2]);
        return null;
      case 'resize': {
        const size = (args[0] ?? {}) as { width?: unknown; height?: unknown };
        backend.resize({
          ...(size.width !== undefined ? { width: String(size.width) } : {}),
          ...(size.height !== undefined ? { height: String(size.height) } : {}),
        });
        return null;
      }
      case 'routeTo':
        backend.routeTo(args);
        return null;
      case 'comment.appendText': {
        const state = backend.state();
        const change = writePath(state, 'comment.text', state.comment.text + String(args[0] ?? ''));
        backend.changed('comment.text');
        this.trigger(change.event, change.value);
        return null;
      }
      default:
        throw new Error(`"${name}" is not an action this workspace implements`);
    }
  }

  /**
   * `client.request`: the backend forwards the options to the workspace server, which plays the Zendesk proxy
   * (secure settings, JWT). Like ZAF, a non-2xx status rejects; `httpCompleteResponse` resolves/rejects with
   * `{status, responseText, responseJSON, headers}`, otherwise success resolves with the parsed body.
   */
  private async proxy(key: string, options: Record<string, unknown>): Promise<void> {
    let response: ProxiedResponse;
    try {
      response = await this.options.backend.request(options);
    } catch (error) {
      response = { status: 0, responseText: error instanceof Error ? error.message : String(error), headers: {} };
    }
    const json = parseJson(response.responseText);
    const complete = { status: response.status, responseText: response.responseText, responseJSON: json, headers: response.headers };
    const ok = response.status >= 200 && response.status < 300;
    if (ok) {
      const value = options['httpCompleteResponse'] === true ? complete : json !== undefined ? json : response.responseText;
      this.send({ key: `zaf.${key}.done`, message: { responseArgs: [value, 'success', complete] } });
    } else {
      this.send({ key: `zaf.${key}.fail`, message: { responseArgs: [complete, 'error', response.responseText] } });
    }
  }
}
