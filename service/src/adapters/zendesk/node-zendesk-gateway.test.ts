import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  NotFoundError,
  UnprocessableError,
  ZendeskConflictError,
  ZendeskRateLimitedError,
  ZendeskUnavailableError,
} from '../../errors.js';
import type { ZendeskCallEvent } from './call-policy.js';
import { createLogger } from '../../logger.js';
import { captureLogs } from '../../testing/test-app.js';
import { ZendeskResponseError } from './errors.js';
import { NodeZendeskGateway, type NodeZendeskGatewayOptions } from './node-zendesk-gateway.js';
import { FakeClock } from './testing/fake-clock.js';
import { loadFixture } from './testing/fixtures.js';
import { ZENDESK_TEST_BASE, zendeskHandlers } from './testing/handlers.js';

const server = setupServer(...zendeskHandlers);
const u = (path: string) => `${ZENDESK_TEST_BASE}${path}`;

interface Seen {
  method: string;
  url: URL;
  auth: string | null;
}
let seen: Seen[] = [];
server.events.on('request:start', ({ request }) => {
  seen.push({ method: request.method, url: new URL(request.url), auth: request.headers.get('authorization') });
});

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  seen = [];
});
afterAll(() => server.close());

const TOKEN = 'zd-secret-token-123';
let clock: FakeClock;
let calls: ZendeskCallEvent[];

function gateway(overrides: Partial<NodeZendeskGatewayOptions> = {}) {
  clock = new FakeClock();
  calls = [];
  return new NodeZendeskGateway({
    endpointUri: ZENDESK_TEST_BASE,
    auth: { username: 'triage-bot@acme.test', apiToken: TOKEN },
    planRateLimitPerMinute: 700,
    timeoutMs: 100,
    clock,
    onCall: (e) => calls.push(e),
    ...overrides,
  });
}

/** Answers each request with the next response in the list (the last one repeats). */
function sequence(method: 'get' | 'put' | 'post', path: string, responses: (() => Response | Promise<Response>)[]) {
  let i = 0;
  return http[method](u(path), () => {
    const next = responses[Math.min(i, responses.length - 1)]!;
    i += 1;
    return next();
  });
}
const ok = (fixture: string) => () => HttpResponse.json(loadFixture(fixture));
const status = (code: number, headers: Record<string, string> = {}, body: Record<string, unknown> = { error: 'x' }) => () =>
  HttpResponse.json(body, { status: code, headers });

describe('reading tickets', () => {
  it('gets a ticket with the slas sideload, authenticating with the API token', async () => {
    const t = await gateway().getTicket(512734);
    expect(t).toMatchObject({ id: 512734, formId: 426148, priority: 'high', updatedAt: '2026-11-24T17:41:03Z' });
    expect(t.slas).toEqual([{ metric: 'first_reply_time', stage: 'active', breachAt: '2026-11-24T20:05:12Z' }]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url.pathname).toBe('/api/v2/tickets/512734.json');
    expect(seen[0]!.url.searchParams.get('include')).toBe('slas');
    expect(seen[0]!.auth).toBe(`Basic ${Buffer.from(`triage-bot@acme.test/token:${TOKEN}`).toString('base64')}`);
    expect(calls).toEqual([{ endpoint: 'GET /tickets/:id', method: 'GET', status: 200, durationMs: 0 }]);
  });

  it('falls back to show_many when Show Ticket ignores include=slas', async () => {
    server.use(http.get(u('/tickets/512734.json'), ok('ticket-without-slas')));
    const t = await gateway().getTicket(512734);
    expect(t.slas).toEqual([{ metric: 'first_reply_time', stage: 'active', breachAt: '2026-11-24T20:05:12Z' }]);
    expect(seen.map((s) => s.url.pathname)).toEqual(['/api/v2/tickets/512734.json', '/api/v2/tickets/show_many.json']);
    expect(seen[1]!.url.searchParams.get('ids')).toBe('512734');
    expect(seen[1]!.url.searchParams.get('include')).toBe('slas');
  });

  it('reads comment events with author roles from the users sideload', async () => {
    const events = await gateway().getTicketComments(512734);
    expect(events.map((e) => [e.authorRole, e.public])).toEqual([
      ['end-user', true],
      ['system', false],
      ['agent', false],
      ['agent', true],
    ]);
    expect(seen[0]!.url.searchParams.get('include')).toBe('users');
  });

  it('follows next_page for comments', async () => {
    const page = loadFixture('ticket-comments') as { comments: unknown[]; users: unknown[] };
    server.use(
      http.get(u('/tickets/:id/comments.json'), ({ request }) => {
        const second = new URL(request.url).searchParams.get('page') === '2';
        return HttpResponse.json({
          comments: second ? page.comments.slice(2) : page.comments.slice(0, 2),
          users: page.users,
          next_page: second ? null : u('/tickets/512734/comments.json?include=users&page=2'),
        });
      }),
    );
    expect(await gateway().getTicketComments(512734)).toHaveLength(4);
    expect(seen).toHaveLength(2);
  });

  it("reads the ticket's priority, status, form and organization changes from its audits, oldest first", async () => {
    const { changes, latestAuditAt } = await gateway().getTicketHistory(512734);
    expect(seen.map((s) => s.url.pathname)).toEqual(['/api/v2/tickets/512734/audits.json']);
    // The update the history is read through: the newest audit.
    expect(latestAuditAt).toBe('2026-11-24T16:31:09Z');
    // Create events, tags, custom statuses, comments and notifications are not changes a deadline depends on.
    expect(changes).toEqual([
      { at: '2026-11-24T16:20:45Z', field: 'organization', from: null, to: '360045218731', via: 'web' },
      { at: '2026-11-24T16:20:45Z', field: 'form', from: '360000511431', to: '426148', via: 'web' },
      { at: '2026-11-24T16:31:09Z', field: 'priority', from: 'normal', to: 'high', via: 'web' },
      // A trigger's action within the agent's update carries its own via.
      { at: '2026-11-24T16:31:09Z', field: 'status', from: 'new', to: 'open', via: 'rule' },
    ]);
  });

  it('follows next_page for audits', async () => {
    const { audits } = loadFixture('ticket-audits') as { audits: unknown[] };
    server.use(
      http.get(u('/tickets/:id/audits.json'), ({ request }) => {
        const second = new URL(request.url).searchParams.get('page') === '2';
        return HttpResponse.json({
          audits: second ? audits.slice(2) : audits.slice(0, 2),
          next_page: second ? null : u('/tickets/512734/audits.json?page=2'),
        });
      }),
    );
    const history = await gateway().getTicketHistory(512734);
    expect(history.changes.map((c) => c.field)).toEqual(['organization', 'form', 'priority', 'status']);
    expect(history.latestAuditAt).toBe('2026-11-24T16:31:09Z');
    expect(seen).toHaveLength(2);
  });

  it('chunks show_many into calls of at most 100 ids', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => 600000 + i);
    await gateway().showManyTickets([...ids, 600000]);
    expect(seen.map((s) => s.url.searchParams.get('ids')!.split(',').length)).toEqual([100, 100, 50]);
    expect(seen[2]!.url.searchParams.get('ids')!.split(',')[49]).toBe('600249');
  });

  it('lists the requester’s tickets', async () => {
    const tickets = await gateway().listRequesterTickets(389614725013);
    expect(tickets.map((t) => t.id)).toEqual([512734, 512735]);
    expect(seen[0]!.url.pathname).toBe('/api/v2/users/389614725013/tickets/requested.json');
  });
});

describe('the page limit of paged lists (20 pages)', () => {
  /** Comment pages 1…`total`, each with 2 comments and a `next_page` to the following one until the last. */
  function commentPages(total: number) {
    const page = loadFixture('ticket-comments') as { comments: unknown[]; users: unknown[] };
    server.use(
      http.get(u('/tickets/:id/comments.json'), ({ request }) => {
        const n = Number(new URL(request.url).searchParams.get('page') ?? '1');
        return HttpResponse.json({
          comments: page.comments.slice(0, 2),
          users: page.users,
          next_page: n < total ? u(`/tickets/512734/comments.json?include=users&page=${n + 1}`) : null,
        });
      }),
    );
  }
  function withLogs() {
    const logs = captureLogs();
    // No `secrets` scrubbing: a token in the line would show here rather than be hidden.
    return { logs, gw: gateway({ logger: createLogger({ level: 'info', stream: logs.stream }) }) };
  }

  it('stops after 20 pages with a next page still pending, and says so: endpoint, pages and items read', async () => {
    commentPages(25);
    const { logs, gw } = withLogs();
    const events = await gw.getTicketComments(512734);
    expect(seen).toHaveLength(20);
    expect(events).toHaveLength(40);
    const warnings = logs.lines().map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['level'] === 40);
    expect(warnings).toEqual([
      expect.objectContaining({
        endpoint: 'GET /tickets/:id/comments',
        path: '/tickets/512734/comments',
        pages: 20,
        items: 40,
        msg: 'Zendesk list GET /tickets/:id/comments has more than 20 pages: read 20 pages (40 items) and ignored the rest',
      }),
    ]);
    expect(logs.text()).not.toContain(TOKEN);
    expect(logs.text()).not.toContain(Buffer.from(`triage-bot@acme.test/token:${TOKEN}`).toString('base64'));
  });

  it('says nothing for a list that ends within the limit, the 20th page included', async () => {
    commentPages(20);
    const { logs, gw } = withLogs();
    expect(await gw.getTicketComments(512734)).toHaveLength(40);
    expect(seen).toHaveLength(20);
    expect(logs.lines()).toEqual([]);
  });
});

describe('rate limits and retries', () => {
  it('waits exactly Retry-After on a 429, then retries once', async () => {
    server.use(sequence('get', '/tickets/:id.json', [status(429, { 'Retry-After': '3' }), ok('ticket-with-slas')]));
    const gw = gateway();
    const t = await gw.getTicket(512734);
    expect(t.id).toBe(512734);
    expect(clock.sleeps).toEqual([3000]);
    expect(seen).toHaveLength(2);
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
  });

  it('honours Retry-After on a 503 as well', async () => {
    server.use(sequence('get', '/organizations/:id.json', [status(503, { 'Retry-After': '2' }), ok('organization')]));
    await gateway().getOrganization(360045218731);
    expect(clock.sleeps).toEqual([2000]);
    expect(seen).toHaveLength(2);
  });

  it('gives up with ZendeskRateLimitedError when Retry-After is longer than the max wait', async () => {
    server.use(sequence('get', '/tickets/:id.json', [status(429, { 'Retry-After': '120' })]));
    const error = await gateway().getTicket(512734).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskRateLimitedError);
    expect(error).toMatchObject({ retryAfterSeconds: 120, endpoint: 'GET /tickets/:id', statusCode: 503 });
    expect(clock.sleeps).toEqual([]);
    expect(seen).toHaveLength(1);
  });

  it('retries a rate limit only once', async () => {
    server.use(sequence('get', '/tickets/:id.json', [status(429, { 'Retry-After': '1' })]));
    const error = await gateway().getTicket(512734).catch((e: unknown) => e);
    expect(error).toMatchObject({ retryAfterSeconds: 1 });
    expect(clock.sleeps).toEqual([1000]);
    expect(seen).toHaveLength(2);
  });

  it('retries a 500 with a backoff and succeeds', async () => {
    server.use(sequence('get', '/users/:id.json', [status(500), ok('user-requester')]));
    const user = await gateway().getUser(389614725013);
    expect(user.email).toBe('dana.whitfield@acme-robotics.example');
    expect(seen).toHaveLength(2);
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThan(0);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(2000);
  });

  it('throws ZendeskUnavailableError after three 5xx answers', async () => {
    server.use(sequence('get', '/users/:id.json', [status(502)]));
    const error = await gateway().getUser(389614725013).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskUnavailableError);
    expect(error).toMatchObject({ upstreamStatus: 502, statusCode: 502, message: 'Zendesk failed with HTTP 502 for GET /users/:id after 3 attempts' });
    expect(seen).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
  });

  it('times out a hanging request and retries it', async () => {
    server.use(http.get(u('/users/:id.json'), async () => {
      await delay('infinite');
      return HttpResponse.json({});
    }));
    const error = await gateway({ timeoutMs: 30 }).getUser(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskUnavailableError);
    expect((error as Error).message).toBe('Zendesk failed with a timeout for GET /users/:id after 3 attempts');
    expect(calls.map((c) => c.status)).toEqual([0, 0, 0]);
  });

  it('retries a network error', async () => {
    server.use(sequence('get', '/users/:id.json', [() => HttpResponse.error(), ok('user-requester')]));
    await expect(gateway().getUser(389614725013)).resolves.toMatchObject({ id: 389614725013 });
    expect(seen).toHaveLength(2);
  });

  it('does not retry credentials refused, and never echoes the token', async () => {
    server.use(sequence('get', '/users/:id.json', [status(401, {}, { error: "Couldn't authenticate you" })]));
    const error = await gateway().getUser(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskUnavailableError);
    expect(error).toMatchObject({ upstreamStatus: 401 });
    expect(JSON.stringify(error) + String(error)).not.toContain(TOKEN);
    expect(seen).toHaveLength(1);
  });

  it('maps 404 to NotFoundError', async () => {
    server.use(sequence('get', '/tickets/:id.json', [status(404, {}, { error: 'RecordNotFound', description: 'Not found' })]));
    await expect(gateway().getTicket(9)).rejects.toBeInstanceOf(NotFoundError);
    expect(seen).toHaveLength(1);
  });

  it('spends the client-side budget and then waits for it (injected clock)', async () => {
    const gw = gateway({ planRateLimitPerMinute: 5 }); // 80 % → 4 a minute
    for (let i = 0; i < 5; i += 1) await gw.getUser(389614725013);
    expect(clock.sleeps).toEqual([15_000]);
    expect(seen).toHaveLength(5);
  });
});

describe('parsing', () => {
  it('turns a response missing a required field into a 502 naming the field', async () => {
    const { ticket } = loadFixture('ticket-with-slas') as { ticket: Record<string, unknown> };
    const { updated_at: _dropped, ...broken } = ticket;
    server.use(http.get(u('/tickets/:id.json'), () => HttpResponse.json({ ticket: broken })));
    const error = await gateway().getTicket(512734).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskResponseError);
    expect(error).toMatchObject({ statusCode: 502 });
    expect((error as Error).message).toBe(
      'Zendesk returned an unexpected response for GET /tickets/:id: ticket.updated_at: expected string, received undefined',
    );
  });
});

describe('writes', () => {
  it('updates a ticket with safe_update and the exact body', async () => {
    let body: unknown;
    server.use(http.put(u('/tickets/:id.json'), async ({ request }) => {
      body = await request.json();
      const { ticket } = loadFixture('ticket-without-slas') as { ticket: Record<string, unknown> };
      return HttpResponse.json({ ticket: { ...ticket, organization_id: 360051109922, ticket_form_id: 4414917877650 } });
    }));
    const t = await gateway().updateTicket(
      512734,
      { organizationId: 360051109922, formId: 4414917877650, comment: { body: 'Associated org per Sold-to.', public: false } },
      '2026-11-24T17:41:03Z',
    );
    expect(body).toEqual({
      ticket: {
        organization_id: 360051109922,
        ticket_form_id: 4414917877650,
        comment: { body: 'Associated org per Sold-to.', public: false },
        safe_update: true,
        updated_stamp: '2026-11-24T17:41:03Z',
      },
    });
    expect(JSON.stringify(body)).toBe(
      '{"ticket":{"organization_id":360051109922,"ticket_form_id":4414917877650,"comment":{"body":"Associated org per Sold-to.","public":false},"safe_update":true,"updated_stamp":"2026-11-24T17:41:03Z"}}',
    );
    expect(t).toMatchObject({ organizationId: 360051109922, formId: 4414917877650 });
    expect(seen[0]!.url.pathname).toBe('/api/v2/tickets/512734.json');
  });

  it('sends priority and custom fields as Zendesk expects', async () => {
    let body: unknown;
    server.use(http.put(u('/tickets/:id.json'), async ({ request }) => {
      body = await request.json();
      return HttpResponse.json(loadFixture('ticket-without-slas'));
    }));
    await gateway().updateTicket(512734, { priority: 'urgent', customFields: [{ id: 360017156474, value: 'sm_upgrades' }] }, '2026-11-24T17:41:03Z');
    expect(body).toEqual({
      ticket: { priority: 'urgent', custom_fields: [{ id: 360017156474, value: 'sm_upgrades' }], safe_update: true, updated_stamp: '2026-11-24T17:41:03Z' },
    });
  });

  it('throws ZendeskConflictError on 409 from safe_update', async () => {
    server.use(sequence('put', '/tickets/:id.json', [status(409, {}, { error: 'UpdateConflict', description: 'Ticket changed' })]));
    const error = await gateway().updateTicket(512734, { priority: 'high' }, '2026-11-24T17:41:03Z').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskConflictError);
    expect(error).toMatchObject({ statusCode: 409, endpoint: 'PUT /tickets/:id' });
    expect(seen).toHaveLength(1);
  });

  it('creates a membership with the exact body', async () => {
    let body: unknown;
    server.use(http.post(u('/organization_memberships.json'), async ({ request }) => {
      body = await request.json();
      return HttpResponse.json(loadFixture('membership-created'), { status: 201 });
    }));
    const result = await gateway().createMembership(389614725099, 360045218731);
    expect(body).toEqual({ organization_membership: { user_id: 389614725099, organization_id: 360045218731 } });
    expect(result).toEqual({
      alreadyMember: false,
      membership: { id: 364401110003, userId: 389614725099, organizationId: 360045218731, isDefault: true },
    });
  });

  it('treats 422 "already a member" as done', async () => {
    server.use(sequence('post', '/organization_memberships.json', [() => HttpResponse.json(loadFixture('membership-already-member'), { status: 422 })]));
    await expect(gateway().createMembership(389614725013, 360045218731)).resolves.toEqual({ alreadyMember: true });
  });

  it('reports any other 422 as unprocessable with Zendesk’s description', async () => {
    server.use(sequence('post', '/organization_memberships.json', [status(422, {}, { error: 'RecordInvalid', description: 'Organization is invalid' })]));
    const error = await gateway().createMembership(1, 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableError);
    expect((error as Error).message).toBe('Zendesk refused the membership: Organization is invalid');
  });

  it('retries the membership POST after a 503 and accepts the replay’s 422', async () => {
    server.use(sequence('post', '/organization_memberships.json', [status(500), () => HttpResponse.json(loadFixture('membership-already-member'), { status: 422 })]));
    await expect(gateway().createMembership(389614725013, 360045218731)).resolves.toEqual({ alreadyMember: true });
    expect(seen).toHaveLength(2);
  });

  it('appends a line to the user’s notes (read, then write)', async () => {
    let body: unknown;
    server.use(http.put(u('/users/:id.json'), async ({ request }) => {
      body = await request.json();
      return HttpResponse.json(loadFixture('user-requester'));
    }));
    await gateway().appendUserNotes(389614725013, '2026-11-24: associated with Acme Robotics (ticket #512734).');
    expect(body).toEqual({ user: { notes: 'Sold-to contact since 2025-03.\n2026-11-24: associated with Acme Robotics (ticket #512734).' } });
    expect(seen.map((s) => s.method)).toEqual(['GET', 'PUT']);
  });
});

describe('organizations and users', () => {
  it('caches organizations for the TTL', async () => {
    const gw = gateway({ organizationCacheTtlMs: 60_000 });
    const first = await gw.getOrganization(360045218731);
    const second = await gw.getOrganization(360045218731);
    expect(second).toEqual(first);
    expect(seen).toHaveLength(1);
    clock.advance(60_001);
    await gw.getOrganization(360045218731);
    expect(seen).toHaveLength(2);
  });

  it('fetches only uncached organizations with show_many, in the order asked', async () => {
    const gw = gateway();
    await gw.getOrganization(360045218731);
    const orgs = await gw.getOrganizations([360051109922, 360045218731, 42]);
    expect(orgs.map((o) => o.id)).toEqual([360051109922, 360045218731]);
    expect(seen.map((s) => s.url.pathname)).toEqual(['/api/v2/organizations/360045218731.json', '/api/v2/organizations/show_many.json']);
    expect(seen[1]!.url.searchParams.get('ids')).toBe('360051109922,42');
  });

  it('finds organizations by domain, keeping only exact domain_names matches', async () => {
    const orgs = await gateway().searchOrganizationsByDomain('ACME-robotics.example');
    expect(orgs.map((o) => o.name)).toEqual(['Acme Robotics', 'Acme Robotics (EMEA)']);
    expect(seen[0]!.url.searchParams.get('query')).toBe('type:organization domain_names:acme-robotics.example');
  });

  it('lists colleagues on an email domain, keeping only exact @domain matches', async () => {
    const users = await gateway().listUsersByEmailDomain('acme-robotics.example');
    expect(users.map((u) => u.email)).toEqual(['dana.whitfield@acme-robotics.example', 'lee.park@acme-robotics.example']);
    expect(seen[0]!.url.searchParams.get('query')).toBe('type:user email:*@acme-robotics.example');
  });

  it('counts organization members from the related endpoint', async () => {
    await expect(gateway().countOrganizationMembers(360045218731)).resolves.toBe(12);
    expect(seen[0]!.url.pathname).toBe('/api/v2/organizations/360045218731/related.json');
  });

  it('reuses a membership list only when asked for a cached one, for the organization TTL, and never after creating one', async () => {
    const gw = gateway();
    const membershipCalls = () => calls.filter((c) => c.endpoint === 'GET /users/:id/organization_memberships').length;
    await gw.listUserMemberships(389614725013, { cached: true });
    await gw.listUserMemberships(389614725013, { cached: true });
    expect(membershipCalls()).toBe(1);
    await gw.listUserMemberships(389614725013); // fix runs: always fresh
    expect(membershipCalls()).toBe(2);
    server.use(http.post(u('/organization_memberships.json'), () => HttpResponse.json(loadFixture('membership-created'), { status: 201 })));
    await gw.createMembership(389614725013, 360045218731);
    await gw.listUserMemberships(389614725013, { cached: true });
    expect(membershipCalls()).toBe(3);
    clock.advance(121_000);
    await gw.listUserMemberships(389614725013, { cached: true });
    expect(membershipCalls()).toBe(4);
  });

  it('lists the user’s memberships, default first', async () => {
    const m = await gateway().listUserMemberships(389614725013);
    expect(m).toEqual([
      { id: 364401110001, userId: 389614725013, organizationId: 360045218731, isDefault: true },
      { id: 364401110002, userId: 389614725013, organizationId: 360051109922, isDefault: false },
    ]);
  });
});

describe('account configuration (cached)', () => {
  it('lists forms, fields and SLA policies once per TTL', async () => {
    const gw = gateway();
    const forms = await gw.listTicketForms();
    await gw.listTicketForms();
    expect(forms[0]).toEqual({ id: 426148, name: 'Self-Managed', active: true, isDefault: false, fieldIds: [360020735319, 360017156474, 360018253094] });
    const fields = await gw.listTicketFields();
    expect(fields.find((f) => f.id === 360020735319)?.options.map((o) => o.value)).toEqual(['severity_1', 'severity_2', 'severity_3', 'severity_4']);
    const policies = await gw.listSlaPolicies();
    await gw.listSlaPolicies();
    expect(policies[0]!.metrics[1]).toEqual({ priority: 'high', metric: 'first_reply_time', targetMinutes: 240, businessHours: true });
    expect(seen.map((s) => s.url.pathname)).toEqual(['/api/v2/ticket_forms.json', '/api/v2/ticket_fields.json', '/api/v2/slas/policies.json']);
    clock.advance(600_001);
    await gw.listTicketForms();
    expect(seen).toHaveLength(4);
  });

  it('shares one read among callers that miss the cache while it is under way', async () => {
    const gw = gateway();
    const [a, b, c] = await Promise.all([gw.listTicketForms(), gw.listTicketForms(), gw.listTicketForms()]);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(seen.map((s) => s.url.pathname)).toEqual(['/api/v2/ticket_forms.json']);
  });

  it('keeps no failed configuration read: the next caller reads again', async () => {
    server.use(sequence('get', '/ticket_forms.json', [status(429, { 'Retry-After': '120' }), ok('ticket-forms')]));
    const gw = gateway();
    const failed = await Promise.all([gw.listTicketForms(), gw.listTicketForms()].map((read) => read.catch((e: unknown) => e)));
    expect(failed[0]).toBeInstanceOf(ZendeskRateLimitedError);
    expect(failed[1]).toBe(failed[0]);
    expect((await gw.listTicketForms())[0]?.name).toBe('Self-Managed');
    expect(seen).toHaveLength(2);
  });

  it('reads schedules with IANA zones', async () => {
    const gw = gateway();
    const s = await gw.getSchedule(360000092331);
    await gw.getSchedule(360000092331);
    expect(s.timeZone).toBe('America/Los_Angeles');
    expect(s.intervals[5]).toEqual({ day: 'fri', start: '00:00', end: '17:00' });
    const all = await gw.listSchedules();
    expect(all.map((x) => x.timeZone)).toEqual(['America/Los_Angeles', 'Australia/Brisbane']);
    expect(seen.map((x) => x.url.pathname)).toEqual(['/api/v2/business_hours/schedules/360000092331.json', '/api/v2/business_hours/schedules.json']);
  });
});
