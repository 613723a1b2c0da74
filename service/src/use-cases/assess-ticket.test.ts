import { GITLAB_POLICY, parseOrThrow, TicketSnapshotSchema, type TicketSnapshotInput } from '@triage-assistant/shared';
import {
  ACME_ORG_ID,
  buildComment,
  buildOrganization,
  buildTicket,
  CREATED_AT,
  FORM,
  needsOrgTicket,
  REQUESTER_ID,
  TICKET_ID,
} from '../../../shared/src/testing/factories.js';
import { NotFoundError, ZendeskRateLimitedError } from '../errors.js';
import type { CommitmentRecord } from '../storage/types.js';
import {
  assessBatch,
  assessSnapshot,
  assessTicketById,
  createEnrichmentCache,
  ENRICHMENT_TTL_MS,
  enrichSnapshot,
  type AssessDeps,
} from './assess-ticket.js';
import { createFormNames } from './form-names.js';
import { FakeZendesk, zendeskTicket, zendeskUser } from './testing/fake-zendesk.js';

// Monday 2026-11-23 10:00 PT, one hour after the ticket was created (09:00 PT).
const NOW = '2026-11-23T18:00:00Z';
const UPDATED_AT = '2026-11-23T17:05:00Z';
const STANDARD_ORG_ID = 9002;
/** Due 30 min after NOW. */
const OPEN_COMMITMENT: CommitmentRecord = {
  id: 'c1',
  ticketId: TICKET_ID,
  agentId: 501,
  dueAt: new Date('2026-11-23T18:30:00Z'),
  note: 'logs reviewed',
  createdAt: new Date('2026-11-23T17:30:00Z'),
  cancelledAt: null,
  metAt: null,
};

function scenario() {
  const zendesk = new FakeZendesk()
    .addOrganization(buildOrganization(), 12)
    .addOrganization(buildOrganization({ id: STANDARD_ORG_ID, name: 'Beta Standard', tags: ['starter'], domainNames: ['beta.example'] }), 3)
    .addUser(zendeskUser({ id: REQUESTER_ID, email: 'dana@acme.example', name: 'Dana Example' }), [ACME_ORG_ID])
    .addTicket(
      zendeskTicket({ id: TICKET_ID, createdAt: CREATED_AT, updatedAt: UPDATED_AT, organizationId: ACME_ORG_ID, tags: ['premium'], slas: [] }),
      [buildComment()],
    );
  let now = new Date(NOW);
  const clock = () => now;
  const open = new Map<number, CommitmentRecord>();
  const commitmentReads: string[] = [];
  const deps: AssessDeps = {
    zendesk,
    commitments: {
      findOpenByTicket: async (id) => {
        commitmentReads.push(`findOpenByTicket(${id})`);
        return open.get(id) ?? null;
      },
      findOpenByTickets: async (ids) => {
        commitmentReads.push(`findOpenByTickets(${ids.join(',')})`);
        return new Map(ids.flatMap((id) => (open.has(id) ? [[id, open.get(id)!] as const] : [])));
      },
    },
    policy: GITLAB_POLICY,
    clock,
    cache: createEnrichmentCache({ clock }),
  };
  return { zendesk, deps, open, commitmentReads, advance: (ms: number) => void (now = new Date(now.getTime() + ms)) };
}

const sidebar = (overrides: Partial<TicketSnapshotInput> = {}) => buildTicket({ updatedAt: UPDATED_AT, ...overrides });

describe('assessSnapshot: enrichment (service-read facts win, unsaved agent edits stay)', () => {
  it('replaces a forged organization with the one Zendesk has on the ticket', async () => {
    const { zendesk, deps } = scenario();
    zendesk.tickets.get(TICKET_ID)!.organizationId = STANDARD_ORG_ID;
    zendesk.memberships.set(REQUESTER_ID, [STANDARD_ORG_ID]);
    // The sidebar claims the premium Acme organization; Zendesk says Beta Standard (tag starter).
    const a = await assessSnapshot(deps, sidebar());
    expect(a.plan.id).toBe('standard');
    expect(a.plan.reason).toContain('Beta Standard');
    // Standard plan, High priority: 24 business hours on 24x5 (DOMAIN.md §5) = 1440 minutes.
    expect(a.sla.find((s) => s.metric === 'first_reply_time')?.target?.minutes).toBe(1440);
  });

  it("keeps the agent's unsaved priority: Normal on Priority Support is an 8-hour first reply", async () => {
    const { deps } = scenario();
    const a = await assessSnapshot(deps, sidebar({ priority: 'normal' }));
    const frt = a.sla.find((s) => s.metric === 'first_reply_time')!;
    expect(frt.target).toMatchObject({ plan: 'priority_support', priority: 'normal', minutes: 480 });
    // Mon 09:00 PT + 8 business hours on 24x5 = Mon 17:00 PT = 2026-11-24T01:00Z.
    expect(frt.dueAt).toBe('2026-11-24T01:00:00.000Z');
  });

  it("takes created_at (the clock's start) from Zendesk, not from the snapshot", async () => {
    const { deps } = scenario();
    // A later created_at in the body must not buy a later deadline.
    const a = await assessSnapshot(deps, sidebar({ createdAt: '2026-11-23T17:55:00Z', status: 'pending' }));
    const frt = a.sla.find((s) => s.metric === 'first_reply_time')!;
    expect(frt.startedAt).toBe('2026-11-23T17:00:00.000Z');
    expect(frt.dueAt).toBe('2026-11-23T21:00:00.000Z');
  });

  it("counts down to Zendesk's breach_at when the slas sideload has one", async () => {
    const { zendesk, deps } = scenario();
    zendesk.tickets.get(TICKET_ID)!.slas = [{ metric: 'first_reply_time', stage: 'active', breachAt: '2026-11-23T20:45:00Z' }];
    const frt = (await assessSnapshot(deps, sidebar())).sla.find((s) => s.metric === 'first_reply_time')!;
    expect(frt.zendeskBreachAt).toBe('2026-11-23T20:45:00.000Z');
    expect(frt.dueAt).toBe('2026-11-23T20:45:00.000Z');
    expect(frt.engineDueAt).toBe('2026-11-23T21:00:00.000Z');
  });

  it("uses the requester's memberships from Zendesk for an organization-less ticket", async () => {
    const { zendesk, deps } = scenario();
    zendesk.tickets.get(TICKET_ID)!.organizationId = null;
    zendesk.tickets.get(TICKET_ID)!.tags = [];
    const a = await assessSnapshot(deps, needsOrgTicket({ updatedAt: UPDATED_AT }));
    expect(a.plan.id).toBe('no_organization');
    expect(a.findings[0]).toMatchObject({
      code: 'organization.missing',
      message: `No organization on the ticket, but the requester belongs to organization ${ACME_ORG_ID}: associate it.`,
      fix: { kind: 'associate_organization', organizationId: ACME_ORG_ID },
    });
  });

  it("keeps the snapshot's submitter only when it is Zendesk's submitter", async () => {
    const { deps, zendesk } = scenario();
    const submitterId = zendesk.tickets.get(TICKET_ID)!.submitterId!;
    const withSubmitter = (id: number) => parseOrThrow(TicketSnapshotSchema, sidebar({ submitter: { id, role: 'agent' } }), 'ticket');
    expect((await enrichSnapshot(deps, withSubmitter(submitterId))).submitter).toEqual({ id: submitterId, role: 'agent' });
    const forged = await enrichSnapshot(deps, withSubmitter(submitterId + 1));
    expect('submitter' in forged).toBe(false);
  });

  it("adds the ticket's open commitment", async () => {
    const { deps, open } = scenario();
    open.set(TICKET_ID, OPEN_COMMITMENT);
    const a = await assessSnapshot(deps, sidebar());
    expect(a.commitment).toMatchObject({ state: 'due_soon', minutesLeft: 30, commitment: { id: 'c1', note: 'logs reviewed' } });
  });

  it('reads comments from Zendesk only when the snapshot has none', async () => {
    const { zendesk, deps } = scenario();
    await assessSnapshot(deps, sidebar());
    expect(zendesk.count('getTicketComments')).toBe(0);
    const { zendesk: z2, deps: d2 } = scenario();
    await assessSnapshot(d2, sidebar({ comments: [] }));
    expect(z2.count('getTicketComments')).toBe(1);
  });

  it('answers a re-open of an unchanged ticket from the enrichment cache: no Zendesk request', async () => {
    const { zendesk, deps, advance } = scenario();
    await assessSnapshot(deps, sidebar());
    // The fake has no organization cache; the real adapter serves getOrganization from its own.
    // The audits are read beside the ticket (started first, so the fake logs them first).
    expect(zendesk.calls).toEqual([
      `getTicketHistory(${TICKET_ID})`,
      `getTicket(${TICKET_ID})`,
      `getOrganization(${ACME_ORG_ID})`,
      `listUserMemberships(${REQUESTER_ID})`,
    ]);
    for (let i = 0; i < 9; i++) {
      advance(4_000);
      await assessSnapshot(deps, sidebar());
    }
    // 10 opens, 4 requests: 0.4 per open.
    expect(zendesk.count()).toBe(4);
    // The ticket changed (the sidebar knows a newer updated_at): read again, its audits too.
    zendesk.tickets.get(TICKET_ID)!.updatedAt = '2026-11-23T17:59:00Z';
    await assessSnapshot(deps, sidebar({ updatedAt: '2026-11-23T17:59:00Z' }));
    expect(zendesk.count('getTicket')).toBe(2);
    expect(zendesk.count('getTicketHistory')).toBe(2);
    // Past the TTL: the ticket is read again even if unchanged, but its audits are not (same updated_at).
    advance(ENRICHMENT_TTL_MS + 1);
    await assessSnapshot(deps, sidebar({ updatedAt: '2026-11-23T17:59:00Z' }));
    expect(zendesk.count('getTicket')).toBe(3);
    expect(zendesk.count('getTicketHistory')).toBe(2);
  });

  it("re-reads a new ticket's organization and the requester's memberships", async () => {
    const { zendesk, deps } = scenario();
    const forged = buildOrganization({ tags: ['premium', 'ultimate'], name: 'Forged name' });
    zendesk.organizations.set(ACME_ORG_ID, buildOrganization({ tags: ['free'], name: 'Acme Corp' }));
    const a = await assessSnapshot(deps, buildTicket({ id: null, organization: forged }));
    expect(a.ticketId).toBeNull();
    expect(a.plan.id).toBe('free');
    expect(zendesk.calls).toEqual([`getOrganization(${ACME_ORG_ID})`, `listUserMemberships(${REQUESTER_ID})`]);
  });

  it('lets a Zendesk rate limit and an unknown ticket through as domain errors', async () => {
    const { zendesk, deps } = scenario();
    await expect(assessSnapshot(deps, sidebar({ id: 777 }))).rejects.toBeInstanceOf(NotFoundError);
    zendesk.failures.set('getTicket', new ZendeskRateLimitedError(30, 'GET /tickets/:id'));
    await expect(assessSnapshot(deps, sidebar())).rejects.toMatchObject({ retryAfterSeconds: 30, statusCode: 503 });
  });
});

describe('a requester or organization Zendesk does not have (deleted, or an id made up)', () => {
  const NO_ORG_MESSAGE = "No organization on the ticket: find and associate the requester's organization (Salesforce contact or proven entitlement).";
  /** The scenario's ticket without an organization, its requester deleted in Zendesk. */
  function requesterDeleted() {
    const s = scenario();
    const ticket = s.zendesk.tickets.get(TICKET_ID)!;
    ticket.organizationId = null;
    ticket.tags = [];
    s.zendesk.users.delete(REQUESTER_ID);
    return s;
  }

  it("assesses the sidebar's snapshot of a ticket whose requester was deleted: a requester with no memberships", async () => {
    const { zendesk, deps } = requesterDeleted();
    const a = await assessSnapshot(deps, needsOrgTicket({ updatedAt: UPDATED_AT }));
    expect(a.ticketId).toBe(TICKET_ID);
    expect(a.plan.id).toBe('no_organization');
    expect(a.findings[0]).toMatchObject({ code: 'organization.missing', message: NO_ORG_MESSAGE, fix: { kind: 'associate_organization', organizationId: null } });
    expect(zendesk.calls).toContain(`listUserMemberships(${REQUESTER_ID})`);
  });

  it('assesses such a ticket by id too, and keeps that for the next read (no second memberships request)', async () => {
    const { zendesk, deps } = requesterDeleted();
    const a = await assessTicketById(deps, TICKET_ID);
    expect(a.findings[0]).toMatchObject({ code: 'organization.missing', message: NO_ORG_MESSAGE });
    await assessTicketById(deps, TICKET_ID);
    expect(zendesk.count('listUserMemberships')).toBe(1);
  });

  it('assesses a new ticket whose requester id Zendesk does not know as a requester with no memberships', async () => {
    const { zendesk, deps } = scenario();
    const a = await assessSnapshot(deps, buildTicket({ id: null, organization: null, requester: { id: 77777777, email: null } }));
    expect(a.ticketId).toBeNull();
    expect(a.findings[0]).toMatchObject({ code: 'organization.missing', message: NO_ORG_MESSAGE });
    expect(zendesk.calls).toEqual(['listUserMemberships(77777777)']);
  });

  it('refuses a new ticket whose organization id Zendesk does not know: 422 naming ticket.organization.id and the id', async () => {
    const { deps } = scenario();
    const err = await assessSnapshot(deps, buildTicket({ id: null, organization: buildOrganization({ id: 5 }) })).catch((e: unknown) => e);
    expect(err).toMatchObject({
      statusCode: 422,
      code: 'organization_not_found',
      message: 'ticket.organization.id: Zendesk has no organization 5 (deleted, or not of this account)',
    });
  });
});

describe("the form.unknown finding names the ticket's form with Zendesk's name", () => {
  /** The account's default form (email tickets), which the GitLab policy does not list. */
  const OTHER_FORM = 360000000100;
  const UNKNOWN = (form: string) =>
    `Form ${form} is not in policy "GitLab Support (default)": its entitlement and problem-type rules are unknown.`;
  const formUnknown = (a: { findings: { code: string; message: string }[] }) => a.findings.find((f) => f.code === 'form.unknown')?.message;
  function formsScenario(options: { waitMs?: number } = {}) {
    const s = scenario();
    s.zendesk.addForm({ id: 426148, name: 'Self-Managed' }).addForm({ id: OTHER_FORM, name: 'Other Request', isDefault: true });
    const failures: unknown[] = [];
    const deps: AssessDeps = { ...s.deps, formNames: createFormNames({ zendesk: s.zendesk, onError: (err) => void failures.push(err), ...options }) };
    return { ...s, deps, failures };
  }

  it('names it in a batch too, and asks nothing for a ticket on a policy form', async () => {
    const { zendesk, deps } = formsScenario();
    const batch = await assessBatch(deps, [TICKET_ID]);
    expect(formUnknown(batch.assessments[0]!)).toBeUndefined();
    expect(zendesk.count('listTicketForms')).toBe(0);
    zendesk.tickets.get(TICKET_ID)!.formId = OTHER_FORM;
    expect(formUnknown((await assessBatch(deps, [TICKET_ID])).assessments[0]!)).toBe(UNKNOWN(`"Other Request" (${OTHER_FORM})`));
  });

  it("reads the account's forms for a form outside the policy (sidebar snapshot and by id)", async () => {
    const { zendesk, deps } = formsScenario();
    // Saved on it in Zendesk (what the by-id read sees); the sidebar sends it as the agent's form.
    zendesk.tickets.get(TICKET_ID)!.formId = OTHER_FORM;
    expect(formUnknown(await assessSnapshot(deps, sidebar({ formId: OTHER_FORM })))).toBe(UNKNOWN(`"Other Request" (${OTHER_FORM})`));
    expect(zendesk.count('listTicketForms')).toBe(1);
    expect(formUnknown(await assessTicketById(deps, TICKET_ID))).toBe(UNKNOWN(`"Other Request" (${OTHER_FORM})`));
  });

  it('reads the names while the ticket is read, not after: a cold open waits for the slower of the two', async () => {
    const { zendesk, deps } = formsScenario();
    await assessSnapshot(deps, sidebar({ formId: OTHER_FORM }));
    expect(zendesk.calls.slice(0, 3)).toEqual(['listTicketForms()', `getTicketHistory(${TICKET_ID})`, `getTicket(${TICKET_ID})`]);
  });

  it('says the id alone when the read fails or Zendesk does not list the form, and reports the failure', async () => {
    const { zendesk, deps, failures } = formsScenario();
    expect(formUnknown(await assessSnapshot(deps, sidebar({ formId: 999 })))).toBe(UNKNOWN('999'));
    expect(failures).toEqual([]);
    const limited = new ZendeskRateLimitedError(30, 'GET /ticket_forms');
    zendesk.failures.set('listTicketForms', limited);
    expect(formUnknown(await assessSnapshot(deps, sidebar({ formId: OTHER_FORM })))).toBe(UNKNOWN(String(OTHER_FORM)));
    expect(failures).toEqual([limited]);
    // Without form names (batch, CLI): the id, and no read.
    const { formNames: _none, ...plain } = deps;
    const reads = zendesk.count('listTicketForms');
    expect(formUnknown(await assessSnapshot(plain, sidebar({ formId: OTHER_FORM })))).toBe(UNKNOWN(String(OTHER_FORM)));
    expect(zendesk.count('listTicketForms')).toBe(reads);
  });

  it('does not wait for a slow read: past the wait the id alone', async () => {
    const { zendesk, deps } = formsScenario({ waitMs: 20 });
    zendesk.listTicketForms = () => new Promise(() => undefined); // e.g. the gateway sleeping out a 429's Retry-After
    expect(formUnknown(await assessSnapshot(deps, sidebar({ formId: OTHER_FORM })))).toBe(UNKNOWN(String(OTHER_FORM)));
  });

  it('asks Zendesk nothing more for a ticket on a policy form, or on none', async () => {
    const { zendesk, deps } = formsScenario();
    await assessSnapshot(deps, sidebar());
    await assessSnapshot(deps, sidebar({ formId: null }));
    await assessTicketById(deps, TICKET_ID);
    expect(zendesk.count('listTicketForms')).toBe(0);
  });

  it("reads the form names and the requester's one organization concurrently", async () => {
    const { zendesk, deps } = formsScenario();
    zendesk.tickets.get(TICKET_ID)!.organizationId = null;
    const started: string[] = [];
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const getOrganization = zendesk.getOrganization.bind(zendesk);
    const listTicketForms = zendesk.listTicketForms.bind(zendesk);
    zendesk.getOrganization = async (id) => {
      started.push('organization');
      await gate;
      return getOrganization(id);
    };
    zendesk.listTicketForms = async () => {
      started.push('forms');
      await gate;
      return listTicketForms();
    };
    const pending = assessSnapshot(deps, sidebar({ formId: OTHER_FORM, organization: null }));
    for (let i = 0; i < 20 && started.length < 2; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(started.sort()).toEqual(['forms', 'organization']);
    release();
    const a = await pending;
    expect(formUnknown(a)).toBe(UNKNOWN(`"Other Request" (${OTHER_FORM})`));
    expect(a.findings[0]).toMatchObject({ code: 'organization.missing', fix: { organizationId: ACME_ORG_ID } });
  });

  it("still fails the assessment when the organization read fails, whatever the form lookup does", async () => {
    const { zendesk, deps } = formsScenario();
    zendesk.tickets.get(TICKET_ID)!.organizationId = null;
    zendesk.failures.set('getOrganization', new ZendeskRateLimitedError(30, 'GET /organizations/:id'));
    zendesk.failures.set('listTicketForms', new ZendeskRateLimitedError(30, 'GET /ticket_forms'));
    await expect(assessSnapshot(deps, sidebar({ formId: OTHER_FORM, organization: null }))).rejects.toMatchObject({ statusCode: 503 });
  });
});

describe("the ticket's field history, from its audits", () => {
  // Created Mon 09:00 PT as Urgent (Priority Support: a 30-minute first reply, due 09:30 PT), lowered to High at
  // 09:45 PT: the deadline is recomputed from creation (4 h: 13:00 PT), and the breach at 09:30 PT stays in history.
  const LOWERED = { at: '2026-11-23T17:45:00Z', field: 'priority' as const, from: 'urgent', to: 'high' };
  const frtOf = (a: Awaited<ReturnType<typeof assessSnapshot>>) => a.sla.find((s) => s.metric === 'first_reply_time')!;

  it('says why the first-reply deadline moved, from the priority change Zendesk recorded', async () => {
    const { zendesk, deps } = scenario();
    zendesk.changes.set(TICKET_ID, [LOWERED]);
    const frt = frtOf(await assessSnapshot(deps, sidebar()));
    expect(frt.dueAt).toBe('2026-11-23T21:00:00.000Z');
    expect(frt.deadlineChanges).toHaveLength(1);
    expect(frt.deadlineChanges[0]).toMatchObject({ at: '2026-11-23T17:45:00.000Z', from: '2026-11-23T17:30:00.000Z', to: '2026-11-23T21:00:00.000Z' });
    expect(frt.deadlineChanges[0]!.reason).toMatch(/^Priority urgent → high at .*: target 30 min → 4 h .*; the breach at Mon 23 Nov 09:30 PT stays in history$/);
  });

  it('reads the same history for an assessment by id (and for the reminders a webhook replans)', async () => {
    const { zendesk, deps } = scenario();
    zendesk.changes.set(TICKET_ID, [LOWERED]);
    const frt = frtOf(await assessTicketById(deps, TICKET_ID));
    expect(frt.deadlineChanges.map((c) => c.to)).toEqual(['2026-11-23T21:00:00.000Z']);
  });

  it('reads no audits for a ticket never updated since its creation (a new ticket waiting for its first reply)', async () => {
    const { zendesk, deps } = scenario();
    zendesk.tickets.get(TICKET_ID)!.updatedAt = CREATED_AT;
    const frt = frtOf(await assessSnapshot(deps, sidebar({ updatedAt: CREATED_AT })));
    expect(frt.deadlineChanges).toEqual([]);
    expect(frt.dueAt).toBe('2026-11-23T21:00:00.000Z');
    // By id too: the empty history is kept with the ticket's enrichment.
    await assessTicketById(deps, TICKET_ID);
    expect(zendesk.count('getTicketHistory')).toBe(0);
  });

  it("tells the agent's unsaved priority as a change now, not as the last recorded change's", async () => {
    const { zendesk, deps } = scenario();
    // Lowered by a trigger (so no deliberate change is on record).
    zendesk.changes.set(TICKET_ID, [{ ...LOWERED, via: 'rule' }]);
    // Saved: High (urgent → high at 09:45). The agent picks Low and has not saved yet (10:00 PT).
    const a = await assessSnapshot(deps, sidebar({ priority: 'low' }));
    const frt = frtOf(a);
    expect(frt.deadlineChanges.map((c) => [c.at, c.reason.split(' at ')[0]])).toEqual([
      ['2026-11-23T17:45:00.000Z', 'Priority urgent → high'],
      ['2026-11-23T18:00:00.000Z', 'Priority high → low'],
    ]);
    // Low on Priority Support: 24 business hours from Mon 09:00 PT.
    expect(frt.target).toMatchObject({ priority: 'low', minutes: 1440 });
    // Not a saved, deliberate change: the severity mismatch stays a warning the agent sees before saving.
    expect(a.findings.find((f) => f.code === 'priority.severity_mismatch')).toMatchObject({ severity: 'warning' });
  });

  it("tells the agent's unsaved form as a move now, not as where the last recorded move went", async () => {
    const { zendesk, deps } = scenario();
    // Saved: Self-Managed → L&R at 09:10 PT. The agent picks Emergencies and has not saved yet (10:00 PT).
    zendesk.tickets.get(TICKET_ID)!.formId = FORM.lnr;
    zendesk.changes.set(TICKET_ID, [{ at: '2026-11-23T17:10:00Z', field: 'form', from: String(FORM.selfManaged), to: String(FORM.lnr) }]);
    const frt = frtOf(await assessSnapshot(deps, sidebar({ formId: FORM.emergencies })));
    expect(frt.deadlineChanges.map((c) => [c.at, c.reason.split(' at ')[0]])).toEqual([
      ['2026-11-23T17:10:00.000Z', 'Form Self-Managed → L&R'],
      ['2026-11-23T18:00:00.000Z', 'Form L&R → Emergencies'],
    ]);
  });

  it('reads the audits again when they predate the update the ticket read saw, and keeps only that later copy', async () => {
    const { zendesk, deps, advance } = scenario();
    zendesk.changes.set(TICKET_ID, [LOWERED]);
    // The first audits answer was read through an older update than the ticket's (saved between the two reads).
    const answers = ['2026-11-23T17:00:00Z', UPDATED_AT];
    const history = zendesk.getTicketHistory.bind(zendesk);
    zendesk.getTicketHistory = async (id) => ({ ...(await history(id)), latestAuditAt: answers.shift() ?? UPDATED_AT });
    expect(frtOf(await assessSnapshot(deps, sidebar())).deadlineChanges).toHaveLength(1);
    expect(zendesk.count('getTicketHistory')).toBe(2);
    // Kept: a re-open past the TTL reads the ticket only.
    advance(ENRICHMENT_TTL_MS + 1);
    await assessSnapshot(deps, sidebar());
    expect(zendesk.count('getTicketHistory')).toBe(2);
    expect(zendesk.count('getTicket')).toBe(2);
  });

  it("uses the snapshot's own changes when it carries some, without reading the audits", async () => {
    const { zendesk, deps } = scenario();
    zendesk.changes.set(TICKET_ID, [LOWERED]);
    const frt = frtOf(await assessSnapshot(deps, sidebar({ changes: [{ ...LOWERED, from: 'normal' }] })));
    expect(zendesk.count('getTicketHistory')).toBe(0);
    expect(frt.deadlineChanges[0]!.reason).toMatch(/^Priority normal → high/);
  });

  it('assesses without the history when the audits cannot be read, says so, and reads them on the next open', async () => {
    const { zendesk, deps } = scenario();
    const told: [number, unknown][] = [];
    deps.onHistoryError = (ticketId, err) => void told.push([ticketId, err]);
    zendesk.changes.set(TICKET_ID, [LOWERED]);
    const limited = new ZendeskRateLimitedError(30, 'GET /tickets/:id/audits');
    zendesk.failures.set('getTicketHistory', limited);
    const first = frtOf(await assessSnapshot(deps, sidebar()));
    // The deadline is the same (recomputed from the current priority); only the explanation is missing.
    expect(first.dueAt).toBe('2026-11-23T21:00:00.000Z');
    expect(first.deadlineChanges).toEqual([]);
    expect(told).toEqual([[TICKET_ID, limited]]);
    zendesk.failures.delete('getTicketHistory');
    const second = frtOf(await assessSnapshot(deps, sidebar()));
    expect(second.deadlineChanges).toHaveLength(1);
    // The ticket came from the enrichment cache: only the audits were read again.
    expect(zendesk.count('getTicket')).toBe(1);
    expect(zendesk.count('getTicketHistory')).toBe(2);
  });

  it('says a deleted ticket is gone, not that its history is unreadable', async () => {
    const { zendesk, deps } = scenario();
    const told: unknown[] = [];
    deps.onHistoryError = (_id, err) => void told.push(err);
    zendesk.tickets.delete(TICKET_ID);
    await expect(assessSnapshot(deps, sidebar())).rejects.toMatchObject({ statusCode: 404 });
    expect(told).toEqual([]);
  });
});

describe('assessTicketById', () => {
  it('reads ticket, comments, requester and memberships, and caches them for the next call', async () => {
    const { zendesk, deps } = scenario();
    const a = await assessTicketById(deps, TICKET_ID);
    expect(a.plan.id).toBe('priority_support');
    expect(a.sla.find((s) => s.metric === 'first_reply_time')?.dueAt).toBe('2026-11-23T21:00:00.000Z');
    // Ticket, audits, organization, memberships, comments, requester.
    expect(zendesk.count()).toBe(6);
    await assessTicketById(deps, TICKET_ID);
    expect(zendesk.count()).toBe(6);
  });
});

describe('assessBatch', () => {
  function batchScenario() {
    const s = scenario();
    s.zendesk.addTicket(
      zendeskTicket({ id: 12346, createdAt: CREATED_AT, organizationId: STANDARD_ORG_ID, tags: ['starter'], slas: [] }),
    );
    return s;
  }

  it('assesses the known tickets and lists the unknown one as a failure', async () => {
    const { zendesk, deps } = batchScenario();
    const result = await assessBatch(deps, [TICKET_ID, 999, 12346]);
    expect(result.assessments.map((a) => [a.ticketId, a.plan.id])).toEqual([
      [TICKET_ID, 'priority_support'],
      [12346, 'standard'],
    ]);
    expect(result.failures).toEqual([{ ticketId: 999, message: 'ticket 999 was not found in Zendesk' }]);
    // One show_many, one organizations show_many; no comment reads where Zendesk sent `slas`.
    expect(zendesk.calls).toEqual([`showManyTickets(${TICKET_ID},999,12346)`, `getOrganizations(${ACME_ORG_ID},${STANDARD_ORG_ID})`]);
  });

  it("adds each ticket's open commitment, read for the whole batch in one query", async () => {
    const { deps, open, commitmentReads } = batchScenario();
    open.set(TICKET_ID, OPEN_COMMITMENT);
    const result = await assessBatch(deps, [TICKET_ID, 999, 12346]);
    const byTicket = new Map(result.assessments.map((a) => [a.ticketId, a]));
    expect(byTicket.get(TICKET_ID)?.commitment).toMatchObject({ state: 'due_soon', minutesLeft: 30, commitment: { id: 'c1' } });
    expect(byTicket.get(12346)?.commitment).toBeNull();
    // Only the tickets Zendesk returned, in one query.
    expect(commitmentReads).toEqual([`findOpenByTickets(${TICKET_ID},12346)`]);
  });

  it('reads comments only for tickets without the slas sideload, and lists their failures per ticket', async () => {
    const { zendesk, deps } = batchScenario();
    zendesk.tickets.get(12346)!.slas = null;
    zendesk.failures.set('getTicketComments', new ZendeskRateLimitedError(20, 'GET /tickets/:id/comments'));
    const errors: number[] = [];
    const result = await assessBatch({ ...deps, onError: (id) => errors.push(id) }, [TICKET_ID, 12346]);
    expect(result.assessments.map((a) => a.ticketId)).toEqual([TICKET_ID]);
    expect(result.failures).toEqual([{ ticketId: 12346, message: 'Zendesk is rate limiting requests; retry after 20 s' }]);
    expect(errors).toEqual([12346]);
  });

  it('answers 500 tickets with one show_many call to the gateway (the adapter chunks by 100) and one organizations read', async () => {
    const { zendesk, deps } = scenario();
    const ids = Array.from({ length: 500 }, (_, i) => 50_000 + i);
    for (const id of ids) zendesk.addTicket(zendeskTicket({ id, organizationId: ACME_ORG_ID, tags: ['premium'], slas: [] }));
    const started = Date.now();
    const result = await assessBatch(deps, ids);
    expect(result.assessments).toHaveLength(500);
    expect(result.failures).toEqual([]);
    expect(zendesk.calls).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
