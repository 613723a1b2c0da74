/**
 * Contract check from the consumer's side: the service's real Zendesk gateway (node-zendesk + zod raw schemas) runs
 * against the simulator's msw door and reads what it needs. If either side drifts, this fails.
 */
import { setupServer } from 'msw/node';
import { GITLAB_POLICY } from '@triage-assistant/shared';
import { NodeZendeskGateway } from '../../../service/src/adapters/zendesk/node-zendesk-gateway.js';
import { ZendeskConflictError } from '../../../service/src/errors.js';
import { assessTicketById } from '../../../service/src/use-cases/assess-ticket.js';
import { createFormNames } from '../../../service/src/use-cases/form-names.js';
import { OTHER_REQUEST_FORM_ID, SCHEDULE_IDS } from './gitlab-config.js';
import { ENTITLEMENT_AUTO_REPLY, createSimulator } from './model.js';
import { DEFAULT_BASE_URL, zendeskHandlers } from './msw.js';
import { GROUPS, seedGitLabAccount } from './seed.js';

const NOW = new Date('2026-11-25T18:00:00Z');
const SAAS = 334447;

describe('the service gateway against the msw door', () => {
  const sim = createSimulator({ now: () => NOW });
  const seed = seedGitLabAccount(sim, NOW);
  const server = setupServer(...zendeskHandlers(sim));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  const gateway = new NodeZendeskGateway({
    endpointUri: DEFAULT_BASE_URL,
    auth: { username: 'triage-assistant@gitlab.com', apiToken: 'test-token' },
    planRateLimitPerMinute: 700,
    // A frozen clock: no request here should ever wait.
    clock: { now: () => NOW.getTime(), sleep: () => Promise.reject(new Error('unexpected wait')) },
  });

  it('reads a ticket with its slas, the requester, memberships and organization suggestions', async () => {
    const ticket = await gateway.getTicket(seed.tickets['premium'] ?? 0);
    expect(ticket).toMatchObject({ priority: 'normal', formId: 426148, organizationId: seed.organizations['acme'] });
    expect(ticket.slas).toEqual([expect.objectContaining({ metric: 'first_reply_time', stage: 'active', breachAt: '2026-11-25T23:00:00Z' })]);

    const orgs = await gateway.searchOrganizationsByDomain('globex.example');
    expect(orgs.map((o) => o.name)).toEqual(['Globex Corporation', 'Globex Labs']);
    const users = await gateway.listUsersByEmailDomain('acme.example');
    expect(users.map((u) => u.email).sort()).toEqual(['alice@acme.example', 'bob@acme.example', 'morgan@acme.example', 'nina@acme.example']);
    expect(await gateway.countOrganizationMembers(seed.organizations['acme'] ?? 0)).toBe(3);
    const memberships = await gateway.listUserMemberships(seed.users['multi'] ?? 0);
    expect(memberships.map((m) => [m.organizationId, m.isDefault])).toEqual([
      [seed.organizations['acme'], true],
      [seed.organizations['umbrella'], false],
    ]);
  });

  it('runs the one-click fix: membership (idempotent), then organization + form under safe_update; a stale stamp conflicts', async () => {
    const id = seed.tickets['needsOrgGood'] ?? 0;
    const nina = seed.users['nina'] ?? 0;
    const acme = seed.organizations['acme'] ?? 0;
    const before = await gateway.getTicket(id);
    expect(await gateway.createMembership(nina, acme)).toMatchObject({ alreadyMember: false });
    expect(await gateway.createMembership(nina, acme)).toEqual({ alreadyMember: true });
    const after = await gateway.updateTicket(id, { organizationId: acme, formId: SAAS }, before.updatedAt);
    expect(after).toMatchObject({ organizationId: acme, formId: SAAS });
    expect(sim.ticketComments(id).map((c) => c.body)).not.toContain(ENTITLEMENT_AUTO_REPLY);
    await expect(gateway.updateTicket(id, { priority: 'high' }, before.updatedAt)).rejects.toBeInstanceOf(ZendeskConflictError);
  });

  it('adds the SLA warning tag (Add Tags) without dropping the ticket’s other tags; adding it again changes nothing', async () => {
    const id = seed.tickets['premium'] ?? 0;
    const before = [...sim.getTicket(id).tags];
    expect(before).not.toContain('sla_warning');
    expect(await gateway.addTicketTags(id, ['sla_warning'])).toEqual([...before, 'sla_warning']);
    expect(await gateway.addTicketTags(id, ['sla_warning'])).toEqual([...before, 'sla_warning']);
    expect((await gateway.getTicket(id)).tags).toEqual([...before, 'sla_warning']);
  });

  it("names the account's default form, which the policy does not list, in the form.unknown finding", async () => {
    const deps = {
      zendesk: gateway,
      commitments: { findOpenByTicket: async () => null, findOpenByTickets: async () => new Map() },
      policy: GITLAB_POLICY,
      clock: () => NOW,
      formNames: createFormNames({ zendesk: gateway }),
    };
    const a = await assessTicketById(deps, seed.tickets['needsOrgNoSuggestion'] ?? 0);
    expect(a.findings.find((f) => f.code === 'form.unknown')?.message).toBe(
      `Form "Other Request" (${OTHER_REQUEST_FORM_ID}) is not in policy "GitLab Support (default)": its entitlement and problem-type rules are unknown.`,
    );
  });

  it('lists configuration and finds open tickets of a group', async () => {
    const forms = await gateway.listTicketForms();
    expect(forms.find((f) => f.isDefault)?.name).toBe('Other Request');
    const policies = await gateway.listSlaPolicies();
    expect(policies[0]?.metrics.length).toBeGreaterThan(0);
    const schedule = await gateway.getSchedule(SCHEDULE_IDS['business_hours_24x5'] ?? 0);
    expect(schedule).toMatchObject({ timeZone: 'America/Los_Angeles', intervals: expect.arrayContaining([{ day: 'sun', start: '15:00', end: '24:00' }]) });
    const open = await gateway.searchOpenGroupTickets(GROUPS.amer);
    const expected = [...sim.tickets.values()].filter((t) => t.group_id === GROUPS.amer && ['new', 'open'].includes(t.status)).map((t) => t.id);
    expect(open.map((t) => t.id).sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(0);
  });
});
