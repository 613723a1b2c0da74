import { AssessmentSchema, ErrorBodySchema, OrganizationSuggestionsResponseSchema } from '@triage-assistant/shared';
import { ACME_ORG_ID, agentReply, buildComment, buildOrganization, CREATED_AT, REQUESTER_ID, TICKET_ID } from '../../../../shared/src/testing/factories.js';
import { buildTestApp, fakeClock, type TestApp } from '../../testing/test-app.js';
import { FakeZendesk, zendeskTicket, zendeskUser } from '../../use-cases/testing/fake-zendesk.js';

jest.setTimeout(60_000);
let t: TestApp;
let zendesk: FakeZendesk;
beforeAll(async () => {
  zendesk = new FakeZendesk()
    .addOrganization(buildOrganization(), 30)
    .addOrganization(buildOrganization({ id: 9002, name: 'Beta Standard', tags: ['starter'], domainNames: ['beta.example'] }), 4)
    .addUser(zendeskUser({ id: REQUESTER_ID, email: 'dana@acme.example', name: 'Dana Example' }), [])
    .addUser(zendeskUser({ id: 31, email: 'lee@acme.example', organizationId: ACME_ORG_ID }))
    .addTicket(zendeskTicket({ id: TICKET_ID, createdAt: CREATED_AT, organizationId: null, slas: [] }), [
      buildComment(),
      agentReply('2026-11-23T17:40:00Z'),
    ])
    // Another ticket of the same requester, on Beta Standard.
    .addTicket(zendeskTicket({ id: 200, requesterId: REQUESTER_ID, organizationId: 9002 }));
  t = await buildTestApp({ zendesk, clock: fakeClock('2026-11-23T18:00:00Z') });
});
afterAll(() => t.close());

async function get(url: string) {
  return t.app.inject({ method: 'GET', url, headers: await t.authFor(501) });
}

describe('GET /v1/tickets/:id/assessment', () => {
  it('assesses a ticket read entirely from Zendesk, comments included', async () => {
    const res = await get(`/v1/tickets/${TICKET_ID}/assessment`);
    expect(res.statusCode).toBe(200);
    const a = AssessmentSchema.parse(res.json());
    expect(a.ticketId).toBe(TICKET_ID);
    expect(a.plan.id).toBe('no_organization');
    expect(a.findings[0]?.code).toBe('organization.missing');
    expect(zendesk.calls).toContain(`getTicketComments(${TICKET_ID})`);
    expect(zendesk.calls).toContain(`getUser(${REQUESTER_ID})`);
  });

  it('answers 404 for an unknown ticket and 400 for a bad id', async () => {
    expect((await get('/v1/tickets/777/assessment')).statusCode).toBe(404);
    const bad = await get('/v1/tickets/abc/assessment');
    expect(bad.statusCode).toBe(400);
    expect(ErrorBodySchema.parse(bad.json()).issues?.map((i) => i.path)).toEqual(['id']);
  });
});

describe('GET /v1/tickets/:id/organization-suggestions', () => {
  it('ranks the domain match with its reasons, plan and the contact-limit warning', async () => {
    const res = await get(`/v1/tickets/${TICKET_ID}/organization-suggestions`);
    expect(res.statusCode).toBe(200);
    const body = OrganizationSuggestionsResponseSchema.parse(res.json());
    expect(body.ticketId).toBe(TICKET_ID);
    expect(body.requester).toEqual({ id: REQUESTER_ID, email: 'dana@acme.example' });
    expect(body.suggestions).toEqual([
      {
        organizationId: ACME_ORG_ID,
        name: 'Acme Corp',
        plan: { id: 'priority_support', name: expect.any(String), sla: true },
        contactCount: 30,
        contactLimit: 30,
        score: 42,
        reasons: [
          "email domain acme.example is one of the organization's domains",
          '1 colleague with an @acme.example address belongs to it',
          'at the 30-contact limit: association needs Support Ops',
        ],
      },
      {
        organizationId: 9002,
        name: 'Beta Standard',
        plan: { id: 'standard', name: 'Standard Support (legacy Starter/Bronze)', sla: true },
        contactCount: 4,
        contactLimit: 30,
        score: 10,
        reasons: ['organization of 1 other ticket from the requester'],
      },
    ]);
  });

  it('answers 404 for an unknown ticket', async () => {
    const res = await get('/v1/tickets/777/organization-suggestions');
    expect(res.statusCode).toBe(404);
    expect(ErrorBodySchema.parse(res.json()).message).toBe('Zendesk has no ticket 777');
  });
});

describe('without Zendesk configured', () => {
  it('answers 503 saying so', async () => {
    const app = await buildTestApp({ storage: t.storage });
    try {
      const res = await app.app.inject({ method: 'GET', url: `/v1/tickets/${TICKET_ID}/assessment`, headers: await app.authFor(501) });
      expect(res.statusCode).toBe(503);
      expect(ErrorBodySchema.parse(res.json())).toMatchObject({ code: 'zendesk_not_configured', message: 'Zendesk is not configured on the service' });
    } finally {
      await app.app.close();
    }
  });
});
