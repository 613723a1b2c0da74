/**
 * The read side end to end: the real app and the real node-zendesk gateway against the Zendesk simulator's msw door,
 * seeded with the GitLab account. Counts the Zendesk requests the simulator logs.
 */
import { setupServer } from 'msw/node';
import {
  AssessmentSchema,
  AtRiskResponseSchema,
  BatchAssessmentResponseSchema,
  OrganizationSuggestionsResponseSchema,
} from '@triage-assistant/shared';
import { createSimulator } from '../../../../scripts/src/zendesk-simulator/model.js';
import { DEFAULT_BASE_URL, zendeskHandlers } from '../../../../scripts/src/zendesk-simulator/msw.js';
import { GROUPS, seedGitLabAccount } from '../../../../scripts/src/zendesk-simulator/seed.js';
import { NodeZendeskGateway } from '../../adapters/zendesk/node-zendesk-gateway.js';
import { buildTestApp, fakeClock, type TestApp } from '../../testing/test-app.js';

// Wednesday 2026-11-25 10:00 PT.
const NOW = new Date('2026-11-25T18:00:00Z');
jest.setTimeout(60_000);

const sim = createSimulator({ now: () => NOW });
const seed = seedGitLabAccount(sim, NOW);
const server = setupServer(...zendeskHandlers(sim));
let t: TestApp;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  const zendesk = new NodeZendeskGateway({
    endpointUri: DEFAULT_BASE_URL,
    auth: { username: 'triage-assistant@gitlab.com', apiToken: 'test-token' },
    planRateLimitPerMinute: 700,
    clock: { now: () => NOW.getTime(), sleep: () => Promise.reject(new Error('unexpected wait')) },
  });
  t = await buildTestApp({ zendesk, clock: fakeClock(NOW) });
});
afterAll(async () => {
  await t.close();
  server.close();
});

const id = (label: string): number => {
  const ticketId = seed.tickets[label];
  if (ticketId === undefined) throw new Error(`seed has no ticket ${label}`);
  return ticketId;
};

async function call(method: 'GET' | 'POST', url: string, payload?: object) {
  return t.app.inject({ method, url, headers: await t.authFor(501), ...(payload ? { payload } : {}) });
}

/** What the sidebar reads through ZAF for a seeded ticket (no organization plan fields, its own comment list). */
function sidebarSnapshot(ticketId: number) {
  const raw = sim.tickets.get(ticketId)!;
  const requester = sim.users.get(raw.requester_id)!;
  return {
    id: raw.id,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    status: raw.status,
    priority: raw.priority,
    formId: raw.ticket_form_id,
    organization: null,
    requester: { id: requester.id, email: requester.email },
    comments: [{ public: true, authorRole: 'end-user', authorId: requester.id, createdAt: raw.created_at }],
  };
}

describe('read side against the simulator', () => {
  it('costs at most one Zendesk request per sidebar open on average with warm caches', async () => {
    const ticketId = id('needsOrgGood');
    const body = { ticket: sidebarSnapshot(ticketId) };
    const before = sim.requestLog.length;
    const first = await call('POST', '/v1/assessments', body);
    expect(first.statusCode).toBe(200);
    const a = AssessmentSchema.parse(first.json());
    expect(a.findings[0]).toMatchObject({ code: 'organization.missing', check: 'organization' });
    // The ticket is on the account's default form, which the policy does not list: named with Zendesk's name.
    expect(a.findings.find((f) => f.code === 'form.unknown')?.message).toMatch(/^Form "Other Request" \(\d+\) is not in policy/);
    for (let i = 0; i < 9; i++) expect((await call('POST', '/v1/assessments', body)).statusCode).toBe(200);
    const requests = sim.requestLog.slice(before).map((r) => `${r.method} ${r.path}`);
    // Cold: the account's forms for that form's name (read while the ticket is; adapter-cached: the warm opens ask
    // nothing), the ticket with slas and the requester's memberships (no organization on the ticket); no audits, as
    // the ticket was never updated after its creation. The forms and the ticket are read concurrently, so they may
    // reach Zendesk in either order.
    expect(sim.tickets.get(ticketId)!.updated_at).toBe(sim.tickets.get(ticketId)!.created_at);
    expect([...requests].sort()).toEqual(['GET /ticket_forms', 'GET /tickets/:id', 'GET /users/:id/organization_memberships']);
    expect(requests.length / 10).toBeLessThanOrEqual(1);
  });

  it("counts down to the simulator's breach_at", async () => {
    const ticketId = id('pastBreachUrgent');
    const a = AssessmentSchema.parse((await call('GET', `/v1/tickets/${ticketId}/assessment`)).json());
    const frt = a.sla.find((s) => s.metric === 'first_reply_time')!;
    const zd = sim.tickets.get(ticketId)!;
    expect(a.plan.id).toBe('priority_support');
    // Urgent: 30 calendar minutes from creation.
    expect(frt.dueAt).toBe(new Date(Date.parse(zd.created_at) + 30 * 60_000).toISOString());
    expect(frt.state).toBe('breached');
  });

  it('suggests the one organization owning the domain, and both for a shared domain', async () => {
    const good = OrganizationSuggestionsResponseSchema.parse((await call('GET', `/v1/tickets/${id('needsOrgGood')}/organization-suggestions`)).json());
    expect(good.suggestions[0]).toMatchObject({
      organizationId: seed.organizations['acme'],
      name: 'Acme Corp',
      plan: { id: 'priority_support', sla: true },
    });
    expect(good.suggestions[0]?.reasons[0]).toBe("email domain acme.example is one of the organization's domains");

    const shared = OrganizationSuggestionsResponseSchema.parse(
      (await call('GET', `/v1/tickets/${id('needsOrgAmbiguous')}/organization-suggestions`)).json(),
    );
    expect(shared.suggestions.map((s) => [s.name, s.plan.id])).toEqual([
      ['Globex Corporation', 'priority_support'],
      ['Globex Labs', 'standard'],
    ]);
    expect(shared.suggestions[1]?.reasons[0]).toContain('2 organizations list it');

    const none = OrganizationSuggestionsResponseSchema.parse(
      (await call('GET', `/v1/tickets/${id('needsOrgUnknownDomain')}/organization-suggestions`)).json(),
    );
    expect(none.suggestions).toEqual([]);
  });

  it('assesses every seeded ticket in one batch and lists an unknown id as a failure', async () => {
    const ids = [...sim.tickets.keys()];
    const before = sim.requestLog.length;
    const res = await call('POST', '/v1/assessments/batch', { ticketIds: [...ids, 987654321] });
    const body = BatchAssessmentResponseSchema.parse(res.json());
    expect(body.assessments).toHaveLength(ids.length);
    expect(body.failures).toEqual([{ ticketId: 987654321, message: 'ticket 987654321 was not found in Zendesk' }]);
    const requests = sim.requestLog.slice(before).map((r) => `${r.method} ${r.path}`);
    // One show_many for the tickets (fewer than 100), at most one for the organizations not cached yet and at most
    // one for the account's forms (names of forms the policy does not list; cached, so read already by an earlier
    // test when the file runs whole); the simulator always sends the `slas` sideload, so no comment reads and no
    // per-ticket reads at all.
    const shared = new Set(['GET /tickets/show_many', 'GET /organizations/show_many', 'GET /ticket_forms']);
    expect(requests.filter((r) => r === 'GET /tickets/show_many')).toHaveLength(1);
    expect(requests.filter((r) => !shared.has(r))).toEqual([]);
    expect(requests.length).toBeLessThanOrEqual(3);
  });

  it("lists the AMER group's breached first reply", async () => {
    const res = await call('GET', `/v1/groups/${GROUPS.amer}/at-risk`);
    expect(res.statusCode).toBe(200);
    const { items } = AtRiskResponseSchema.parse(res.json());
    expect(items.find((i) => i.ticketId === id('pastBreachUrgent'))).toMatchObject({
      kind: 'frt_breached',
      subject: 'Gitaly cluster unavailable',
      priority: 'urgent',
    });
    const dues = items.map((i) => Date.parse(i.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
  });

  // Last: it changes a seeded ticket.
  it("explains a deadline moved by a priority change saved in Zendesk, from the ticket's audits", async () => {
    const ticketId = id('nearBreachHigh');
    sim.updateTicket(ticketId, { priority: 'normal' });
    const before = sim.requestLog.length;
    const a = AssessmentSchema.parse((await call('POST', '/v1/assessments', { ticket: sidebarSnapshot(ticketId) })).json());
    expect(sim.requestLog.slice(before).map((r) => `${r.method} ${r.path}`)).toContain('GET /tickets/:id/audits');
    const frt = a.sla.find((s) => s.metric === 'first_reply_time')!;
    expect(frt.deadlineChanges).toHaveLength(1);
    expect(frt.deadlineChanges[0]).toMatchObject({ at: NOW.toISOString() });
    // Ten minutes were left on High; Normal gives the ticket more time, counted from the same start.
    expect(Date.parse(frt.deadlineChanges[0]!.to!)).toBeGreaterThan(Date.parse(frt.deadlineChanges[0]!.from!));
    expect(frt.deadlineChanges[0]!.reason).toMatch(/^Priority high → normal at Wed 25 Nov 10:00 PT: target 4 h → 8 h/);
  });
});

// After the seeded-ticket tests: these add a ticket and delete its requester.
describe('requesters and organizations the simulator does not have (deleted, or an id made up)', () => {
  const NO_ORG_MESSAGE = "No organization on the ticket: find and associate the requester's organization (Salesforce contact or proven entitlement).";

  it('assesses a ticket whose requester was deleted, by id and from the sidebar, as the batch does', async () => {
    const requester = sim.createUser({ name: 'Deleted Soon', email: 'deleted.soon@nowhere.example' });
    const ticket = sim.createTicket({ subject: 'Requester about to be deleted', comment: { body: 'Help', public: true }, requester_id: requester.id, priority: 'high' });
    const body = { ticket: sidebarSnapshot(ticket.id) };
    sim.users.delete(requester.id);

    const before = sim.requestLog.length;
    const byId = await call('GET', `/v1/tickets/${ticket.id}/assessment`);
    expect(byId.statusCode).toBe(200);
    expect(AssessmentSchema.parse(byId.json()).findings[0]).toMatchObject({ code: 'organization.missing', message: NO_ORG_MESSAGE });
    // Zendesk said 404 for the memberships (and the user): read once, then kept with the ticket's enrichment.
    expect(sim.requestLog.slice(before).filter((r) => r.path === '/users/:id/organization_memberships').map((r) => r.status)).toEqual([404]);

    const posted = await call('POST', '/v1/assessments', body);
    expect(posted.statusCode).toBe(200);
    expect(AssessmentSchema.parse(posted.json())).toMatchObject({ ticketId: ticket.id, plan: { id: 'no_organization' } });
    const batch = BatchAssessmentResponseSchema.parse((await call('POST', '/v1/assessments/batch', { ticketIds: [ticket.id] })).json());
    expect(batch.assessments[0]?.plan.id).toBe('no_organization');
  });

  it("assesses a new ticket whose requester id is made up; refuses one whose organization id is, naming the field", async () => {
    const newTicket = (overrides: object) => ({
      ticket: { id: null, createdAt: NOW.toISOString(), status: 'new', priority: 'high', formId: null, organization: null, requester: { id: 77777777, email: null }, ...overrides },
    });
    const unknownRequester = await call('POST', '/v1/assessments', newTicket({}));
    expect(unknownRequester.statusCode).toBe(200);
    expect(AssessmentSchema.parse(unknownRequester.json()).findings[0]).toMatchObject({ code: 'organization.missing', message: NO_ORG_MESSAGE });

    const unknownOrg = await call('POST', '/v1/assessments', newTicket({ organization: { id: 5, name: 'Made up', tags: [] } }));
    expect(unknownOrg.statusCode).toBe(422);
    expect(unknownOrg.json()).toMatchObject({
      code: 'organization_not_found',
      message: 'ticket.organization.id: Zendesk has no organization 5 (deleted, or not of this account)',
    });
  });
});
