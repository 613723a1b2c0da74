import { setupServer } from 'msw/node';
import zendesk from 'node-zendesk';
import { ENTITLEMENT_AUTO_REPLY, createSimulator, type ZendeskSimulator } from './model.js';
import { DEFAULT_BASE_URL, zendeskHandlers } from './msw.js';
import { seedGitLabAccount, type SeedResult } from './seed.js';
import { startSimulatorServer, type RunningSimulatorServer } from './server.js';

// node-zendesk is CommonJS: the default import is the one that works in built ESM too (STACK.md).
const { createClient } = zendesk;

const NOW = new Date('2026-11-25T18:00:00Z');
const SAAS = 334447;

/** What a node-zendesk call resolves to, typed loosely: the library is any-typed. */
type Outcome = { response: { status: number }; result: unknown };

function client(endpointUri: string) {
  return createClient({ username: 'triage-assistant@gitlab.com', token: 'test-token', endpointUri, throwOriginalException: true });
}

async function statusOf(call: Promise<unknown>): Promise<{ status: number; body: unknown }> {
  try {
    await call;
  } catch (error) {
    const e = error as { statusCode?: number; result?: unknown };
    return { status: e.statusCode ?? -1, body: e.result };
  }
  return { status: 200, body: null };
}

/** The order-dependent behaviour the product exists for, through a real node-zendesk client on either door. */
function fixFlowTests(door: () => { sim: ZendeskSimulator; seed: SeedResult; baseUrl: string }) {
  it('reads a ticket through `.json` with include=slas, lists memberships, and pages users by cursor with page[size]=100', async () => {
    const { sim, seed, baseUrl } = door();
    const zd = client(baseUrl);
    const id = seed.tickets['premium'] ?? 0;
    const shown = (await zd.tickets.get(['tickets', id, { include: 'slas' }])) as unknown as Outcome;
    expect(shown.response.status).toBe(200);
    const ticket = (shown.result as { ticket?: { id: number; slas: unknown } }).ticket ?? (shown.result as { id: number; slas: unknown });
    expect(ticket.id).toBe(id);
    expect(ticket.slas).toEqual({ policy_metrics: [{ breach_at: '2026-11-25T23:00:00Z', stage: 'active', metric: 'first_reply_time', hours: 5 }] });

    const alice = seed.users['alice'] ?? 0;
    const memberships = (await zd.organizationmemberships.list()) as unknown as { user_id: number; organization_id: number }[];
    expect(memberships).toHaveLength(sim.memberships.size);
    expect(memberships.filter((m) => m.user_id === alice).map((m) => m.organization_id)).toEqual([seed.organizations['acme']]);

    // 150 more users make two cursor pages; node-zendesk follows links.next and flattens them.
    for (let i = 0; i < 150; i += 1) sim.createUser({ name: `Bulk ${i}`, email: `bulk${i}@example.test` });
    const users = (await zd.users.list()) as unknown as { id: number }[];
    expect(users.map((u) => u.id)).toEqual([...sim.users.keys()].sort((a, b) => a - b));

    const log = sim.requestLog.map((r) => r.url);
    expect(log.slice(0, 3)).toEqual([
      `/api/v2/tickets/${id}.json?include=slas`,
      '/api/v2/organization_memberships.json',
      '/api/v2/users.json?page%5Bsize%5D=100',
    ]);
    expect(log[3]).toMatch(/^\/api\/v2\/users\.json\?page%5Bsize%5D=100&page%5Bafter%5D=\w+$/);
    expect(sim.requestLog.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /tickets/:id 200',
      'GET /organization_memberships 200',
      'GET /users 200',
      'GET /users 200',
    ]);
  });

  it('org first, then form: no auto-reply; a duplicate membership is a 422 the fix treats as success', async () => {
    const { sim, seed, baseUrl } = door();
    const zd = client(baseUrl);
    const id = seed.tickets['needsOrgGood'] ?? 0;
    const nina = seed.users['nina'] ?? 0;
    const acme = seed.organizations['acme'] ?? 0;
    const before = sim.getTicket(id).updated_at;

    const created = (await zd.organizationmemberships.create({ user_id: nina, organization_id: acme })) as unknown as Outcome;
    expect(created.response.status).toBe(201);
    const duplicate = await statusOf(zd.organizationmemberships.create({ user_id: nina, organization_id: acme }));
    expect(duplicate.status).toBe(422);
    expect(JSON.stringify(duplicate.body)).toContain('User is already a member of this organization');

    const updated = (await zd.tickets.update(id, { ticket: { organization_id: acme, ticket_form_id: SAAS, safe_update: true, updated_stamp: before } } as never)) as unknown as Outcome;
    expect(updated.response.status).toBe(200);
    expect(sim.getTicket(id)).toMatchObject({ organization_id: acme, ticket_form_id: SAAS });
    expect(sim.ticketComments(id)).toHaveLength(1);

    // Replaying the same update with the old stamp is refused: nothing is written twice.
    const replay = await statusOf(zd.tickets.update(id, { ticket: { priority: 'low', safe_update: true, updated_stamp: before } } as never));
    expect(replay.status).toBe(409);
    expect(sim.writeCount()).toBe(2);
  });

  it('form first (the wrong order): the requester gets the entitlement auto-reply', async () => {
    const { sim, seed, baseUrl } = door();
    const zd = client(baseUrl);
    const id = seed.tickets['needsOrgGood'] ?? 0;
    await zd.tickets.update(id, { ticket: { ticket_form_id: SAAS } } as never);
    const comments = sim.ticketComments(id);
    expect(comments.at(-1)).toMatchObject({ public: true, author_id: -1, body: ENTITLEMENT_AUTO_REPLY });

    const listed = (await zd.tickets.get(['tickets', id, 'comments'])) as unknown as Outcome;
    const page = listed.result as { comments?: { body: string }[] } | { body: string }[];
    const bodies = (Array.isArray(page) ? page : (page.comments ?? [])).map((c) => c.body);
    expect(bodies.at(-1)).toBe(ENTITLEMENT_AUTO_REPLY);
  });

  it('refuses an organization the requester does not belong to with 422', async () => {
    const { seed, baseUrl } = door();
    const outcome = await statusOf(
      client(baseUrl).tickets.update(seed.tickets['needsOrgGood'] ?? 0, { ticket: { organization_id: seed.organizations['umbrella'] } } as never),
    );
    expect(outcome.status).toBe(422);
  });
}

describe('msw door (service tests)', () => {
  let sim = createSimulator({ now: () => NOW });
  let seed = seedGitLabAccount(sim, NOW);
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    sim = createSimulator({ now: () => NOW });
    seed = seedGitLabAccount(sim, NOW);
    server.resetHandlers(...zendeskHandlers(sim));
  });
  afterAll(() => server.close());

  fixFlowTests(() => ({ sim, seed, baseUrl: DEFAULT_BASE_URL }));

  it('answers 401 without credentials', async () => {
    const res = await fetch(`${DEFAULT_BASE_URL}/tickets/${seed.tickets['premium']}.json`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Couldn't authenticate you" });
  });

  it('answers 429 with Retry-After past the configured rate, and node-zendesk resolves with an Error result', async () => {
    sim.rateLimitPerMinute = 3;
    const headers = { Authorization: 'Bearer t' };
    for (let i = 0; i < 3; i += 1) expect((await fetch(`${DEFAULT_BASE_URL}/ticket_forms.json`, { headers })).status).toBe(200);
    const limited = await fetch(`${DEFAULT_BASE_URL}/ticket_forms.json`, { headers });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');

    const { result } = (await client(DEFAULT_BASE_URL).tickets.show(seed.tickets['premium'] ?? 0)) as unknown as Outcome;
    expect(result).toBeInstanceOf(Error);
    expect((result as { statusCode?: number }).statusCode).toBe(429);

    // The window rolls: a minute later the budget is back.
    sim.advanceClock(60_000);
    expect((await fetch(`${DEFAULT_BASE_URL}/ticket_forms.json`, { headers })).status).toBe(200);
  });

  it('pages comments by cursor and follows links.next', async () => {
    const id = seed.tickets['answeredWaitingAgent'] ?? 0;
    const headers = { Authorization: 'Bearer t' };
    const first = (await (await fetch(`${DEFAULT_BASE_URL}/tickets/${id}/comments.json?page[size]=2`, { headers })).json()) as {
      comments: { id: number }[];
      meta: { has_more: boolean };
      links: { next: string | null };
    };
    expect(first.comments).toHaveLength(2);
    expect(first.meta.has_more).toBe(true);
    const second = (await (await fetch(first.links.next ?? '', { headers })).json()) as typeof first;
    expect(second.comments.map((c) => c.id)).toEqual(sim.ticketComments(id).slice(2).map((c) => c.id));
    expect(second.meta.has_more).toBe(false);
    expect(second.links.next).toBeNull();
  });

  it('sideloads users on Show Ticket and lists audits, the trigger reply inside the form-change audit', async () => {
    const id = seed.tickets['needsOrgGood'] ?? 0;
    const headers = { Authorization: 'Bearer t', 'Content-Type': 'application/json' };
    const put = await fetch(`${DEFAULT_BASE_URL}/tickets/${id}.json`, { method: 'PUT', headers, body: JSON.stringify({ ticket: { ticket_form_id: SAAS } }) });
    expect(put.status).toBe(200);
    const shown = (await (await fetch(`${DEFAULT_BASE_URL}/tickets/${id}.json?include=slas,users`, { headers })).json()) as {
      ticket: { slas: unknown };
      users: { id: number }[];
    };
    expect(shown.users.map((u) => u.id)).toEqual([seed.users['nina']]);
    expect(shown.ticket.slas).toEqual({ policy_metrics: [] });
    const audits = (await (await fetch(`${DEFAULT_BASE_URL}/tickets/${id}/audits.json`, { headers })).json()) as {
      audits: { author_id: number; events: { type: string; field_name?: string; via?: { channel: string } }[] }[];
      count: number;
    };
    expect(audits.count).toBe(2);
    // The PUT acted as the API user (Bearer token → the account's API user).
    expect(audits.audits[1]?.author_id).toBe(seed.apiUserId);
    expect(audits.audits[1]?.events.map((e) => [e.type, e.field_name ?? null, e.via?.channel ?? null])).toEqual([
      ['Change', 'ticket_form_id', null],
      ['Comment', null, 'rule'],
      ['Change', 'tags', 'rule'],
    ]);
  });

  it('searches organizations by domain and users by email domain, offset-paged', async () => {
    const headers = { Authorization: 'Bearer t' };
    const q = (query: string) => fetch(`${DEFAULT_BASE_URL}/search.json?query=${encodeURIComponent(query)}`, { headers }).then((r) => r.json()) as Promise<{ results: { name: string; result_type: string }[]; count: number; next_page: null }>;
    const orgs = await q('type:organization domain_names:globex.example');
    expect(orgs.results.map((r) => [r.result_type, r.name])).toEqual([
      ['organization', 'Globex Corporation'],
      ['organization', 'Globex Labs'],
    ]);
    expect(orgs.next_page).toBeNull();
    const users = await q('type:user email:*@acme.example');
    expect(users.results.map((r) => r.name).sort()).toEqual(['Alice Acme', 'Bob Acme', 'Morgan Two-Orgs', 'Nina Newhire']);
  });
});

describe('HTTP door (local workspace, end-to-end) on an ephemeral port', () => {
  let running: RunningSimulatorServer;
  let sim: ZendeskSimulator;
  let seed: SeedResult;
  beforeAll(async () => {
    sim = createSimulator({ now: () => NOW });
    running = await startSimulatorServer({ sim, port: 0, seed: (s) => void seedGitLabAccount(s, NOW) });
  });
  beforeEach(() => {
    sim.reset();
    seed = seedGitLabAccount(sim, NOW);
  });
  afterAll(() => running.close());

  fixFlowTests(() => ({ sim, seed, baseUrl: running.baseUrl }));

  it('time-travels and resets through the admin surface', async () => {
    const id = seed.tickets['nearBreachUrgent'] ?? 0;
    const clock = await fetch(`http://127.0.0.1:${running.port}/__sim/clock`, { method: 'POST', body: JSON.stringify({ advanceMinutes: 15 }) });
    expect(await clock.json()).toEqual({ now: '2026-11-25T18:15:00.000Z' });
    expect(sim.ticketSlas(id).policy_metrics[0]).toMatchObject({ breach_at: '2026-11-25T18:10:00Z', minutes: -5 });
    const reset = await fetch(`http://127.0.0.1:${running.port}/__sim/reset`, { method: 'POST' });
    expect(await reset.json()).toEqual({ tickets: seed.ticketCount, users: sim.users.size, organizations: sim.organizations.size });
    expect(sim.now().toISOString()).toBe(NOW.toISOString());
  });
});
