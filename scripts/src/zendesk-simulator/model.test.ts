import {
  ENTITLEMENT_AUTO_REPLY,
  ENTITLEMENT_TRIGGER,
  SYSTEM_USER_ID,
  UPDATE_CONFLICT_BODY,
  ZendeskApiError,
  createSimulator,
  type ZendeskSimulator,
} from './model.js';
import { CUSTOMER_SEVERITY_FIELD_ID, OTHER_REQUEST_FORM_ID } from './gitlab-config.js';

const SAAS = 334447;
const LNR = 360000071293;
const NOW = new Date('2026-11-25T18:00:00Z');

function thrown(fn: () => unknown): ZendeskApiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ZendeskApiError) return error;
    throw error;
  }
  throw new Error('expected a ZendeskApiError');
}

/** An org-less requester (email domain of Acme) with a ticket on the default "Other Request" form. */
function needsOrgTicket(sim: ZendeskSimulator) {
  const agent = sim.createUser({ name: 'Ada', email: 'ada@gitlab.com', role: 'agent' });
  const acme = sim.createOrganization({ name: 'Acme', domain_names: ['acme.example'], tags: ['premium'] });
  const requester = sim.createUser({ name: 'Nina', email: 'nina@acme.example' });
  const ticket = sim.createTicket({ subject: 'Help', comment: { body: 'Our instance is slow' }, requester_id: requester.id });
  return { agent, acme, requester, ticket };
}

describe('ZendeskSimulator triggers: the entitlement auto-reply', () => {
  it('posts a public trigger reply when the form changes to an entitlement form on a ticket without organization', () => {
    const sim = createSimulator({ now: () => NOW });
    const { agent, ticket } = needsOrgTicket(sim);
    expect(ticket.ticket_form_id).toBe(OTHER_REQUEST_FORM_ID);
    expect(ticket.organization_id).toBeNull();

    const { audit } = sim.updateTicket(ticket.id, { ticket_form_id: SAAS, safe_update: true, updated_stamp: ticket.updated_at }, agent.id);

    const comments = sim.ticketComments(ticket.id);
    expect(comments).toHaveLength(2);
    const reply = comments[1];
    expect(reply).toMatchObject({ public: true, author_id: SYSTEM_USER_ID, body: ENTITLEMENT_AUTO_REPLY });
    expect(reply?.body).toContain('Thanks for contacting GitLab Support');
    expect(reply?.body).toContain('proof of support entitlement');
    expect(reply?.via).toEqual({ channel: 'rule', source: { from: { id: ENTITLEMENT_TRIGGER.id, title: 'Ask for support entitlement' }, to: {}, rel: 'trigger' } });
    // Recorded in the same audit as the form change, as Zendesk shows trigger effects.
    expect(audit.events.map((e) => [e.type, e.field_name ?? null])).toEqual([
      ['Change', 'ticket_form_id'],
      ['Comment', null],
      ['Change', 'tags'],
    ]);
    expect(sim.getTicket(ticket.id).tags).toContain('entitlement_requested');
  });

  it('stays silent when the organization is associated first (membership, then organization and form together)', () => {
    const sim = createSimulator({ now: () => NOW });
    const { agent, acme, requester, ticket } = needsOrgTicket(sim);

    const membership = sim.createMembership({ user_id: requester.id, organization_id: acme.id });
    expect(membership.default).toBe(true);
    sim.updateTicket(ticket.id, { organization_id: acme.id, ticket_form_id: SAAS, safe_update: true, updated_stamp: ticket.updated_at }, agent.id);

    expect(sim.ticketComments(ticket.id)).toHaveLength(1);
    expect(sim.getTicket(ticket.id)).toMatchObject({ organization_id: acme.id, ticket_form_id: SAAS });
    // The organization's plan tags follow it onto the ticket (SLA filters read them).
    expect(sim.getTicket(ticket.id).tags).toContain('premium');
  });

  it('stays silent for a form that needs no entitlement (L&R)', () => {
    const sim = createSimulator({ now: () => NOW });
    const { agent, ticket } = needsOrgTicket(sim);
    sim.updateTicket(ticket.id, { ticket_form_id: LNR }, agent.id);
    expect(sim.ticketComments(ticket.id)).toHaveLength(1);
  });

  it('sets Priority from Customer Severity on creation only', () => {
    const sim = createSimulator({ now: () => NOW });
    const { agent, requester } = needsOrgTicket(sim);
    const ticket = sim.createTicket({
      subject: 'Down',
      comment: { body: 'Everything is down' },
      requester_id: requester.id,
      ticket_form_id: SAAS,
      custom_fields: [{ id: CUSTOMER_SEVERITY_FIELD_ID, value: 'severity_1' }],
    });
    expect(ticket.priority).toBe('urgent');
    expect(ticket.tags).toContain('severity_1');
    sim.updateTicket(ticket.id, { custom_fields: [{ id: CUSTOMER_SEVERITY_FIELD_ID, value: 'severity_4' }] }, agent.id);
    expect(sim.getTicket(ticket.id).priority).toBe('urgent');
    expect(sim.getTicket(ticket.id).tags).toContain('severity_4');
    expect(sim.getTicket(ticket.id).tags).not.toContain('severity_1');
  });
});

describe('ZendeskSimulator validation errors, as Zendesk answers them', () => {
  it('answers 422 RecordInvalid to a duplicate membership', () => {
    const sim = createSimulator({ now: () => NOW });
    const { acme, requester } = needsOrgTicket(sim);
    sim.createMembership({ user_id: requester.id, organization_id: acme.id });
    const error = thrown(() => sim.createMembership({ user_id: requester.id, organization_id: acme.id }));
    expect(error.status).toBe(422);
    expect(error.body).toEqual({
      error: 'RecordInvalid',
      description: 'Record validation errors',
      details: { user_id: [{ description: 'User is already a member of this organization', error: 'DuplicateValue' }] },
    });
    expect(sim.listMemberships({ userId: requester.id })).toHaveLength(1);
  });

  it('answers 409 to safe_update with a stale updated_stamp and writes nothing', () => {
    const sim = createSimulator({ now: () => NOW });
    const { agent, ticket } = needsOrgTicket(sim);
    const stale = ticket.updated_at;
    sim.updateTicket(ticket.id, { priority: 'high' }, agent.id);
    // Same wall-clock second: the stamp still moves, or the collision would go unseen.
    expect(Date.parse(sim.getTicket(ticket.id).updated_at)).toBe(Date.parse(stale) + 1000);
    const auditsBefore = sim.ticketAudits(ticket.id).length;

    const error = thrown(() => sim.updateTicket(ticket.id, { priority: 'low', safe_update: true, updated_stamp: stale }, agent.id));
    expect(error.status).toBe(409);
    expect(error.body).toEqual(UPDATE_CONFLICT_BODY);
    expect(sim.getTicket(ticket.id).priority).toBe('high');
    expect(sim.ticketAudits(ticket.id)).toHaveLength(auditsBefore);

    const fresh = sim.getTicket(ticket.id).updated_at;
    expect(sim.updateTicket(ticket.id, { priority: 'low', safe_update: true, updated_stamp: fresh }, agent.id).ticket.priority).toBe('low');
  });

  it('answers 422 when the organization is not one of the requester\'s', () => {
    const sim = createSimulator({ now: () => NOW });
    const { agent, acme, ticket } = needsOrgTicket(sim);
    const error = thrown(() => sim.updateTicket(ticket.id, { organization_id: acme.id, ticket_form_id: SAAS }, agent.id));
    expect(error.status).toBe(422);
    expect(error.body).toMatchObject({ error: 'RecordInvalid', details: { organization_id: [{ error: 'InvalidValue' }] } });
    // Nothing applied, so no form change and no auto-reply either.
    expect(sim.getTicket(ticket.id)).toMatchObject({ organization_id: null, ticket_form_id: OTHER_REQUEST_FORM_ID });
    expect(sim.ticketComments(ticket.id)).toHaveLength(1);
  });

  it('answers 404 RecordNotFound for an unknown ticket', () => {
    const sim = createSimulator({ now: () => NOW });
    expect(thrown(() => sim.getTicket(42)).body).toEqual({ error: 'RecordNotFound', description: 'Not found' });
  });
});

describe('ZendeskSimulator audits and status', () => {
  it('appends one audit per write and opens a New ticket on an agent comment', () => {
    const sim = createSimulator({ now: () => NOW });
    const { agent, ticket } = needsOrgTicket(sim);
    expect(sim.ticketAudits(ticket.id)).toHaveLength(1);
    expect(sim.ticketAudits(ticket.id)[0]?.events[0]).toMatchObject({ type: 'Create', field_name: 'subject', value: 'Help' });
    sim.addComment(ticket.id, { body: 'Looking into it', author_id: agent.id });
    const audits = sim.ticketAudits(ticket.id);
    expect(audits).toHaveLength(2);
    expect(audits[1]?.events.map((e) => e.type)).toEqual(['Comment', 'Change']);
    expect(sim.getTicket(ticket.id).status).toBe('open');
  });
});

describe('ZendeskSimulator per-endpoint limits (opt-in)', () => {
  it('answers 429 + Retry-After to the 31st update of one ticket by one user within 10 minutes', () => {
    let now = NOW;
    const sim = createSimulator({ now: () => now, endpointLimits: true });
    const { agent, ticket, requester } = needsOrgTicket(sim);
    for (let i = 0; i < 30; i += 1) sim.updateTicket(ticket.id, { priority: i % 2 === 0 ? 'high' : 'low' }, agent.id);
    const error = thrown(() => sim.updateTicket(ticket.id, { priority: 'urgent' }, agent.id));
    expect(error.status).toBe(429);
    expect(error.headers).toEqual({ 'Retry-After': '600' });
    // Another user, or the same user ten minutes later, may update again.
    expect(sim.updateTicket(ticket.id, { priority: 'urgent' }, requester.id).ticket.priority).toBe('urgent');
    now = new Date(NOW.getTime() + 600_000);
    expect(sim.updateTicket(ticket.id, { priority: 'normal' }, agent.id).ticket.priority).toBe('normal');
  });

  it('answers 429 to the 6th Update User within a minute', () => {
    const sim = createSimulator({ now: () => NOW, endpointLimits: true });
    const { requester } = needsOrgTicket(sim);
    for (let i = 0; i < 5; i += 1) sim.updateUser(requester.id, { notes: `note ${i}` });
    const error = thrown(() => sim.updateUser(requester.id, { notes: 'one too many' }));
    expect([error.status, error.headers['Retry-After']]).toEqual([429, '60']);
    expect(sim.getUser(requester.id).notes).toBe('note 4');
  });
});
