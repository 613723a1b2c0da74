import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { NodeZendeskGateway } from '../../adapters/zendesk/node-zendesk-gateway.js';
import { FakeClock } from '../../adapters/zendesk/testing/fake-clock.js';
import { buildTestApp, type TestApp } from '../../testing/test-app.js';
import { FAKE_BASE, FakeZendesk, SYSTEM_USER_ID } from '../../use-cases/fix-runs/testing/fake-zendesk.js';
import { fixRunServiceFor } from './fix-runs.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const TICKET = 1001;
const ORG = 77;
const BODY = {
  actions: [
    { kind: 'associate_organization', organizationId: ORG },
    { kind: 'set_form', formId: 200, formName: 'SaaS' },
  ],
  internalNote: false,
  userNote: false,
};

let fake: FakeZendesk;
let t: TestApp;
let keySeq = 0;

const gateway = () =>
  new NodeZendeskGateway({
    endpointUri: FAKE_BASE,
    auth: { username: 'bot@acme.test', apiToken: 'zd-token' },
    planRateLimitPerMinute: 2500,
    timeoutMs: 1000,
    clock: new FakeClock(),
  });

// One app (and database) for the file: opening PGlite is the slow part. Keys differ per test.
beforeAll(async () => {
  t = await buildTestApp({ zendesk: gateway() });
}, 60_000);
afterAll(() => t.close());

beforeEach(() => {
  keySeq += 1;
  fake = new FakeZendesk(40);
  server.resetHandlers(...fake.handlers());
  fake.orgs.set(ORG, { id: ORG, name: 'Acme Corp' });
  fake.users.set(5, { id: 5, name: 'Riley', email: 'riley@acme.example', role: 'end-user', notes: '' });
  fake.addTicket({ id: TICKET, requester_id: 5, organization_id: null, ticket_form_id: 100 });
  fake.forms.set(100, { id: 100, name: 'General', active: true });
  fake.forms.set(200, { id: 200, name: 'SaaS', active: true });
});

const post = async (body: object, headers: Record<string, string> = { 'idempotency-key': `fix-${keySeq}` }, agentId = 7, app = t) =>
  app.app.inject({ method: 'POST', url: `/v1/tickets/${TICKET}/fix-runs`, headers: { ...(await app.authFor(agentId)), ...headers }, payload: body });

describe('POST /v1/tickets/:id/fix-runs', () => {
  it('runs the fix and answers 200 with the finished run and its Location; the same key returns the same run', async () => {
    const res = await post(BODY);
    expect(res.statusCode).toBe(200);
    const run = res.json();
    expect(run).toMatchObject({ ticketId: TICKET, agentId: 7, state: 'succeeded', error: null, createdAt: '2026-11-24T18:00:00.000Z' });
    expect(run.steps.map((s: { kind: string; state: string }) => `${s.kind}:${s.state}`)).toEqual([
      'create_membership:done',
      'set_organization:done',
      'set_form:done',
    ]);
    expect(res.headers['location']).toBe(`/v1/fix-runs/${run.id}`);
    expect(fake.writes.map((w) => `${w.method} ${w.path}`)).toEqual(['POST /organization_memberships', 'PUT /tickets/1001']);
    expect(fake.tickets.get(TICKET)).toMatchObject({ organization_id: ORG, ticket_form_id: 200 });
    expect(fake.comments.get(TICKET)!.filter((c) => c.author_id === SYSTEM_USER_ID)).toEqual([]);

    const again = await post(BODY);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(run);
    expect(fake.writes).toHaveLength(2);

    const reused = await post({ ...BODY, actions: [{ kind: 'set_priority', priority: 'high' }] });
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toEqual({
      statusCode: 409,
      error: 'Conflict',
      code: 'idempotency_key_reused',
      message: 'Idempotency-Key reused with a different request: use a new key for a different fix',
    });
  });

  it('answers 202 while the run is still going, then GET shows its progress', async () => {
    let release!: () => void;
    fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'hold', until: new Promise<void>((r) => (release = r)) });
    // Its own app: the runner (with its time budget) is created once per app.
    const own = await buildTestApp({ zendesk: gateway() });
    try {
      await own.app.ready();
      const service = fixRunServiceFor(own.app, { syncBudgetMs: 30 });
      const res = await post(BODY, undefined, 7, own);
      expect(res.statusCode).toBe(202);
      const id = res.json().id as string;
      const progress = await own.app.inject({ method: 'GET', url: `/v1/fix-runs/${id}`, headers: await own.authFor(7) });
      expect(progress.statusCode).toBe(200);
      expect(progress.json().steps.map((s: { state: string }) => s.state)).toEqual(['done', 'running', 'pending']);
      release();
      await service.idle();
      const done = await own.app.inject({ method: 'GET', url: `/v1/fix-runs/${id}`, headers: await own.authFor(7) });
      expect(done.json()).toMatchObject({ state: 'succeeded' });
      expect(fake.writes).toHaveLength(2);
    } finally {
      await own.close();
    }
  }, 60_000);

  it('needs the Idempotency-Key header, naming it', async () => {
    const res = await post(BODY, {});
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'idempotency_key_missing',
      message: 'Missing Idempotency-Key header: send a new unique key (e.g. a UUID) per fix, and the same key when retrying it',
    });
    const bad = await post(BODY, { 'idempotency-key': 'has space' });
    expect(bad.json()).toMatchObject({ statusCode: 400, code: 'idempotency_key_invalid' });
    expect(fake.requests).toEqual([]);
  });

  it('validates the body (400 naming the field) and the fix order (422 naming the rule)', async () => {
    const invalid = await post({ actions: [{ kind: 'set_priority', priority: 'asap' }] });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().issues[0].path).toBe('actions[0].priority');
    const order = await post({ ...BODY, actions: [BODY.actions[1], BODY.actions[0]] });
    expect(order.statusCode).toBe(422);
    expect(order.json()).toMatchObject({ code: 'fix_order', message: expect.stringMatching(/^Fix order: associate_organization must come before set_form\./) });
    expect(fake.writes).toEqual([]);
  });

  it('answers 404 ticket_not_found for a ticket Zendesk does not have, as GET /v1/tickets/:id/assessment does', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/tickets/99999999/fix-runs',
      headers: { ...(await t.authFor(7)), 'idempotency-key': `fix-${keySeq}` },
      payload: BODY,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ statusCode: 404, error: 'Not Found', code: 'ticket_not_found', message: 'Zendesk has no ticket 99999999' });
  });

  it('answers 422 organization_not_found naming the action for an organization Zendesk does not have, as POST /v1/assessments does for a new ticket', async () => {
    const res = await post({ ...BODY, actions: [{ kind: 'associate_organization', organizationId: 12345 }] });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      statusCode: 422,
      error: 'Unprocessable Entity',
      code: 'organization_not_found',
      message: 'actions[0] associate_organization: Zendesk has no organization 12345 (deleted, or not of this account)',
    });
    expect(fake.writes).toEqual([]);
  });

  it('answers 422 naming the action for a form Zendesk does not have, before writing anything', async () => {
    const res = await post({ ...BODY, actions: [BODY.actions[0], { kind: 'set_form', formId: 987654321, formName: 'Nope' }] });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'fix_unknown_form',
      message: "actions[1] set_form: form 987654321 is not one of the account's ticket forms in Zendesk",
    });
    expect(fake.writes).toEqual([]);
  });

  it('answers 503 with Retry-After when Zendesk rate-limits the validation read', async () => {
    fake.fail('GET', /^\/tickets\/1001$/, { kind: 'status', status: 429, headers: { 'Retry-After': '30' } });
    const res = await post(BODY);
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.json()).toMatchObject({ code: 'zendesk_rate_limited' });
  });

  it('answers 503 + Retry-After naming Zendesk as too slow when the start’s reads miss the deadline, and stores nothing', async () => {
    let release!: () => void;
    fake.fail('GET', /^\/tickets\/1001$/, { kind: 'hold', until: new Promise<void>((r) => (release = r)) });
    // A deadline far shorter than the held read: which comes first does not depend on the machine's speed.
    const own = await buildTestApp({ zendesk: gateway(), config: { fixRunStartDeadlineMs: 50 } });
    try {
      const res = await post(BODY, { 'idempotency-key': 'slow-start' }, 7, own);
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('10');
      expect(res.json()).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'zendesk_too_slow',
        message: 'Zendesk was too slow: it did not answer the reads that start the fix within 0.05 s, so nothing was changed. Try again in a moment.',
      });
      // The late answer arrives: the abandoned start reads nothing more (no organization) and writes nothing. Its
      // reads were the ticket and, beside it, the account's forms (the run changes the form).
      release();
      await fixRunServiceFor(own.app).idle();
      expect([...fake.requests].sort()).toEqual(['GET /ticket_forms', 'GET /tickets/1001']);
      expect(fake.writes).toEqual([]);
      expect(await own.storage.fixRuns.getByIdempotencyKey('7:slow-start')).toBeNull();
      // Trying again with the same key starts the fix from scratch, once.
      const retry = await post(BODY, { 'idempotency-key': 'slow-start' }, 7, own);
      expect(retry.statusCode).toBe(200);
      expect(retry.json()).toMatchObject({ state: 'succeeded' });
      expect(fake.writes.map((w) => `${w.method} ${w.path}`)).toEqual(['POST /organization_memberships', 'PUT /tickets/1001']);
    } finally {
      await own.close();
    }
  }, 60_000);

  it('reports a run stopped by a rate limit as failed with what to do, and resumes it on retry', async () => {
    fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'status', status: 429, headers: { 'Retry-After': '30' } });
    const first = await post(BODY);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      state: 'failed',
      error: `Zendesk asked us to wait 30 s (rate limit) at step "Set the ticket's organization to Acme Corp (#77)". Retry the fix: completed steps are not repeated.`,
    });
    const retry = await post(BODY);
    expect(retry.json()).toMatchObject({ id: first.json().id, state: 'succeeded' });
    expect(fake.writes.map((w) => `${w.method} ${w.path}`)).toEqual(['POST /organization_memberships', 'PUT /tickets/1001']);
  });

  it('answers which steps were applied when a run stops after writing, and leaves an internal note saying so', async () => {
    fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'status', status: 422, body: { error: 'RecordInvalid', description: 'Ticket is closed' } });
    const res = await post({ ...BODY, internalNote: true });
    expect(res.statusCode).toBe(200);
    const run = res.json();
    const error = `Zendesk refused step "Set the ticket's organization to Acme Corp (#77)": Zendesk rejected PUT /tickets/:id (HTTP 422): Ticket is closed`;
    expect(run).toMatchObject({ state: 'failed', error });
    expect(run.steps.map((s: { kind: string; state: string; detail: string | null }) => [s.kind, s.state, s.detail])).toEqual([
      ['create_membership', 'done', expect.stringMatching(/^Membership #\d+ created$/)],
      ['set_organization', 'failed', error],
      ['set_form', 'pending', null],
      ['internal_note', 'pending', 'Internal note added about the changes made before the fix stopped'],
    ]);
    expect(fake.comments.get(TICKET)!.filter((c) => !c.public).map((c) => c.body)).toEqual([
      [
        `Triage Assistant fix run ${run.id}, requested by agent #7, stopped before it finished:`,
        '- Add the requester to Acme Corp (#77)',
        `Failed: Set the ticket's organization to Acme Corp (#77) — ${error}`,
        'Not done: Change the form to "SaaS"',
      ].join('\n'),
    ]);
    const progress = await t.app.inject({ method: 'GET', url: `/v1/fix-runs/${run.id}`, headers: await t.authFor(7) });
    expect(progress.json()).toEqual(run);
  });

  it('never answers 5xx to a mangled body, whatever text it carries (NUL and lone surrogates included)', async () => {
    // Random code points almost never include U+0000, which PostgreSQL cannot store: offer it (and a lone surrogate).
    const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('\u0000', 'Saa\u0000S', '\ud800', 'SaaS'));
    const anyValue = fc.oneof(anyText, fc.anything({ stringUnit: 'binary', maxDepth: 2 }));
    const action = fc.oneof(
      fc.record({ kind: fc.constant('associate_organization'), organizationId: fc.oneof(fc.constant(ORG), anyValue) }),
      fc.record({ kind: fc.constant('set_form'), formId: fc.oneof(fc.constant(200), anyValue), formName: anyText }),
      fc.record({ kind: fc.constant('set_priority'), priority: fc.oneof(fc.constantFrom('low', 'high'), anyValue) }),
      fc.record({ kind: fc.oneof(anyText, fc.constant('set_problem_type')), fieldId: anyValue, value: anyText, options: fc.array(anyText, { maxLength: 3 }) }),
    );
    const body = fc.oneof(
      fc.record({ actions: fc.array(action, { minLength: 1, maxLength: 3 }), internalNote: fc.oneof(fc.boolean(), anyValue), userNote: fc.boolean() }),
      // The valid fix with only the form's name changed: reaches storage and Zendesk.
      anyText.map((formName) => ({ ...BODY, actions: [BODY.actions[0], { ...BODY.actions[1], formName }] })),
      anyValue,
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        n += 1;
        const res = await post(payload as object, { 'idempotency-key': `fuzz-${keySeq}-${n}` });
        expect(res.statusCode).toBeGreaterThanOrEqual(200);
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 80 },
    );
    await fixRunServiceFor(t.app).idle();
  }, 120_000);

  it('requires the app token', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/v1/tickets/${TICKET}/fix-runs`, headers: { 'idempotency-key': 'k' }, payload: BODY });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'missing_token' });
    const get = await t.app.inject({ method: 'GET', url: '/v1/fix-runs/whatever' });
    expect(get.statusCode).toBe(401);
  });
});

describe('GET /v1/fix-runs/:id', () => {
  it("returns the agent's own run and 404 for another agent's", async () => {
    const run = (await post(BODY)).json();
    const mine = await t.app.inject({ method: 'GET', url: `/v1/fix-runs/${run.id}`, headers: await t.authFor(7) });
    expect(mine.json()).toEqual(run);
    const theirs = await t.app.inject({ method: 'GET', url: `/v1/fix-runs/${run.id}`, headers: await t.authFor(8) });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json()).toMatchObject({ code: 'fix_run_not_found', message: `Fix run ${run.id} not found` });
  });
});

describe('without Zendesk', () => {
  it('answers 503 on POST', async () => {
    const bare = await buildTestApp();
    try {
      const res = await bare.app.inject({
        method: 'POST',
        url: `/v1/tickets/${TICKET}/fix-runs`,
        headers: { ...(await bare.authFor(7)), 'idempotency-key': 'k' },
        payload: BODY,
      });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'zendesk_not_configured' });
    } finally {
      await bare.close();
    }
  }, 60_000);
});
