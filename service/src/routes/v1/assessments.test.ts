import fc from 'fast-check';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { AssessmentSchema, BatchAssessmentResponseSchema, ErrorBodySchema } from '@triage-assistant/shared';
import {
  ACME_ORG_ID,
  buildComment,
  buildOrganization,
  buildTicket,
  CREATED_AT,
  needsOrgTicket,
  REQUESTER_ID,
  TICKET_ID,
} from '../../../../shared/src/testing/factories.js';
import { NodeZendeskGateway } from '../../adapters/zendesk/node-zendesk-gateway.js';
import { FakeClock } from '../../adapters/zendesk/testing/fake-clock.js';
import { ZENDESK_TEST_BASE, zendeskHandlers } from '../../adapters/zendesk/testing/handlers.js';
import { ZendeskRateLimitedError } from '../../errors.js';
import { buildTestApp, fakeClock, TEST_ZENDESK_TOKEN, type TestApp } from '../../testing/test-app.js';
import { FakeZendesk, zendeskTicket, zendeskUser } from '../../use-cases/testing/fake-zendesk.js';

const UPDATED_AT = '2026-11-23T17:05:00Z';
const STANDARD_ORG_ID = 9002;
/** The account's default form (email tickets): Zendesk has it, the GitLab policy does not list it. */
const OTHER_FORM = 360000000100;
const formUnknownMessage = (form: string) =>
  `Form ${form} is not in policy "GitLab Support (default)": its entitlement and problem-type rules are unknown.`;

function gitlabZendesk() {
  return new FakeZendesk()
    .addForm({ id: 426148, name: 'Self-Managed' })
    .addForm({ id: OTHER_FORM, name: 'Other Request', isDefault: true })
    .addOrganization(buildOrganization(), 12)
    .addOrganization(buildOrganization({ id: STANDARD_ORG_ID, name: 'Beta Standard', tags: ['starter'], domainNames: ['beta.example'] }), 3)
    .addUser(zendeskUser({ id: REQUESTER_ID, email: 'dana@acme.example' }), [])
    .addTicket(zendeskTicket({ id: TICKET_ID, createdAt: CREATED_AT, updatedAt: UPDATED_AT, organizationId: null, slas: [] }), [buildComment()])
    .addTicket(zendeskTicket({ id: 12346, createdAt: CREATED_AT, organizationId: STANDARD_ORG_ID, tags: ['starter'], slas: [] }))
    .addTicket(zendeskTicket({ id: 12347, createdAt: CREATED_AT, updatedAt: UPDATED_AT, organizationId: ACME_ORG_ID, tags: ['premium'], slas: [] }))
    .addTicket(
      zendeskTicket({
        id: 12348,
        createdAt: CREATED_AT,
        updatedAt: UPDATED_AT,
        organizationId: ACME_ORG_ID,
        tags: ['premium'],
        slas: [{ metric: 'first_reply_time', stage: 'active', breachAt: '2026-11-23T20:45:00Z' }],
      }),
      [buildComment()],
    );
}

/** The app on the real node-zendesk gateway, against the msw handlers a describe sets up (fault first). */
function appOnMswZendesk(clock: ReturnType<typeof fakeClock>): Promise<TestApp> {
  const zendesk = new NodeZendeskGateway({
    endpointUri: ZENDESK_TEST_BASE,
    auth: { username: 'bot@acme.example', apiToken: TEST_ZENDESK_TOKEN },
    planRateLimitPerMinute: 700,
    clock: new FakeClock(),
  });
  return buildTestApp({ zendesk, clock });
}

// One app for the file (an in-memory database per app is slow to migrate). The Zendesk data is never changed by a
// test, so the enrichment cache the app keeps between requests cannot leak one test's state into another.
jest.setTimeout(60_000);
let t: TestApp;
let zendesk: FakeZendesk;
beforeAll(async () => {
  zendesk = gitlabZendesk();
  // Monday 2026-11-23 10:00 PT, an hour after the ticket was created.
  t = await buildTestApp({ zendesk, clock: fakeClock('2026-11-23T18:00:00Z') });
});
afterAll(() => t.close());

async function post(url: string, payload: unknown) {
  return t.app.inject({ method: 'POST', url, headers: await t.authFor(501), payload: payload as object });
}

describe('POST /v1/assessments', () => {
  it('puts the organization finding first for an organization-less ticket, with its SLA impact', async () => {
    const res = await post('/v1/assessments', { ticket: needsOrgTicket({ updatedAt: UPDATED_AT }) });
    expect(res.statusCode).toBe(200);
    const a = AssessmentSchema.parse(res.json());
    expect(a.plan).toMatchObject({ id: 'no_organization', sla: false });
    expect(a.checks[0]).toMatchObject({ check: 'organization', status: 'fail' });
    expect(a.findings[0]).toMatchObject({
      code: 'organization.missing',
      check: 'organization',
      severity: 'error',
      // Priority Support, High: 4 business hours from Mon 09:00 PT = Mon 13:00 PT.
      slaImpact: 'No organization → no SLA applies; with Priority Support (Premium/Ultimate), first reply would be due Mon 13:00 PT.',
      fix: { kind: 'associate_organization', organizationId: null },
    });
  });

  it("overrides a forged organization with Zendesk's", async () => {
    // The body claims premium Acme; Zendesk has the ticket on no organization at all.
    const res = await post('/v1/assessments', { ticket: buildTicket({ updatedAt: UPDATED_AT }) });
    const a = AssessmentSchema.parse(res.json());
    expect(a.plan.id).toBe('no_organization');
    expect(a.findings[0]?.code).toBe('organization.missing');
  });

  it("uses Zendesk's breach_at as the deadline", async () => {
    const a = AssessmentSchema.parse((await post('/v1/assessments', { ticket: buildTicket({ id: 12348, updatedAt: UPDATED_AT }) })).json());
    const frt = a.sla.find((s) => s.metric === 'first_reply_time');
    // The engine alone would say 21:00Z (4 business hours from 17:00Z).
    expect(frt?.engineDueAt).toBe('2026-11-23T21:00:00.000Z');
    expect(frt?.dueAt).toBe('2026-11-23T20:45:00.000Z');
  });

  it('costs no Zendesk request when the sidebar re-opens an unchanged ticket', async () => {
    const body = { ticket: needsOrgTicket({ id: 12347, updatedAt: UPDATED_AT }) };
    const before = zendesk.count();
    await post('/v1/assessments', body);
    const first = zendesk.count();
    // Show Ticket, its audits, organization (adapter-cached in production), memberships.
    expect(first - before).toBe(4);
    for (let i = 0; i < 4; i++) expect((await post('/v1/assessments', body)).statusCode).toBe(200);
    expect(zendesk.count()).toBe(first);
  });

  it("names a form outside the policy with Zendesk's name", async () => {
    const res = await post('/v1/assessments', { ticket: buildTicket({ id: 12347, updatedAt: UPDATED_AT, formId: OTHER_FORM }) });
    expect(res.statusCode).toBe(200);
    const finding = AssessmentSchema.parse(res.json()).findings.find((f) => f.code === 'form.unknown');
    expect(finding?.message).toBe(formUnknownMessage(`"Other Request" (${OTHER_FORM})`));
  });

  it('still answers 200, naming the form by id, when the form names cannot be read', async () => {
    zendesk.failures.set('listTicketForms', new ZendeskRateLimitedError(42, 'GET /ticket_forms'));
    try {
      const res = await post('/v1/assessments', { ticket: buildTicket({ id: 12347, updatedAt: UPDATED_AT, formId: OTHER_FORM }) });
      expect(res.statusCode).toBe(200);
      const finding = AssessmentSchema.parse(res.json()).findings.find((f) => f.code === 'form.unknown');
      expect(finding?.message).toBe(formUnknownMessage(String(OTHER_FORM)));
    } finally {
      zendesk.failures.delete('listTicketForms');
    }
  });

  it('reads no form names for a ticket on a policy form', async () => {
    const before = zendesk.count('listTicketForms');
    expect((await post('/v1/assessments', { ticket: buildTicket({ id: 12347, updatedAt: UPDATED_AT }) })).statusCode).toBe(200);
    expect((await post('/v1/assessments', { ticket: needsOrgTicket({ id: TICKET_ID, updatedAt: UPDATED_AT }) })).statusCode).toBe(200);
    expect(zendesk.count('listTicketForms')).toBe(before);
  });

  it('answers 404 for a ticket Zendesk does not have', async () => {
    const res = await post('/v1/assessments', { ticket: buildTicket({ id: 4040 }) });
    expect(res.statusCode).toBe(404);
    expect(ErrorBodySchema.parse(res.json()).message).toBe('Zendesk has no ticket 4040');
  });

  it('answers 400 naming the bad field', async () => {
    const res = await post('/v1/assessments', { ticket: { ...buildTicket(), createdAt: 'yesterday' } });
    expect(res.statusCode).toBe(400);
    expect(ErrorBodySchema.parse(res.json()).issues?.map((i) => i.path)).toContain('ticket.createdAt');
  });

  it('refuses instants far from now with 400 naming each field, before any business-time arithmetic', async () => {
    // A new ticket (no id) is assessed from the body alone; year 9999 used to walk ~2.9 million days (~17 s).
    const ticket = {
      ...buildTicket({ id: null }),
      createdAt: '9999-12-31T23:59:59Z',
      slas: [{ metric: 'first_reply_time', stage: 'active', breachAt: '0001-01-01T00:00:00Z' }],
    };
    const res = await post('/v1/assessments', { ticket });
    expect(res.statusCode).toBe(400);
    const body = ErrorBodySchema.parse(res.json());
    expect(body.issues?.map((i) => i.path)).toEqual(['ticket.createdAt', 'ticket.slas[0].breachAt']);
    expect(body.message).toContain('9999-12-31T23:59:59Z is more than 366 days after now (2026-11-23T18:00:00.000Z)');
  });

  it('assesses a new ticket created a few years ago', async () => {
    const res = await post('/v1/assessments', { ticket: { ...buildTicket({ id: null }), createdAt: '2023-01-02T17:00:00Z' } });
    expect(res.statusCode).toBe(200);
  });

  it('answers 401 without the app token', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/assessments', payload: { ticket: buildTicket() } });
    expect(res.statusCode).toBe(401);
  });

  it('assesses a drop-down value named like an Object member (customer severity "toString") as an unmapped one, not a 500', async () => {
    // Found by the property below (seed -599088737): the policy map answered the inherited Object.prototype.toString.
    const headers = { ...(await t.authFor(501)), 'content-type': 'application/json' };
    const assessWith = (ticket: object) => t.app.inject({ method: 'POST', url: '/v1/assessments', headers, payload: JSON.stringify({ ticket }) });
    const plain = await assessWith(buildTicket({ customerSeverity: null }));
    const odd = await assessWith(buildTicket({ customerSeverity: 'toString', region: 'constructor' }));
    expect(odd.statusCode).toBe(200);
    expect(odd.json().sla).toEqual(plain.json().sla);
  });

  it('never answers 5xx to an arbitrary body', async () => {
    const headers = await t.authFor(501);
    const valid = buildTicket();
    // Any code point in strings, U+0000 and lone surrogates included.
    const anything = fc.anything({ stringUnit: 'binary' });
    const body = fc.oneof(
      anything,
      fc.record({ ticket: anything }),
      // Near-valid snapshots with one field replaced by anything.
      fc.tuple(fc.constantFrom(...Object.keys(valid)), anything).map(([key, value]) => ({ ticket: { ...valid, [key]: value } })),
    );
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/assessments',
          headers: { ...headers, 'content-type': 'application/json' },
          payload: JSON.stringify(payload) ?? 'null',
        });
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});

describe('POST /v1/assessments/batch', () => {
  it('assesses the known tickets and lists the unknown one as a failure', async () => {
    const res = await post('/v1/assessments/batch', { ticketIds: [12347, 999, 12346] });
    expect(res.statusCode).toBe(200);
    const body = BatchAssessmentResponseSchema.parse(res.json());
    expect(body.assessments.map((a) => [a.ticketId, a.plan.id])).toEqual([
      [12347, 'priority_support'],
      [12346, 'standard'],
    ]);
    expect(body.failures).toEqual([{ ticketId: 999, message: 'ticket 999 was not found in Zendesk' }]);
  });

  it('refuses 501 ids with 400 naming ticketIds', async () => {
    const before = zendesk.count();
    const res = await post('/v1/assessments/batch', { ticketIds: Array.from({ length: 501 }, (_, i) => i + 1) });
    expect(res.statusCode).toBe(400);
    const body = ErrorBodySchema.parse(res.json());
    expect(body.issues?.map((i) => i.path)).toEqual(['ticketIds']);
    expect(zendesk.count()).toBe(before);
  });

  it('never answers 5xx to an arbitrary body', async () => {
    const headers = await t.authFor(501);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), fc.record({ ticketIds: fc.array(fc.oneof(fc.integer(), fc.anything()), { maxLength: 5 }) })), async (payload) => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/assessments/batch',
          headers: { ...headers, 'content-type': 'application/json' },
          payload: JSON.stringify(payload) ?? 'null',
        });
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });
});

describe('Zendesk rate limit during an assessment (real adapter, msw)', () => {
  const server = setupServer(
    http.get(`${ZENDESK_TEST_BASE}/tickets/:id.json`, () =>
      HttpResponse.json({ error: 'TooManyRequests' }, { status: 429, headers: { 'retry-after': '42' } }),
    ),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('answers 503 with Retry-After and never leaks the Zendesk token', async () => {
    const app = await appOnMswZendesk(fakeClock('2026-11-23T18:00:00Z'));
    try {
      const res = await app.app.inject({
        method: 'POST',
        url: '/v1/assessments',
        headers: await app.authFor(501),
        payload: { ticket: buildTicket() },
      });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('42');
      expect(ErrorBodySchema.parse(res.json())).toMatchObject({
        code: 'zendesk_rate_limited',
        message: 'Zendesk is rate limiting requests; retry after 42 s',
      });
      expect(app.logs.text()).not.toContain(TEST_ZENDESK_TOKEN);
    } finally {
      await app.close();
    }
  });
});

describe('Zendesk rate limit on the form names only (real adapter, msw)', () => {
  // The first matching handler answers: the 429 comes before the happy-path ones.
  const server = setupServer(
    http.get(`${ZENDESK_TEST_BASE}/ticket_forms.json`, () =>
      HttpResponse.json({ error: 'TooManyRequests' }, { status: 429, headers: { 'retry-after': '42' } }),
    ),
    ...zendeskHandlers,
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('answers 200 with the form named by id, logs the failure and never the Zendesk token', async () => {
    const app = await appOnMswZendesk(fakeClock('2026-11-24T18:00:00Z'));
    try {
      // The fixture ticket (512734), with the agent's unsaved form: the account's default form, outside the policy.
      const ticket = buildTicket({ id: 512734, createdAt: '2026-11-24T16:05:12Z', updatedAt: '2026-11-24T17:41:03Z', formId: OTHER_FORM });
      const res = await app.app.inject({ method: 'POST', url: '/v1/assessments', headers: await app.authFor(501), payload: { ticket } });
      expect(res.statusCode).toBe(200);
      const finding = AssessmentSchema.parse(res.json()).findings.find((f) => f.code === 'form.unknown');
      expect(finding?.message).toBe(formUnknownMessage(String(OTHER_FORM)));
      expect(app.logs.text()).toContain('form names unreadable: form.unknown names forms by id for a minute');
      expect(app.logs.text()).not.toContain(TEST_ZENDESK_TOKEN);
    } finally {
      await app.close();
    }
  });
});

describe('Zendesk refuses the ticket audits (real adapter, msw)', () => {
  const server = setupServer(
    http.get(`${ZENDESK_TEST_BASE}/tickets/:id/audits.json`, () => HttpResponse.json({ error: 'Forbidden' }, { status: 403 })),
    ...zendeskHandlers,
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('answers 200 without the field history and says so at most once a minute, never with the token', async () => {
    const clock = fakeClock('2026-11-24T18:00:00Z');
    const app = await appOnMswZendesk(clock);
    const warnings = () => app.logs.lines().filter((l) => l.includes('ticket audits unreadable'));
    try {
      const ticket = buildTicket({ id: 512734, createdAt: '2026-11-24T16:05:12Z', updatedAt: '2026-11-24T17:41:03Z' });
      const open = async () => {
        const res = await app.app.inject({ method: 'POST', url: '/v1/assessments', headers: await app.authFor(501), payload: { ticket } });
        expect(res.statusCode).toBe(200);
        return AssessmentSchema.parse(res.json()).sla.flatMap((s) => s.deadlineChanges);
      };
      expect(await open()).toEqual([]);
      expect(warnings()).toHaveLength(1);
      expect(JSON.parse(warnings()[0]!)).toMatchObject({ level: 40, ticketId: 512734 });
      clock.advance(30_000);
      await open();
      expect(warnings()).toHaveLength(1);
      clock.advance(31_000);
      await open();
      expect(warnings()).toHaveLength(2);
      expect(app.logs.text()).not.toContain(TEST_ZENDESK_TOKEN);
    } finally {
      await app.close();
    }
  });
});
