import { createSimulator } from './model.js';
import { CUSTOMER_SEVERITY_FIELD_ID } from './gitlab-config.js';
import { seedCommitments, seedGitLabAccount } from './seed.js';

const SELF_MANAGED = 426148;

describe('slas sideload computed from the GitLab policies and the Business Hours (24x5) schedule', () => {
  function premiumTicket(createdAt: string, severity: string) {
    let now = new Date(createdAt);
    const sim = createSimulator({ now: () => now });
    const agent = sim.createUser({ name: 'Ada', email: 'ada@gitlab.com', role: 'agent' });
    const acme = sim.createOrganization({ name: 'Acme', tags: ['premium'] });
    const alice = sim.createUser({ name: 'Alice', email: 'alice@acme.example' });
    sim.createMembership({ user_id: alice.id, organization_id: acme.id });
    const ticket = sim.createTicket({
      subject: 'Slow',
      comment: { body: 'Slow pipelines' },
      requester_id: alice.id,
      ticket_form_id: SELF_MANAGED,
      custom_fields: [{ id: CUSTOMER_SEVERITY_FIELD_ID, value: severity }],
    });
    return { sim, agent, ticket, setNow: (at: string) => (now = new Date(at)) };
  }

  it('High created Friday 14:00 Pacific breaches Sunday 16:00 Pacific (3 h Friday + 1 h after the Sunday 15:00 opening)', () => {
    // 2026-11-27 is a Friday; PST = UTC-8.
    const { sim, ticket } = premiumTicket('2026-11-27T22:00:00Z', 'severity_2');
    expect(sim.ticketSlas(ticket.id)).toEqual({
      policy_metrics: [{ breach_at: '2026-11-30T00:00:00Z', stage: 'active', metric: 'first_reply_time', days: 2 }],
    });
  });

  it('Urgent runs on calendar time (business_hours: false): 30 minutes, counted down in minutes', () => {
    const { sim, ticket, setNow } = premiumTicket('2026-11-28T10:00:00Z', 'severity_1'); // a Saturday
    setNow('2026-11-28T10:20:00Z');
    expect(sim.ticketSlas(ticket.id).policy_metrics).toEqual([
      { breach_at: '2026-11-28T10:30:00Z', stage: 'active', metric: 'first_reply_time', minutes: 10 },
    ]);
    setNow('2026-11-28T12:30:00Z');
    expect(sim.ticketSlas(ticket.id).policy_metrics).toEqual([
      { breach_at: '2026-11-28T10:30:00Z', stage: 'active', metric: 'first_reply_time', hours: -2 },
    ]);
  });

  it('an internal note leaves FRT running; the first public agent reply achieves it and NRT waits on the customer', () => {
    const { sim, agent, ticket, setNow } = premiumTicket('2026-11-25T17:00:00Z', 'severity_3');
    setNow('2026-11-25T17:30:00Z');
    sim.addComment(ticket.id, { body: 'Checking logs', public: false, author_id: agent.id });
    expect(sim.ticketSlas(ticket.id).policy_metrics[0]).toMatchObject({ stage: 'active', breach_at: '2026-11-26T01:00:00Z' });
    setNow('2026-11-25T18:00:00Z');
    sim.addComment(ticket.id, { body: 'Please send the logs', public: true, author_id: agent.id });
    expect(sim.ticketSlas(ticket.id).policy_metrics).toEqual([
      { breach_at: null, stage: 'achieved', metric: 'first_reply_time' },
      { breach_at: null, stage: 'achieved', metric: 'next_reply_time' },
    ]);
    setNow('2026-11-25T19:00:00Z');
    sim.addComment(ticket.id, { body: 'Logs attached', public: true, author_id: ticket.requester_id });
    // Normal NRT = 24 business hours from Wed 11:00 PST → Thu 11:00 PST = 19:00Z (the 24x5 week is open Wed–Thu).
    expect(sim.ticketSlas(ticket.id).policy_metrics[1]).toEqual({ breach_at: '2026-11-26T19:00:00Z', stage: 'active', metric: 'next_reply_time', days: 1 });
  });

  it('no organization → no policy → no metrics', () => {
    const sim = createSimulator({ now: () => new Date('2026-11-25T18:00:00Z') });
    const fred = sim.createUser({ name: 'Fred', email: 'fred@gmail.example' });
    const t = sim.createTicket({ subject: 'Hi', comment: { body: 'Hi' }, requester_id: fred.id, ticket_form_id: SELF_MANAGED, priority: 'high' });
    expect(sim.ticketSlas(t.id)).toEqual({ policy_metrics: [] });
  });

  it('a solved ticket shows no metric', () => {
    const { sim, agent, ticket } = premiumTicket('2026-11-25T17:00:00Z', 'severity_3');
    expect(sim.ticketSlas(ticket.id).policy_metrics).toHaveLength(1);
    sim.updateTicket(ticket.id, { status: 'solved' }, agent.id);
    expect(sim.ticketSlas(ticket.id)).toEqual({ policy_metrics: [] });
  });
});

describe('seedGitLabAccount', () => {
  // Wednesday 2026-11-25 10:00 Pacific.
  const NOW = new Date('2026-11-25T18:00:00Z');
  const sim = createSimulator({ now: () => NOW });
  const seed = seedGitLabAccount(sim, NOW);

  it('seeds about 50 tickets over every form, every priority and every plan tag', () => {
    expect(seed.ticketCount).toBeGreaterThanOrEqual(45);
    expect(seed.ticketCount).toBeLessThanOrEqual(55);
    const tickets = [...sim.tickets.values()];
    expect(new Set(tickets.map((t) => t.ticket_form_id))).toEqual(new Set([...sim.ticketForms.keys()]));
    expect(new Set(tickets.map((t) => t.priority))).toEqual(new Set(['urgent', 'high', 'normal', 'low']));
    for (const plan of ['premium', 'ultimate', 'starter', 'trial', 'expired', 'support_hold']) {
      expect(tickets.some((t) => t.tags.includes(plan))).toBe(true);
    }
    expect(seed.agents.map((a) => a.groupId)).toEqual(expect.arrayContaining([360000300001, 360000300002]));
  });

  it('a premium Normal ticket created 07:00 Pacific breaches at 15:00 Pacific the same day (8 business hours)', () => {
    const id = seed.tickets['premium'] ?? 0;
    expect(sim.getTicket(id).created_at).toBe('2026-11-25T15:00:00Z');
    expect(sim.ticketSlas(id).policy_metrics).toEqual([
      { breach_at: '2026-11-25T23:00:00Z', stage: 'active', metric: 'first_reply_time', hours: 5 },
    ]);
  });

  it('has tickets 10 minutes before and 2 hours past their FRT breach', () => {
    expect(sim.ticketSlas(seed.tickets['nearBreachHigh'] ?? 0).policy_metrics[0]).toEqual({
      breach_at: '2026-11-25T18:10:00Z', stage: 'active', metric: 'first_reply_time', minutes: 10,
    });
    expect(sim.ticketSlas(seed.tickets['nearBreachUrgent'] ?? 0).policy_metrics[0]).toMatchObject({ breach_at: '2026-11-25T18:10:00Z', minutes: 10 });
    expect(sim.ticketSlas(seed.tickets['pastBreachNormal'] ?? 0).policy_metrics[0]).toEqual({
      breach_at: '2026-11-25T16:00:00Z', stage: 'active', metric: 'first_reply_time', hours: -2,
    });
  });

  it('does not count an automated (system user) comment as the first reply', () => {
    const id = seed.tickets['botOnly'] ?? 0;
    expect(sim.ticketComments(id).map((c) => c.author_id)).toContain(-1);
    expect(sim.ticketSlas(id).policy_metrics[0]).toMatchObject({ stage: 'active', metric: 'first_reply_time' });
  });

  it('has needs-org requesters whose domain matches one organization (good) or two (ambiguous)', () => {
    const domainOf = (label: string) => {
      const t = sim.getTicket(seed.tickets[label] ?? 0);
      expect(t.organization_id).toBeNull();
      expect(sim.listMemberships({ userId: t.requester_id })).toEqual([]);
      return sim.getUser(t.requester_id).email?.split('@')[1] ?? '';
    };
    const owners = (domain: string) => [...sim.organizations.values()].filter((o) => o.domain_names.includes(domain)).map((o) => o.name);
    expect(owners(domainOf('needsOrgGood'))).toEqual(['Acme Corp']);
    expect(owners(domainOf('needsOrgAmbiguous'))).toEqual(['Globex Corporation', 'Globex Labs']);
    expect(owners(domainOf('needsOrgNoSuggestion'))).toEqual([]);
  });

  it('gives support-hold, trial and no-organization tickets no SLA, and L&R without organization its 8 h', () => {
    expect(sim.ticketSlas(seed.tickets['supportHold'] ?? 0).policy_metrics).toEqual([]);
    expect(sim.ticketSlas(seed.tickets['trial'] ?? 0).policy_metrics).toEqual([]);
    expect(sim.ticketSlas(seed.tickets['needsOrgGood'] ?? 0).policy_metrics).toEqual([]);
    // Created 45 min ago (09:15 Pacific) + 480 business minutes = 17:15 Pacific.
    expect(sim.ticketSlas(seed.tickets['lnrNoOrg'] ?? 0).policy_metrics[0]).toMatchObject({ breach_at: '2026-11-26T01:15:00Z', stage: 'active' });
  });

  it('suggests commitments both upcoming and overdue', () => {
    const commitments = seedCommitments(seed, NOW);
    expect(commitments.some((c) => Date.parse(c.dueAt) > NOW.getTime())).toBe(true);
    expect(commitments.some((c) => Date.parse(c.dueAt) < NOW.getTime())).toBe(true);
    expect(commitments.find((c) => c.ticketId === seed.tickets['answeredWaitingAgent'])).toMatchObject({ dueAt: '2026-11-25T16:30:00Z' });
  });
});
