/**
 * The host answers the REAL ZAF SDK client (zendesk_app_framework_sdk@2.0.11, lib/client.js) over a fake
 * window/parent pair: if the host got a field name or envelope wrong, the SDK's promises would never settle.
 */
import { ZafHost, type HostBackend, type HostState, type ProxiedResponse } from './zaf-host.js';

const ORIGIN = 'http://127.0.0.1:3000';
const APP_GUID = 'sidebar-guid';

type Listener = (event: { data: unknown; origin: string; source: unknown }) => void;

interface SdkClient {
  get(path: string | string[]): Promise<Record<string, unknown>>;
  set(path: string, value: unknown): Promise<Record<string, unknown>>;
  invoke(name: string, ...args: unknown[]): Promise<Record<string, unknown>>;
  on(event: string, handler: (...args: unknown[]) => unknown): void;
  request(options: Record<string, unknown>): Promise<unknown>;
  metadata(): Promise<Record<string, unknown>>;
  context(): Promise<Record<string, unknown>>;
}

function state(): HostState {
  return {
    ticket: {
      id: 100123,
      subject: 'Cannot push to registry',
      status: 'new',
      priority: null,
      type: null,
      formId: 360000803379,
      createdAt: '2026-11-27T14:00:00Z',
      updatedAt: '2026-11-27T14:05:00Z',
      tags: ['needs_org'],
      via: { channel: 'email' },
      requester: { id: 1000007, name: 'Sam Rivera', email: 'sam@initech.example', role: 'end-user' },
      organization: null,
      assignee: { user: null, group: null },
      comments: [
        {
          id: 3000001,
          value: 'Our pushes fail with 403',
          author: { id: 1000007, name: 'Sam Rivera', email: 'sam@initech.example', role: 'end-user' },
          isPublic: true,
          createdAt: '2026-11-27T14:00:00Z',
        },
      ],
      customFields: { 360020735319: 'severity_3', 360020614420: null },
    },
    comment: { text: '', type: 'publicReply' },
    currentUser: {
      id: 1000001,
      name: 'Ada Lovelace',
      email: 'alovelace@gitlab.com',
      role: 'agent',
      locale: 'en-US',
      timeZone: { ianaName: 'America/Los_Angeles' },
      groups: [{ id: 360000300001, name: 'Support AMER' }],
    },
  };
}

interface Harness {
  client: SdkClient;
  host: ZafHost;
  draft: HostState;
  notified: [string, string, unknown][];
  resized: { width?: string; height?: string }[];
  routed: unknown[][];
  requests: Record<string, unknown>[];
  changed: string[];
  respond: (r: ProxiedResponse) => void;
}

function harness(): Harness {
  const listeners: Listener[] = [];
  const parent = {
    postMessage(message: unknown, targetOrigin: string) {
      expect(targetOrigin).toBe(ORIGIN);
      void host.receive(message);
    },
  };
  // The SDK reads window.Promise at require time and window.parent/addEventListener at construction.
  (globalThis as Record<string, unknown>)['window'] = {
    Promise,
    parent,
    addEventListener: (type: string, listener: Listener) => type === 'message' && listeners.push(listener),
  };
  let response: ProxiedResponse = { status: 200, responseText: '{}', headers: {} };
  const h = { notified: [], resized: [], routed: [], requests: [], changed: [] } as unknown as Harness;
  h.draft = state();
  h.respond = (r) => {
    response = r;
  };
  const backend: HostBackend = {
    state: () => h.draft,
    changed: (path) => h.changed.push(path),
    notify: (message, kind, options) => h.notified.push([message, kind, options]),
    resize: (size) => h.resized.push(size),
    routeTo: (args) => h.routed.push(args),
    request: async (options) => {
      h.requests.push(options);
      return response;
    },
  };
  const host = new ZafHost({
    appGuid: APP_GUID,
    metadata: { appId: 0, installationId: 1, name: 'Triage Assistant', version: '0.1.0', settings: { service_url: 'http://127.0.0.1:3030' } },
    context: { location: 'ticket_sidebar', ticketId: 100123, account: { subdomain: 'gitlab' }, product: 'support', instanceGuid: APP_GUID },
    backend,
    // The browser delivers asynchronously: so do we.
    post: (message) => setTimeout(() => listeners.forEach((l) => l({ data: message, origin: ORIGIN, source: parent })), 0),
  });
  h.host = host;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Client = require('zendesk_app_framework_sdk/lib/client') as new (o: { origin: string; appGuid: string }) => SdkClient;
    h.client = new Client({ origin: ORIGIN, appGuid: APP_GUID });
  });
  return h;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

afterEach(() => {
  delete (globalThis as Record<string, unknown>)['window'];
});

describe('ZafHost with the real ZAF SDK client', () => {
  it('registers the app with metadata and context, and never sends the secure secret', async () => {
    const h = harness();
    const [metadata, context] = await Promise.all([h.client.metadata(), h.client.context()]);
    expect(context).toEqual({ location: 'ticket_sidebar', ticketId: 100123, account: { subdomain: 'gitlab' }, product: 'support', instanceGuid: APP_GUID });
    expect(metadata['settings']).toEqual({ service_url: 'http://127.0.0.1:3030' });
    expect(JSON.stringify(metadata)).not.toContain('shared_secret');
    expect(h.host.registered).toBe(true);
  });

  it('answers a multi-path get with values and errors, and rejects a single unreadable path', async () => {
    const h = harness();
    const answer = await h.client.get(['ticket.id', 'ticket.priority', 'ticket.organization', 'ticket.customField:custom_field_360020735319', 'ticket.nope']);
    expect(answer['ticket.id']).toBe(100123);
    expect(answer['ticket.priority']).toBe('');
    expect(answer['ticket.organization']).toBeNull();
    expect(answer['ticket.customField:custom_field_360020735319']).toBe('severity_3');
    expect(answer['errors']).toEqual({ 'ticket.nope': { name: 'InvalidPathError', message: 'No such path', path: 'ticket.nope' } });
    await expect(h.client.get('ticket.customField:custom_field_999')).rejects.toThrow('"ticket.customField:custom_field_999" No such path');
    const user = await h.client.get('currentUser');
    expect(user['currentUser']).toMatchObject({ id: 1000001, timeZone: { ianaName: 'America/Los_Angeles' } });
  });

  it('set changes the draft and fires the change event to the app', async () => {
    const h = harness();
    const seen: unknown[] = [];
    h.client.on('ticket.priority.changed', (value) => seen.push(value));
    h.client.on('ticket.form.id.changed', (value) => seen.push(value));
    await h.client.set('ticket.priority', 'high');
    await h.client.set('ticket.form.id', 334447);
    await tick();
    expect(h.draft.ticket?.priority).toBe('high');
    expect(h.draft.ticket?.formId).toBe(334447);
    expect(seen).toEqual(['high', 334447]);
    expect(h.changed).toEqual(['ticket.priority', 'ticket.form.id']);
    await expect(h.client.set('ticket.priority', 'critical')).rejects.toThrow('"ticket.priority" invalid priority critical');
    expect(h.draft.ticket?.priority).toBe('high');
  });

  it('routes notify, resize and routeTo to the page', async () => {
    const h = harness();
    await h.client.invoke('notify', 'Reply due in 10 min', 'alert', { sticky: true });
    await h.client.invoke('resize', { width: '100%', height: '420px' });
    await h.client.invoke('routeTo', 'ticket', 100124);
    expect(h.notified).toEqual([['Reply due in 10 min', 'alert', { sticky: true }]]);
    expect(h.resized).toEqual([{ width: '100%', height: '420px' }]);
    expect(h.routed).toEqual([['ticket', 100124]]);
  });

  it('client.request resolves with the complete response on 2xx and rejects on 4xx', async () => {
    const h = harness();
    h.respond({ status: 200, responseText: '{"ok":true}', headers: { 'content-type': 'application/json' } });
    const options = { url: '{{setting.service_url}}/v1/agents/me/notifications', type: 'GET', secure: true, httpCompleteResponse: true };
    await expect(h.client.request(options)).resolves.toEqual({
      status: 200,
      responseText: '{"ok":true}',
      responseJSON: { ok: true },
      headers: { 'content-type': 'application/json' },
    });
    expect(h.requests[0]).toEqual(options);
    h.respond({ status: 401, responseText: '{"code":"invalid_token"}', headers: {} });
    await expect(h.client.request(options)).rejects.toMatchObject({ status: 401, responseJSON: { code: 'invalid_token' } });
    h.respond({ status: 200, responseText: '{"tickets":[]}', headers: {} });
    await expect(h.client.request({ url: '/api/v2/tickets.json', type: 'GET' })).resolves.toEqual({ tickets: [] });
  });

  it('ticket.save: a string blocks with that message, true lets the save go, no handler saves', async () => {
    const h = harness();
    await expect(h.host.runHook('ticket.save')).resolves.toEqual({ allowed: true, message: null });
    let verdict: unknown = 'Set the Problem Type before saving';
    h.client.on('ticket.save', () => verdict);
    await tick();
    await expect(h.host.runHook('ticket.save')).resolves.toEqual({ allowed: false, message: 'Set the Problem Type before saving' });
    verdict = true;
    await expect(h.host.runHook('ticket.save')).resolves.toEqual({ allowed: true, message: null });
    verdict = '';
    await expect(h.host.runHook('ticket.save')).resolves.toEqual({ allowed: false, message: '' });
    verdict = Promise.reject(new Error('Problem Type is required on this form'));
    await expect(h.host.runHook('ticket.save')).resolves.toEqual({ allowed: false, message: 'Problem Type is required on this form' });
    // SDK 2.0.11 `Utils.when` only inspects non-Promise results: a Promise RESOLVING to a string lets the save go.
    verdict = Promise.resolve('resolved strings do not block');
    await expect(h.host.runHook('ticket.save')).resolves.toEqual({ allowed: true, message: null });
    verdict = false;
    await expect(h.host.runHook('ticket.save')).resolves.toEqual({ allowed: false, message: null });
  });

  it('does not deliver events the app never subscribed to, and ignores other apps', async () => {
    const h = harness();
    await h.client.metadata();
    expect(h.host.trigger('ticket.status.changed', 'open')).toBe(false);
    await h.host.receive(JSON.stringify({ id: 1, request: 'get', params: ['ticket.id'], appGuid: 'someone-else' }));
    h.client.on('comment.text.changed', () => undefined);
    await tick();
    expect(h.host.trigger('comment.text.changed', 'hi')).toBe(true);
  });
});
