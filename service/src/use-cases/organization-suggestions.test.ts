import { GITLAB_POLICY } from '@triage-assistant/shared';
import { ACME_ORG_ID, buildOrganization, REQUESTER_ID, TICKET_ID } from '../../../shared/src/testing/factories.js';
import { emailDomain, suggestOrganizations } from './organization-suggestions.js';
import { FakeZendesk, zendeskTicket, zendeskUser } from './testing/fake-zendesk.js';

const BETA_ID = 9002;
const LABS_ID = 9003;

function scenario(email: string, memberships: number[] = []) {
  const zendesk = new FakeZendesk()
    .addOrganization(buildOrganization(), 12)
    .addOrganization(buildOrganization({ id: BETA_ID, name: 'Beta Standard', tags: ['starter'], domainNames: ['beta.example'] }), 4)
    .addUser(zendeskUser({ id: REQUESTER_ID, email }), memberships)
    .addTicket(zendeskTicket({ id: TICKET_ID, requesterId: REQUESTER_ID }));
  return { zendesk, deps: { zendesk, policy: GITLAB_POLICY } };
}

describe('suggestOrganizations', () => {
  it('ranks a clean domain match first, with every reason and its plan and contact count', async () => {
    const { zendesk, deps } = scenario('dana@acme.example');
    zendesk.addUser(zendeskUser({ id: 31, email: 'lee@acme.example', organizationId: ACME_ORG_ID }));
    zendesk.addUser(zendeskUser({ id: 32, email: 'kim@ACME.example', organizationId: ACME_ORG_ID }));
    zendesk.addUser(zendeskUser({ id: 33, email: 'someone@notacme.example', organizationId: BETA_ID }));
    zendesk.addTicket(zendeskTicket({ id: 100, requesterId: REQUESTER_ID, organizationId: ACME_ORG_ID }));
    zendesk.addTicket(zendeskTicket({ id: 101, requesterId: REQUESTER_ID, organizationId: BETA_ID }));

    const result = await suggestOrganizations(deps, TICKET_ID);
    expect(result.requester).toEqual({ id: REQUESTER_ID, email: 'dana@acme.example' });
    expect(result.suggestions).toEqual([
      {
        organizationId: ACME_ORG_ID,
        name: 'Acme Corp',
        plan: { id: 'priority_support', name: expect.any(String), sla: true },
        contactCount: 12,
        contactLimit: 30,
        // 40 (domain) + 10 (one other ticket) + 2 × 2 (two colleagues).
        score: 54,
        reasons: [
          "email domain acme.example is one of the organization's domains",
          'organization of 1 other ticket from the requester',
          '2 colleagues with an @acme.example address belong to it',
        ],
      },
      {
        organizationId: BETA_ID,
        name: 'Beta Standard',
        plan: { id: 'standard', name: expect.any(String), sla: true },
        contactCount: 4,
        contactLimit: 30,
        score: 10,
        reasons: ['organization of 1 other ticket from the requester'],
      },
    ]);
  });

  it('splits the domain evidence between two organizations sharing the domain and says so; SLA plan first on a tie', async () => {
    const { zendesk, deps } = scenario('dana@acme.example');
    // Named to sort before "Acme Corp": only the plan tie-break (SLA first) can put Acme Corp on top.
    zendesk.addOrganization(buildOrganization({ id: LABS_ID, name: 'Aaa Acme Labs', tags: ['free'], domainNames: ['acme.example'] }), 2);
    const { suggestions } = await suggestOrganizations(deps, TICKET_ID);
    const shared =
      "email domain acme.example is one of the organization's domains, but 2 organizations list it: confirm which one with the requester";
    expect(suggestions.map((s) => [s.name, s.plan.id, s.score, s.reasons])).toEqual([
      ['Acme Corp', 'priority_support', 20, [shared]],
      ['Aaa Acme Labs', 'free', 20, [shared]],
    ]);
  });

  it('never matches on a free-mail domain, and says why', async () => {
    const { zendesk, deps } = scenario('dana.example@gmail.com', [ACME_ORG_ID]);
    zendesk.addOrganization(buildOrganization({ id: 9100, name: 'Gmail fans', tags: ['premium'], domainNames: ['gmail.com'] }), 1);
    zendesk.addUser(zendeskUser({ id: 40, email: 'x@gmail.com', organizationId: 9100 }));
    const { suggestions } = await suggestOrganizations(deps, TICKET_ID);
    expect(suggestions).toEqual([
      expect.objectContaining({
        organizationId: ACME_ORG_ID,
        score: 50,
        reasons: [
          'requester is already a member (default organization)',
          'email domain gmail.com is a free-mail domain: it was not used to match organizations',
        ],
      }),
    ]);
    expect(zendesk.count('searchOrganizationsByDomain')).toBe(0);
    expect(zendesk.count('listUsersByEmailDomain')).toBe(0);
  });

  it('flags an organization at the contact limit unless the requester is already a member', async () => {
    const { zendesk, deps } = scenario('dana@acme.example');
    zendesk.memberCounts.set(ACME_ORG_ID, 30);
    const [full] = (await suggestOrganizations(deps, TICKET_ID)).suggestions;
    expect(full?.contactCount).toBe(30);
    expect(full?.reasons).toContain('at the 30-contact limit: association needs Support Ops');

    zendesk.memberCounts.set(ACME_ORG_ID, 29);
    const [roomy] = (await suggestOrganizations(deps, TICKET_ID)).suggestions;
    expect(roomy?.reasons).toEqual(["email domain acme.example is one of the organization's domains"]);

    zendesk.memberCounts.set(ACME_ORG_ID, 30);
    zendesk.memberships.set(REQUESTER_ID, [ACME_ORG_ID]);
    const [member] = (await suggestOrganizations(deps, TICKET_ID)).suggestions;
    expect(member?.reasons).not.toContain('at the 30-contact limit: association needs Support Ops');
  });

  it('bounds Zendesk calls: one member count per suggestion, organizations read in one show_many', async () => {
    const { zendesk, deps } = scenario('dana@acme.example');
    for (let i = 0; i < 150; i++) {
      zendesk.addUser(zendeskUser({ id: 1000 + i, email: `u${i}@acme.example`, organizationId: 20_000 + (i % 15) }));
    }
    for (let i = 0; i < 15; i++) zendesk.addOrganization(buildOrganization({ id: 20_000 + i, name: `Org ${i}`, tags: [], domainNames: [] }));
    const { suggestions } = await suggestOrganizations(deps, TICKET_ID);
    expect(suggestions).toHaveLength(10);
    expect(zendesk.count('countOrganizationMembers')).toBe(10);
    expect(zendesk.count('getOrganizations')).toBe(1);
    // Only the first 100 colleagues count: users 0–99 spread over 15 orgs → orgs 0–9 have 7, orgs 10–14 have 6.
    expect(suggestions.find((s) => s.name === 'Org 0')?.reasons).toEqual(['7 colleagues with an @acme.example address belong to it']);
  });
});

describe('emailDomain', () => {
  it.each([
    ['Dana@Acme.Example', 'acme.example'],
    ['no-at-sign', null],
    ['trailing@', null],
    [null, null],
  ])('%s → %s', (email, domain) => expect(emailDomain(email)).toBe(domain));
});
