import { setupServer } from 'msw/node';
import { GITLAB_POLICY, loadPolicy, type FixRunRequest, type Policy } from '@triage-assistant/shared';
import { NodeZendeskGateway } from '../../adapters/zendesk/node-zendesk-gateway.js';
import { FakeClock } from '../../adapters/zendesk/testing/fake-clock.js';
import { ConflictError, NotFoundError, TicketNotFoundError, UnprocessableError, ZendeskRateLimitedError } from '../../errors.js';
import { createInflight } from '../../plugins/inflight.js';
import type { FixRunRepository } from '../../storage/types.js';
import { openTestStorage, type TestStorage } from '../../testing/storage.js';
import { FixRunService, type FixRunDeps } from './run-fix.js';
import { FAKE_BASE, FakeZendesk, SYSTEM_USER_ID, type Fault } from './testing/fake-zendesk.js';

const server = setupServer();
let db: TestStorage;
let fake: FakeZendesk;
let nowMs: number;
let keySeq = 0;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  db = await openTestStorage('pglite');
  // Opening PGlite takes seconds on a loaded machine (as in simulator.test.ts): jest's 5 s hook default failed every
  // test of this file in a full run at load 8 on 2 CPUs.
}, 60_000);
afterAll(async () => {
  server.close();
  await db.cleanup();
});

const TICKET = 1001;
const REQUESTER = 5;
const ORG = 77;
const OTHER_ORG = 88;
const AGENT = 42;
const GENERAL_FORM = 100;
const SAAS_FORM = 200;
/** Active in Zendesk, unknown to the test policy. */
const LEGACY_FORM = 300;
const RETIRED_FORM = 400;
const GENERAL_PROBLEM = 360_002;
const SAAS_PROBLEM = 360_001;
const CUSTOMER_SEVERITY = 360_020_735_319;

/** The service's policy for these tests: two forms, each with its own problem-type field. */
const POLICY: Policy = loadPolicy({
  ...GITLAB_POLICY,
  forms: [
    {
      id: GENERAL_FORM,
      name: 'General',
      requiresEntitlement: false,
      problemType: { fieldId: GENERAL_PROBLEM, name: 'General problem', values: ['gen_question', 'gen_other'], required: true },
    },
    {
      id: SAAS_FORM,
      name: 'SaaS (policy)',
      requiresEntitlement: true,
      problemType: { fieldId: SAAS_PROBLEM, name: 'SaaS problem type', values: ['pt_sso', 'pt_ci'], required: true },
    },
  ],
  fields: { customerSeverity: CUSTOMER_SEVERITY, preferredRegion: null },
});

beforeEach(() => {
  fake = new FakeZendesk(40);
  server.resetHandlers(...fake.handlers());
  fake.orgs.set(ORG, { id: ORG, name: 'Acme Corp' });
  fake.orgs.set(OTHER_ORG, { id: OTHER_ORG, name: 'Globex' });
  fake.users.set(REQUESTER, { id: REQUESTER, name: 'Riley Requester', email: 'riley@acme.example', role: 'end-user', notes: '' });
  fake.addTicket({ id: TICKET, requester_id: REQUESTER, organization_id: null, ticket_form_id: GENERAL_FORM, priority: 'normal' });
  fake.forms.set(GENERAL_FORM, { id: GENERAL_FORM, name: 'General', active: true });
  fake.forms.set(SAAS_FORM, { id: SAAS_FORM, name: 'SaaS', active: true });
  fake.forms.set(LEGACY_FORM, { id: LEGACY_FORM, name: 'Legacy Support', active: true });
  fake.forms.set(RETIRED_FORM, { id: RETIRED_FORM, name: 'Retired', active: false });
  nowMs = Date.parse('2026-11-24T18:00:00Z');
  keySeq += 1;
});

const key = () => `key-${keySeq}`;

function gateway(timeoutMs = 40) {
  return new NodeZendeskGateway({
    endpointUri: FAKE_BASE,
    auth: { username: 'bot@acme.test', apiToken: 'zd-token' },
    planRateLimitPerMinute: 2500,
    timeoutMs,
    clock: new FakeClock(),
  });
}

function service(overrides: Partial<FixRunDeps> = {}) {
  return new FixRunService({
    zendesk: gateway(),
    fixRuns: db.storage.fixRuns,
    now: () => new Date(nowMs),
    syncBudgetMs: 10_000,
    ...overrides,
  });
}

/** The benchmark scenario: an org-less ticket needing organization, then form, then priority. */
const ORG_FORM_PRIORITY: FixRunRequest = {
  actions: [
    { kind: 'associate_organization', organizationId: ORG },
    { kind: 'set_form', formId: SAAS_FORM, formName: 'SaaS' },
    { kind: 'set_priority', priority: 'high' },
  ],
  internalNote: false,
  userNote: false,
};
const ORG_THEN_FORM: FixRunRequest = { ...ORG_FORM_PRIORITY, actions: ORG_FORM_PRIORITY.actions.slice(0, 2) };
/** The internal note of run `runId` listing every change ORG_FORM_PRIORITY makes. */
const everyChangeNoted = (runId: string) =>
  [
    `Triage Assistant fix run ${runId}, requested by agent #42:`,
    '- Add the requester to Acme Corp (#77)',
    "- Set the ticket's organization to Acme Corp (#77)",
    '- Change the form to "SaaS"',
    '- Set priority to high',
  ].join('\n');

const start = (svc: FixRunService, request: FixRunRequest = ORG_FORM_PRIORITY, agentId = AGENT, k = key()) =>
  svc.start({ ticketId: TICKET, agentId, idempotencyKey: k, request });

const ticket = () => fake.tickets.get(TICKET)!;
const autoReplies = () => (fake.comments.get(TICKET) ?? []).filter((c) => c.author_id === SYSTEM_USER_ID);
const membershipPosts = () => fake.writesTo('POST', /^\/organization_memberships$/);
const ticketPuts = () => fake.writesTo('PUT', /^\/tickets\/1001$/);

function expectFixedTicket() {
  expect(ticket()).toMatchObject({ organization_id: ORG, ticket_form_id: SAAS_FORM, priority: 'high' });
  expect(fake.memberships.filter((m) => m.user_id === REQUESTER)).toEqual([
    expect.objectContaining({ user_id: REQUESTER, organization_id: ORG }),
  ]);
  expect(autoReplies()).toEqual([]);
}

/** Exactly one membership POST and two ticket PUTs (org + form together, then priority): nothing written twice. */
function expectNoDuplicateWrites() {
  expect(membershipPosts()).toHaveLength(1);
  expect(ticketPuts().map((w) => Object.keys(w.body).filter((k) => k !== 'safe_update' && k !== 'updated_stamp').sort())).toEqual([
    ['organization_id', 'ticket_form_id'],
    ['priority'],
  ]);
}

describe('happy path', () => {
  it('associates the organization, then changes the form in one safe update: exactly 2 writes and no auto-reply', async () => {
    const stampBefore = ticket().updated_at;
    const { run, created } = await start(service(), ORG_THEN_FORM);
    expect(created).toBe(true);
    expect(run.state).toBe('succeeded');
    expect(run.error).toBeNull();
    expect(run.steps.map((s) => [s.kind, s.state, s.detail])).toEqual([
      ['create_membership', 'done', expect.stringMatching(/^Membership #\d+ created$/)],
      ['set_organization', 'done', 'Set to Acme Corp (#77) (one update with 2 changes)'],
      ['set_form', 'done', 'Set to "SaaS" (one update with 2 changes)'],
    ]);
    expect(run.steps[1]!.description).toBe("Set the ticket's organization to Acme Corp (#77)");
    expect(fake.writes).toEqual([
      { method: 'POST', path: '/organization_memberships', body: { organization_membership: { user_id: REQUESTER, organization_id: ORG } } },
      {
        method: 'PUT',
        path: '/tickets/1001',
        body: { organization_id: ORG, ticket_form_id: SAAS_FORM, safe_update: true, updated_stamp: stampBefore },
      },
    ]);
    expect(fake.requests).toEqual([
      'GET /tickets/1001',
      'GET /ticket_forms',
      'GET /organizations/77',
      'GET /users/5/organization_memberships',
      'POST /organization_memberships',
      'GET /tickets/1001',
      'PUT /tickets/1001',
    ]);
    expect(ticket()).toMatchObject({ organization_id: ORG, ticket_form_id: SAAS_FORM });
    expect(autoReplies()).toEqual([]);
    // The journal keeps Zendesk's answer for both steps of the one update.
    const journal = (await db.storage.fixRuns.stepResponse(run.id, 2)) as { ticketAfter: unknown; request: unknown };
    expect(journal.request).toEqual({ organizationId: ORG, formId: SAAS_FORM });
    expect(journal.ticketAfter).toEqual({ organizationId: ORG, formId: SAAS_FORM, priority: 'normal', problemType: null });
    expect(await db.storage.fixRuns.stepResponse(run.id, 1)).toEqual(journal);
  });

  it('the fake fires the auto-reply when the form changes first (control: the order is what prevents it)', async () => {
    await gateway().updateTicket(TICKET, { formId: SAAS_FORM }, ticket().updated_at);
    expect(autoReplies()).toHaveLength(1);
  });

  it('runs organization, form, priority and problem type with one write per change after the membership', async () => {
    const request: FixRunRequest = {
      ...ORG_FORM_PRIORITY,
      actions: [...ORG_FORM_PRIORITY.actions, { kind: 'set_problem_type', fieldId: 360001, value: 'pt_sso', options: ['pt_sso', 'pt_ci'] }],
    };
    // The problem-type field must be the one the service's policy gives the new form (SaaS: 360001).
    const { run } = await start(service({ policy: POLICY }), request);
    expect(run.state).toBe('succeeded');
    expect(run.steps.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(ticket()).toMatchObject({ organization_id: ORG, ticket_form_id: SAAS_FORM, priority: 'high', custom_fields: [{ id: 360001, value: 'pt_sso' }] });
    expect(ticketPuts().map((w) => w.body['custom_fields'] ?? w.body['priority'] ?? w.body['organization_id'])).toEqual([
      ORG,
      'high',
      [{ id: 360001, value: 'pt_sso' }],
    ]);
  });

  it('skips what is already set: a requester already in the organization gets no membership POST', async () => {
    fake.memberships.push({ id: 1, user_id: REQUESTER, organization_id: ORG, default: true });
    ticket().priority = 'high';
    const { run } = await start(service());
    expect(run.state).toBe('succeeded');
    expect(run.steps.map((s) => [s.kind, s.state, s.detail])).toEqual([
      ['create_membership', 'skipped', 'Already a member'],
      ['set_organization', 'done', 'Set to Acme Corp (#77) (one update with 2 changes)'],
      ['set_form', 'done', 'Set to "SaaS" (one update with 2 changes)'],
      ['set_priority', 'skipped', 'Already set'],
    ]);
    expect(membershipPosts()).toHaveLength(0);
    expect(ticketPuts()).toHaveLength(1);
  });

  it('counts Zendesk\'s 422 "already a member" as done', async () => {
    // The membership list is stale (Zendesk's search lag): it says "no membership", the POST says "already".
    fake.memberships.push({ id: 1, user_id: REQUESTER, organization_id: ORG, default: true });
    fake.fail('GET', /^\/users\/5\/organization_memberships$/, { kind: 'status', status: 200, body: { organization_memberships: [], next_page: null } });
    const { run } = await start(service());
    expect(run.state).toBe('succeeded');
    expect(run.steps[0]).toMatchObject({ state: 'done', detail: 'Already a member (Zendesk answered 422)' });
    expect(fake.requests.filter((r) => r === 'POST /organization_memberships')).toHaveLength(1);
    expect(fake.memberships).toHaveLength(1);
    expect(ticket()).toMatchObject({ organization_id: ORG, ticket_form_id: SAAS_FORM, priority: 'high' });
  });
});

describe('notes', () => {
  const WITH_NOTES: FixRunRequest = { ...ORG_THEN_FORM, internalNote: true, userNote: true };

  it('adds an internal note listing the changes and "Associated with ORG as per ticket #N" to the requester', async () => {
    fake.users.get(REQUESTER)!.notes = 'VIP contact';
    const { run } = await start(service(), WITH_NOTES);
    expect(run.state).toBe('succeeded');
    expect(run.steps.map((s) => [s.kind, s.state])).toEqual([
      ['create_membership', 'done'],
      ['set_organization', 'done'],
      ['set_form', 'done'],
      ['internal_note', 'done'],
      ['user_note', 'done'],
    ]);
    const [note] = fake.comments.get(TICKET)!;
    expect(note).toMatchObject({ public: false });
    expect(note!.body).toBe(
      [
        `Triage Assistant fix run ${run.id}, requested by agent #42:`,
        '- Add the requester to Acme Corp (#77)',
        "- Set the ticket's organization to Acme Corp (#77)",
        '- Change the form to "SaaS"',
      ].join('\n'),
    );
    expect(fake.users.get(REQUESTER)!.notes).toBe('VIP contact\nAssociated with Acme Corp as per ticket #1001');
    expect(fake.writes.map((w) => `${w.method} ${w.path}`)).toEqual([
      'POST /organization_memberships',
      'PUT /tickets/1001',
      'PUT /tickets/1001',
      'PUT /users/5',
    ]);
  });

  it('does not post the internal note twice when its answer was lost and the run resumes', async () => {
    // The note PUT lands but the answer never arrives, three times over: the adapter gives up, the run fails.
    fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'applied-then-timeout' }, { nth: 2 });
    fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'timeout' }, { times: Infinity, nth: 2 });
    const first = await start(service(), WITH_NOTES);
    expect(first.run.state).toBe('failed');
    expect(first.run.steps[3]).toMatchObject({ kind: 'internal_note', state: 'failed' });
    expect(first.run.error).toMatch(/^Zendesk did not answer at step "Add an internal note listing the changes": .*Retry the fix: completed steps are not repeated\.$/);
    fake.clearFaults();
    const again = await start(service(), WITH_NOTES);
    expect(again.run.state).toBe('succeeded');
    expect(again.run.steps[3]).toMatchObject({ state: 'done', detail: 'Internal note already on the ticket (an earlier attempt landed)' });
    expect(fake.comments.get(TICKET)!.filter((c) => !c.public)).toHaveLength(1);
    expect(fake.writesTo('PUT', /^\/users\/5$/)).toHaveLength(1);
  });

  it('adds no internal note when every change was already made, and says so', async () => {
    fake.memberships.push({ id: 1, user_id: REQUESTER, organization_id: ORG, default: true });
    Object.assign(ticket(), { organization_id: ORG, ticket_form_id: SAAS_FORM });
    const { run } = await start(service(), { ...WITH_NOTES, userNote: false });
    expect(run.state).toBe('succeeded');
    expect(run.steps.map((s) => [s.kind, s.state])).toEqual([
      ['create_membership', 'skipped'],
      ['set_organization', 'skipped'],
      ['set_form', 'skipped'],
      ['internal_note', 'skipped'],
    ]);
    expect(run.steps[3]!.detail).toBe('Nothing was changed, so no internal note was added');
    expect(fake.comments.get(TICKET) ?? []).toEqual([]);
    expect(ticketPuts()).toHaveLength(0);
  });

  it('notes an existing membership as already there, not as added', async () => {
    fake.memberships.push({ id: 1, user_id: REQUESTER, organization_id: ORG, default: true });
    const { run } = await start(service(), { ...WITH_NOTES, userNote: false });
    expect(run.state).toBe('succeeded');
    expect(fake.comments.get(TICKET)![0]!.body).toBe(
      [
        `Triage Assistant fix run ${run.id}, requested by agent #42:`,
        '- Add the requester to Acme Corp (#77) (already a member)',
        "- Set the ticket's organization to Acme Corp (#77)",
        '- Change the form to "SaaS"',
      ].join('\n'),
    );
  });

  describe('a run that stops after writing', () => {
    const ALL_WITH_NOTE: FixRunRequest = { ...ORG_FORM_PRIORITY, internalNote: true };
    const notes = () => (fake.comments.get(TICKET) ?? []).filter((c) => !c.public).map((c) => c.body);
    /** A colleague's internal note: not ours, and it lists none of the run's changes. */
    const colleagueAddsNote = () => {
      fake.users.set(60, { id: 60, name: 'Casey Colleague', email: 'casey@acme.test', role: 'agent', notes: '' });
      fake.comments.get(TICKET)!.push({ id: 1, author_id: 60, public: false, body: 'Called the customer.', created_at: fake.stamp() });
    };
    /**
     * The priority update (the second ticket PUT) meets someone else's unrelated change every time: 409 on each of its 3
     * rounds, and the step fails. (A Zendesk that failed to answer would put the note off to the retry.)
     */
    const priorityFails = () =>
      fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'concurrent', change: (t) => t.tags.push('busy') }, { nth: 2, times: 3 });
    const PRIORITY_FAILURE = 'The ticket kept changing while we updated it (3 conflicts in a row); nothing was overwritten. Retry the fix: completed steps are not repeated.';
    const logger = () => ({ warn: jest.fn(), error: jest.fn() });

    it('adds an internal note saying what was changed and what failed; the retry notes only what it changes', async () => {
      priorityFails();
      const first = await start(service(), ALL_WITH_NOTE);
      const id = first.run.id;
      expect(first.run.state).toBe('failed');
      // The run's own failure is the priority step's, as without the note.
      expect(first.run.error).toBe(PRIORITY_FAILURE);
      expect(first.run.steps.map((s) => [s.kind, s.state])).toEqual([
        ['create_membership', 'done'],
        ['set_organization', 'done'],
        ['set_form', 'done'],
        ['set_priority', 'failed'],
        ['internal_note', 'pending'],
      ]);
      expect(first.run.steps[4]!.detail).toBe('Internal note added about the changes made before the fix stopped');
      const stoppedNote = [
        `Triage Assistant fix run ${id}, requested by agent #42, stopped before it finished:`,
        '- Add the requester to Acme Corp (#77)',
        "- Set the ticket's organization to Acme Corp (#77)",
        '- Change the form to "SaaS"',
        `Failed: Set priority to high — ${first.run.error}`,
      ].join('\n');
      expect(notes()).toEqual([stoppedNote]);

      fake.clearFaults();
      const again = await start(service(), ALL_WITH_NOTE);
      expect(again.run).toMatchObject({ id, state: 'succeeded', error: null });
      expect(again.run.steps[4]).toMatchObject({ kind: 'internal_note', state: 'done', detail: 'Internal note added (the changes made since the fix stopped)' });
      // Each change is listed once: the organization and the form are not noted a second time.
      expect(notes()).toEqual([
        stoppedNote,
        [`Triage Assistant fix run ${id}, requested by agent #42, resumed after it stopped:`, '- Set priority to high'].join('\n'),
      ]);
      expectFixedTicket();
      expect(membershipPosts()).toHaveLength(1);
    });

    it('adds no second note when the retry stops again without changing anything more', async () => {
      priorityFails();
      const first = await start(service(), ALL_WITH_NOTE);
      expect(notes()).toHaveLength(1);
      // The retry resumes at the priority: its update is the retry's first PUT.
      fake.clearFaults();
      fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'status', status: 500 }, { times: 3 });
      const again = await start(service(), ALL_WITH_NOTE);
      expect(again.run).toMatchObject({ id: first.run.id, state: 'failed' });
      expect(again.run.steps[3]).toMatchObject({ kind: 'set_priority', state: 'failed' });
      expect(notes()).toHaveLength(1);
      expect(again.run.steps[4]).toMatchObject({ state: 'pending', detail: 'Internal note added about the changes made before the fix stopped' });
    });

    it('notes a change the stopped run\'s note called failed when a retry finds it made (its write landed, the answer was lost)', async () => {
      priorityFails();
      const first = await start(service(), ALL_WITH_NOTE);
      expect(notes()).toEqual([expect.stringContaining(`Failed: Set priority to high — ${first.run.error}`)]);
      // The retry's priority update lands, but neither its answer nor those of the adapter's two replays arrive.
      fake.clearFaults();
      fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'applied-then-timeout' });
      fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'timeout' }, { times: 2 });
      const again = await start(service(), ALL_WITH_NOTE);
      expect(again.run.steps[3]).toMatchObject({ kind: 'set_priority', state: 'failed' });
      expect(ticket().priority).toBe('high');
      fake.clearFaults();
      const last = await start(service(), ALL_WITH_NOTE);
      expect(last.run.state).toBe('succeeded');
      expect(last.run.steps[3]).toMatchObject({ state: 'skipped', detail: 'Already set' });
      expect(last.run.steps[4]).toMatchObject({ state: 'done', detail: 'Internal note added (the changes made since the fix stopped)' });
      expect(notes()).toEqual([
        expect.stringContaining('stopped before it finished:'),
        [`Triage Assistant fix run ${first.run.id}, requested by agent #42, resumed after it stopped:`, '- Set priority to high (already set)'].join('\n'),
      ]);
    });

    it('notes the membership when someone else set another organization (a 409), and overwrites nothing', async () => {
      fake.memberships.push({ id: 2, user_id: REQUESTER, organization_id: OTHER_ORG, default: true });
      fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'concurrent', change: (t) => (t.organization_id = OTHER_ORG) });
      const { run } = await start(service(), ALL_WITH_NOTE);
      expect(run.state).toBe('failed');
      expect(run.error).toBe(
        "Not overwritten: the ticket's organization was changed to #88 by someone else since the fix started. Review the ticket; start a new fix if Acme Corp (#77) is still right.",
      );
      expect(notes()).toEqual([
        [
          `Triage Assistant fix run ${run.id}, requested by agent #42, stopped before it finished:`,
          '- Add the requester to Acme Corp (#77)',
          `Failed: Set the ticket's organization to Acme Corp (#77) — ${run.error}`,
          'Not done: Change the form to "SaaS"; Set priority to high',
        ].join('\n'),
      ]);
      // The note is the only ticket write: the organization, form and priority are as the other agent left them.
      expect(ticketPuts().map((w) => Object.keys(w.body).filter((k) => k !== 'safe_update' && k !== 'updated_stamp'))).toEqual([['comment']]);
      expect(ticket()).toMatchObject({ organization_id: OTHER_ORG, ticket_form_id: GENERAL_FORM, priority: 'normal' });
    });

    it('is best effort: a note Zendesk refuses is logged as a warning and the run fails as it would have', async () => {
      // Zendesk refuses every ticket update: the organization + form, then the note.
      fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'status', status: 422, body: { error: 'RecordInvalid', description: 'Ticket is closed' } }, { times: Infinity });
      const log = logger();
      const { run } = await start(service({ logger: log }), ALL_WITH_NOTE);
      expect(run.state).toBe('failed');
      expect(run.error).toBe(`Zendesk refused step "Set the ticket's organization to Acme Corp (#77)": Zendesk rejected PUT /tickets/:id (HTTP 422): Ticket is closed`);
      expect(run.steps.map((s) => [s.kind, s.state])).toEqual([
        ['create_membership', 'done'],
        ['set_organization', 'failed'],
        ['set_form', 'pending'],
        ['set_priority', 'pending'],
        ['internal_note', 'pending'],
      ]);
      expect(run.steps[4]!.detail).toBe('Could not add an internal note about the changes made before the fix stopped: Zendesk rejected PUT /tickets/:id (HTTP 422): Ticket is closed');
      expect(notes()).toEqual([]);
      expect(log.warn).toHaveBeenCalledWith(
        expect.objectContaining({ runId: run.id, ticketId: TICKET }),
        'fix run stopped after changing the ticket; the internal note listing those changes could not be added',
      );
      expect(log.error).not.toHaveBeenCalled();
      // The retry lists every change in one note.
      fake.clearFaults();
      const again = await start(service(), ALL_WITH_NOTE);
      expect(again.run.state).toBe('succeeded');
      expect(notes()).toEqual([
        everyChangeNoted(run.id),
      ]);
    });

    it.each<[string, Fault, number]>([
      ['refuses (422)', { kind: 'status', status: 422, body: { error: 'RecordInvalid', description: 'Comment is invalid' } }, 1],
      ['asks for a wait (429)', { kind: 'status', status: 429, headers: { 'Retry-After': '30' } }, 1],
      ['keeps meeting changes (409 every round)', { kind: 'concurrent', change: (t) => t.tags.push('busy') }, 3],
    ])('lists every change on the retry when Zendesk %s the stopped run\'s note, whatever notes others add meanwhile', async (_, fault, times) => {
      priorityFails();
      // The note is the fifth PUT: the priority's fault takes PUTs 2 to 4.
      fake.fail('PUT', /^\/tickets\/1001$/, fault, { nth: 2, times });
      const first = await start(service({ logger: logger() }), ALL_WITH_NOTE);
      expect(first.run.state).toBe('failed');
      expect(first.run.steps[4]!.detail).toMatch(/^Could not add an internal note about the changes made before the fix stopped: /);
      expect(notes()).toEqual([]);
      // A colleague's internal note, written after our note was refused: it is not ours and lists none of the changes.
      colleagueAddsNote();
      fake.clearFaults();
      const again = await start(service(), ALL_WITH_NOTE);
      expect(again.run.state).toBe('succeeded');
      expect(notes()).toEqual([
        'Called the customer.',
        everyChangeNoted(first.run.id),
      ]);
    });

    it('adds the note on the retry when Zendesk refused it at its own step, whatever notes others add meanwhile', async () => {
      // The note is the third PUT, after the organization + form and the priority.
      fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'status', status: 422, body: { error: 'RecordInvalid', description: 'Comment is invalid' } }, { nth: 3 });
      const first = await start(service(), ALL_WITH_NOTE);
      expect(first.run.steps[4]).toMatchObject({ kind: 'internal_note', state: 'failed' });
      colleagueAddsNote();
      const again = await start(service(), ALL_WITH_NOTE);
      expect(again.run.steps[4]).toMatchObject({ state: 'done', detail: 'Internal note added' });
      expect(notes()).toEqual([
        'Called the customer.',
        everyChangeNoted(first.run.id),
      ]);
    });

    it.each<[string, Fault, RegExp, string]>([
      [
        'the step used up its retries on 500s',
        { kind: 'status', status: 500 },
        /^Zendesk did not answer at step "Set priority to high": .* after 3 attempts\. Retry the fix: completed steps are not repeated\.$/,
        'No internal note yet: Zendesk did not answer. Retry the fix to add it with the changes.',
      ],
      [
        'the step used up its retries on timeouts',
        { kind: 'timeout' },
        /^Zendesk did not answer at step "Set priority to high": .* after 3 attempts\. Retry the fix: completed steps are not repeated\.$/,
        'No internal note yet: Zendesk did not answer. Retry the fix to add it with the changes.',
      ],
      [
        'Zendesk asked for a wait (rate limit)',
        { kind: 'status', status: 429, headers: { 'Retry-After': '30' } },
        /^Zendesk asked us to wait 30 s \(rate limit\) at step "Set priority to high"\. Retry the fix: completed steps are not repeated\.$/,
        'No internal note yet: Zendesk asked us to wait 30 s. Retry the fix to add it with the changes.',
      ],
    ])('asks nothing more of Zendesk when %s: no note then, one note listing everything on the retry', async (_, fault, error, detail) => {
      // A 429 is not retried by the adapter; the other faults take its three attempts.
      fake.fail('PUT', /^\/tickets\/1001$/, fault, { nth: 2, ...(fault.kind === 'status' && fault.status === 429 ? {} : { times: 3 }) });
      const first = await start(service(), ALL_WITH_NOTE);
      expect(first.run.state).toBe('failed');
      expect(first.run.error).toMatch(error);
      expect(first.run.steps[4]).toMatchObject({ state: 'pending', detail });
      expect(notes()).toEqual([]);
      // The failed priority update was the last request: the failure is reported without waiting on Zendesk again.
      expect(fake.requests.at(-1)).toBe('PUT /tickets/1001');
      const again = await start(service(), ALL_WITH_NOTE);
      expect(again.run.state).toBe('succeeded');
      expect(notes()).toEqual([
        everyChangeNoted(first.run.id),
      ]);
    });

    it('does not note the same changes twice when the answer to the stopped run\'s note was lost', async () => {
      priorityFails();
      // The note (the fifth PUT) lands but its answer never arrives, nor those of the adapter's two replays. Each fault
      // counts only the PUTs the faults queued before it leave: the priority's fault takes PUTs 2 to 4.
      fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'applied-then-timeout' }, { nth: 2 });
      fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'timeout' }, { nth: 2, times: 2 });
      const log = logger();
      const first = await start(service({ logger: log }), ALL_WITH_NOTE);
      expect(first.run.state).toBe('failed');
      expect(first.run.error).toBe(PRIORITY_FAILURE);
      expect(notes()).toHaveLength(1);
      expect(log.warn).toHaveBeenCalledTimes(1);
      fake.clearFaults();
      const again = await start(service(), ALL_WITH_NOTE);
      expect(again.run.state).toBe('succeeded');
      expect(notes()).toEqual([
        expect.stringContaining('stopped before it finished:'),
        [`Triage Assistant fix run ${first.run.id}, requested by agent #42, resumed after it stopped:`, '- Set priority to high'].join('\n'),
      ]);
    });

    it('adds no note of its own when the run was asked for none', async () => {
      priorityFails();
      const { run } = await start(service(), ORG_FORM_PRIORITY);
      expect(run.state).toBe('failed');
      expect(notes()).toEqual([]);
    });
  });

  it('does not add the user note twice', async () => {
    fake.users.get(REQUESTER)!.notes = 'Associated with Acme Corp as per ticket #1001';
    const { run } = await start(service(), { ...WITH_NOTES, internalNote: false });
    expect(run.steps[3]).toMatchObject({ kind: 'user_note', state: 'skipped', detail: 'Already noted on the requester' });
    expect(fake.writesTo('PUT', /^\/users\/5$/)).toHaveLength(0);
  });
});

describe('idempotency and ownership', () => {
  it('returns the same run for the same key without writing again', async () => {
    const svc = service();
    const first = await start(svc);
    const writes = fake.writes.length;
    const second = await start(svc);
    expect(second.created).toBe(false);
    expect(second.run).toEqual(first.run);
    expect(fake.writes).toHaveLength(writes);
    // The key survives a restart too: a new instance finds the run in the database.
    const third = await start(service());
    expect(third.run.id).toBe(first.run.id);
    expect(fake.writes).toHaveLength(writes);
  });

  it('refuses the same key with a different request (409)', async () => {
    const svc = service();
    await start(svc);
    const other = { ...ORG_FORM_PRIORITY, actions: [{ kind: 'set_priority' as const, priority: 'low' as const }] };
    await expect(start(svc, other)).rejects.toThrow(new ConflictError('Idempotency-Key reused with a different request: use a new key for a different fix'));
    await expect(start(svc, other)).rejects.toMatchObject({ statusCode: 409, code: 'idempotency_key_reused' });
  });

  it('scopes keys per agent and hides a run from other agents', async () => {
    const svc = service();
    const mine = await start(svc);
    const theirs = await start(svc, ORG_FORM_PRIORITY, 43);
    expect(theirs.run.id).not.toBe(mine.run.id);
    // The second run re-reads and finds everything done: nothing is written again.
    expect(theirs.run.steps.map((s) => s.state)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    expectNoDuplicateWrites();
    expect(await svc.get(mine.run.id, AGENT)).toEqual(mine.run);
    await expect(svc.get(mine.run.id, 43)).rejects.toThrow(NotFoundError);
    await expect(svc.get('no-such-run', AGENT)).rejects.toThrow(`Fix run no-such-run not found`);
  });
});

describe('validation (nothing written, no run created)', () => {
  async function expectRefused(request: FixRunRequest, message: string | RegExp, policy?: Policy) {
    const svc = service(policy ? { policy } : {});
    const attempt = start(svc, request);
    await expect(attempt).rejects.toThrow(UnprocessableError);
    await expect(start(svc, request)).rejects.toThrow(message);
    expect(await db.storage.fixRuns.getByIdempotencyKey(`${AGENT}:${key()}`)).toBeNull();
    expect(fake.writes).toEqual([]);
  }

  it('refuses a form change before the organization association', async () => {
    await expectRefused(
      { ...ORG_THEN_FORM, actions: [ORG_THEN_FORM.actions[1]!, ORG_THEN_FORM.actions[0]!] },
      /^Fix order: associate_organization must come before set_form\. Associate the organization first: changing the form of a ticket whose requester has no organization re-runs triggers and sends the customer an auto-reply$/,
    );
  });

  it('refuses a form change alone on an organization-less ticket when the form needs entitlement', async () => {
    await expectRefused(
      { ...ORG_THEN_FORM, actions: [ORG_THEN_FORM.actions[1]!] },
      'Fix order: ticket #1001 has no organization, so associate_organization must come before set_form "SaaS".',
    );
  });

  it('allows a form change alone when the policy says the form needs no entitlement', async () => {
    const policy = { forms: [{ id: SAAS_FORM, name: 'SaaS', requiresEntitlement: false, internal: false }] } as unknown as Policy;
    const { run } = await start(service({ policy }), { ...ORG_THEN_FORM, actions: [ORG_THEN_FORM.actions[1]!] });
    expect(run.state).toBe('succeeded');
    expect(ticket().ticket_form_id).toBe(SAAS_FORM);
  });

  it('refuses an unchosen organization, an unchosen problem type and one outside the options', async () => {
    await expectRefused(
      { ...ORG_THEN_FORM, actions: [{ kind: 'associate_organization', organizationId: null }] },
      'Choose the organization to associate: associate_organization.organizationId is null',
    );
    await expectRefused(
      { ...ORG_THEN_FORM, actions: [{ kind: 'set_problem_type', fieldId: 1, value: null, options: ['a', 'b'] }] },
      'Choose a problem type: set_problem_type.value is null (options: a, b)',
    );
    // Checked against the service's policy, not the options the client sent (see "problem type" below).
    await expectRefused(
      { ...ORG_THEN_FORM, actions: [{ kind: 'set_problem_type', fieldId: GENERAL_PROBLEM, value: 'c', options: ['a', 'b'] }] },
      'actions[0] set_problem_type: "c" is not an option of General problem (field 360002) on form "General" (100); allowed: gen_question, gen_other',
      POLICY,
    );
    await expectRefused(
      { ...ORG_THEN_FORM, actions: [{ kind: 'set_priority', priority: 'high' }, { kind: 'set_form', formId: 3, formName: 'X' }] },
      'Fix order is organization → form → priority → problem type: set_form must come before set_priority',
    );
  });

  it('answers 404 ticket_not_found, like the assessment, for a ticket Zendesk does not have', async () => {
    const attempt = service().start({ ticketId: 99_999_999, agentId: AGENT, idempotencyKey: key(), request: ORG_THEN_FORM });
    await expect(attempt).rejects.toThrow(new TicketNotFoundError(99_999_999));
    await expect(service().start({ ticketId: 99_999_999, agentId: AGENT, idempotencyKey: key(), request: ORG_THEN_FORM })).rejects.toMatchObject({
      statusCode: 404,
      code: 'ticket_not_found',
      message: 'Zendesk has no ticket 99999999',
    });
    expect(fake.writes).toEqual([]);
  });

  it("answers 422 organization_not_found, like a new ticket's assessment, naming the action for an organization Zendesk does not have", async () => {
    // The id comes from the body: invalid input, not a missing resource of the URL (the ticket is there).
    const request = { ...ORG_THEN_FORM, actions: [{ kind: 'associate_organization' as const, organizationId: 12345 }] };
    await expect(start(service(), request)).rejects.toThrow(UnprocessableError);
    await expect(start(service(), request)).rejects.toMatchObject({
      statusCode: 422,
      code: 'organization_not_found',
      message: 'actions[0] associate_organization: Zendesk has no organization 12345 (deleted, or not of this account)',
    });
    expect(await db.storage.fixRuns.getByIdempotencyKey(`${AGENT}:${key()}`)).toBeNull();
    expect(fake.writes).toEqual([]);
  });
});

describe('problem type: only the field and values the service\'s policy gives the form', () => {
  /** `policy: null` runs without one. */
  async function refused(request: FixRunRequest, code: string, message: string, policy: Policy | null = POLICY) {
    const attempt = start(service(policy ? { policy } : {}), request);
    await expect(attempt).rejects.toThrow(UnprocessableError);
    await expect(attempt).rejects.toMatchObject({ statusCode: 422, code, message });
    expect(await db.storage.fixRuns.getByIdempotencyKey(`${AGENT}:${key()}`)).toBeNull();
    expect(fake.writes).toEqual([]);
    expect(ticket().custom_fields).toEqual([]);
  }
  const problemType = (fieldId: number, value: string, options: string[] = []) =>
    ({ kind: 'set_problem_type', fieldId, value, options }) as const;

  it('refuses another custom field (Customer Severity) with empty options: nothing written', async () => {
    await refused(
      { actions: [problemType(CUSTOMER_SEVERITY, 'severity_1')], internalNote: false, userNote: false },
      'fix_field_not_allowed',
      'actions[0] set_problem_type: field 360020735319 is not the problem-type field of form "General" (100); the policy allows field 360002 (General problem) only',
    );
  });

  it('refuses a value outside the policy\'s options, whatever options the client sends', async () => {
    await refused(
      { actions: [problemType(GENERAL_PROBLEM, 'made_up', ['made_up'])], internalNote: false, userNote: false },
      'fix_invalid_choice',
      'actions[0] set_problem_type: "made_up" is not an option of General problem (field 360002) on form "General" (100); allowed: gen_question, gen_other',
    );
  });

  it('takes the field of the form the run sets, not the ticket\'s current form', async () => {
    await refused(
      { ...ORG_THEN_FORM, actions: [...ORG_THEN_FORM.actions, problemType(GENERAL_PROBLEM, 'gen_question')] },
      'fix_field_not_allowed',
      'actions[2] set_problem_type: field 360002 is not the problem-type field of form "SaaS (policy)" (200, set by this run); the policy allows field 360001 (SaaS problem type) only',
    );
    const { run } = await start(service({ policy: POLICY }), { ...ORG_THEN_FORM, actions: [...ORG_THEN_FORM.actions, problemType(SAAS_PROBLEM, 'pt_ci')] });
    expect(run.state).toBe('succeeded');
    expect(ticket()).toMatchObject({ ticket_form_id: SAAS_FORM, custom_fields: [{ id: SAAS_PROBLEM, value: 'pt_ci' }] });
  });

  it('refuses any field on a form the policy gives no problem-type field, and without a policy', async () => {
    await refused(
      { ...ORG_THEN_FORM, actions: [ORG_THEN_FORM.actions[0]!, { kind: 'set_form', formId: LEGACY_FORM, formName: 'Legacy' }, problemType(SAAS_PROBLEM, 'pt_ci')] },
      'fix_field_not_allowed',
      'actions[2] set_problem_type: form #300 (set by this run) has no problem-type field in the policy, so field 360001 cannot be set',
    );
    await refused(
      { actions: [problemType(SAAS_PROBLEM, 'pt_ci')], internalNote: false, userNote: false },
      'fix_field_not_allowed',
      'actions[0] set_problem_type: form #100 has no problem-type field in the policy, so field 360001 cannot be set',
      null,
    );
  });

  it('refuses a problem type on a ticket without a form', async () => {
    ticket().ticket_form_id = null;
    await refused(
      { actions: [problemType(GENERAL_PROBLEM, 'gen_question')], internalNote: false, userNote: false },
      'fix_field_not_allowed',
      'actions[0] set_problem_type: the ticket has no form, so field 360002 cannot be set',
    );
  });

  it('writes the policy\'s field and value, with the journal showing what Zendesk received', async () => {
    const { run } = await start(service({ policy: POLICY }), { actions: [problemType(GENERAL_PROBLEM, 'gen_other')], internalNote: false, userNote: false });
    expect(run.state).toBe('succeeded');
    expect(ticketPuts().map((w) => w.body['custom_fields'])).toEqual([[{ id: GENERAL_PROBLEM, value: 'gen_other' }]]);
  });
});

describe('set_form: checked before any write, named by the policy or Zendesk', () => {
  const withForm = (formId: number, formName: string): FixRunRequest => ({
    ...ORG_THEN_FORM,
    actions: [ORG_THEN_FORM.actions[0]!, { kind: 'set_form', formId, formName }],
  });

  async function refused(request: FixRunRequest, code: string, message: string, policy?: Policy) {
    const attempt = start(service(policy ? { policy } : {}), request);
    await expect(attempt).rejects.toMatchObject({ statusCode: 422, code, message });
    expect(await db.storage.fixRuns.getByIdempotencyKey(`${AGENT}:${key()}`)).toBeNull();
    // The membership (the first write) was not created.
    expect(fake.writes).toEqual([]);
    expect(fake.memberships).toEqual([]);
  }

  it('refuses a form Zendesk does not have, naming the action and the id', async () => {
    await refused(
      withForm(987_654_321, 'Nope'),
      'fix_unknown_form',
      'actions[1] set_form: form 987654321 is not one of the account\'s ticket forms in Zendesk',
    );
  });

  it('refuses a form the policy lists but Zendesk does not have (Zendesk would refuse the write)', async () => {
    fake.forms.delete(SAAS_FORM);
    await refused(withForm(SAAS_FORM, 'SaaS'), 'fix_unknown_form', 'actions[1] set_form: form 200 is not one of the account\'s ticket forms in Zendesk', POLICY);
  });

  it('reads the forms again when the cached list lacks the form, so one an admin just added is not refused for 10 minutes', async () => {
    const svc = service({ policy: POLICY });
    fake.forms.delete(SAAS_FORM);
    await expect(start(svc, withForm(SAAS_FORM, 'SaaS'))).rejects.toMatchObject({ statusCode: 422, code: 'fix_unknown_form' });
    // The admin adds the form; the gateway still holds the list read just now.
    fake.forms.set(SAAS_FORM, { id: SAAS_FORM, name: 'SaaS', active: true });
    const { run } = await start(svc, withForm(SAAS_FORM, 'SaaS'), AGENT, `${key()}-again`);
    expect(run.state).toBe('succeeded');
    expect(ticket().ticket_form_id).toBe(SAAS_FORM);
    // Each run: the cached list, then one fresh read on the miss (the first run's cached read was a real one).
    expect(fake.requests.filter((r) => r === 'GET /ticket_forms')).toHaveLength(3);
  });

  it('refuses an inactive form', async () => {
    await refused(withForm(RETIRED_FORM, 'Retired'), 'fix_unknown_form', 'actions[1] set_form: form 400 ("Retired") is inactive in Zendesk');
  });

  it('names the form from the policy, ignoring the formName sent, in the steps and the internal note', async () => {
    const { run } = await start(service({ policy: POLICY }), { ...withForm(SAAS_FORM, 'Self-Managed'), internalNote: true });
    expect(run.state).toBe('succeeded');
    expect(run.steps.map((s) => [s.kind, s.description, s.detail])).toEqual([
      ['create_membership', 'Add the requester to Acme Corp (#77)', expect.stringMatching(/^Membership #\d+ created$/)],
      ['set_organization', "Set the ticket's organization to Acme Corp (#77)", 'Set to Acme Corp (#77) (one update with 2 changes)'],
      ['set_form', 'Change the form to "SaaS (policy)"', 'Set to "SaaS (policy)" (one update with 2 changes)'],
      ['internal_note', 'Add an internal note listing the changes', 'Internal note added'],
    ]);
    expect(fake.comments.get(TICKET)!.find((c) => !c.public)!.body).toContain('- Change the form to "SaaS (policy)"');
    expect(ticket().ticket_form_id).toBe(SAAS_FORM);
  });

  it('names a form the policy does not list by its Zendesk name', async () => {
    const { run } = await start(service({ policy: POLICY }), withForm(LEGACY_FORM, 'Nope'));
    expect(run.state).toBe('succeeded');
    expect(run.steps[2]).toMatchObject({ kind: 'set_form', description: 'Change the form to "Legacy Support"' });
  });

  it('names the form in the org-before-form refusal from the policy too', async () => {
    const attempt = start(service({ policy: POLICY }), { ...ORG_THEN_FORM, actions: [{ kind: 'set_form', formId: SAAS_FORM, formName: 'Nope' }] });
    await expect(attempt).rejects.toThrow('Fix order: ticket #1001 has no organization, so associate_organization must come before set_form "SaaS (policy)".');
    expect(fake.writes).toEqual([]);
  });
});

/**
 * Faults at every request of the scenario. The requests, in order: GET ticket, GET organization (validation), GET
 * memberships, POST membership, GET ticket, PUT ticket (organization + form), GET ticket, PUT ticket (priority).
 */
const STEPS: { name: string; method: string; path: RegExp; nth: number; stepIndex: number; description: string }[] = [
  { name: 'list memberships', method: 'GET', path: /^\/users\/5\/organization_memberships$/, nth: 1, stepIndex: 0, description: 'Add the requester to Acme Corp (#77)' },
  { name: 'create membership', method: 'POST', path: /^\/organization_memberships$/, nth: 1, stepIndex: 0, description: 'Add the requester to Acme Corp (#77)' },
  { name: 're-read before org + form', method: 'GET', path: /^\/tickets\/1001$/, nth: 2, stepIndex: 1, description: "Set the ticket's organization to Acme Corp (#77)" },
  { name: 'org + form update', method: 'PUT', path: /^\/tickets\/1001$/, nth: 1, stepIndex: 1, description: "Set the ticket's organization to Acme Corp (#77)" },
  { name: 're-read before priority', method: 'GET', path: /^\/tickets\/1001$/, nth: 3, stepIndex: 3, description: 'Set priority to high' },
  { name: 'priority update', method: 'PUT', path: /^\/tickets\/1001$/, nth: 1, stepIndex: 3, description: 'Set priority to high' },
];
// The priority PUT is the second PUT overall; the fault counter only counts requests made after it is queued.
const nthOf = (s: (typeof STEPS)[number]) => (s.name === 'priority update' ? 2 : s.nth);

describe.each(STEPS)('faults at "$name"', (step) => {
  const inject = (fault: Fault, times = 1) => fake.fail(step.method, step.path, fault, { nth: nthOf(step), times });

  it('429 with a long Retry-After fails the run with the wait; the same key resumes without repeating a write', async () => {
    inject({ kind: 'status', status: 429, headers: { 'Retry-After': '30' } }, Infinity);
    const first = await start(service());
    expect(first.run.state).toBe('failed');
    expect(first.run.error).toBe(
      `Zendesk asked us to wait 30 s (rate limit) at step "${step.description}". Retry the fix: completed steps are not repeated.`,
    );
    expect(first.run.steps[step.stepIndex]).toMatchObject({ state: 'failed', detail: first.run.error });
    expect(first.run.steps.slice(0, step.stepIndex).every((s) => s.state === 'done')).toBe(true);
    fake.clearFaults();
    const again = await start(service());
    expect(again.created).toBe(false);
    expect(again.run).toMatchObject({ id: first.run.id, state: 'succeeded', error: null });
    expectFixedTicket();
    expectNoDuplicateWrites();
  });

  it('429 with a short Retry-After is waited out inside the step', async () => {
    inject({ kind: 'status', status: 429, headers: { 'Retry-After': '2' } });
    const { run } = await start(service());
    expect(run.state).toBe('succeeded');
    expectFixedTicket();
    expectNoDuplicateWrites();
  });

  it('a 500 is retried by the adapter and the run succeeds', async () => {
    inject({ kind: 'status', status: 500 });
    const { run } = await start(service());
    expect(run.state).toBe('succeeded');
    expectFixedTicket();
    expectNoDuplicateWrites();
  });

  it('500s until the adapter gives up fail the run; the retry resumes', async () => {
    inject({ kind: 'status', status: 500 }, Infinity);
    const first = await start(service());
    expect(first.run.state).toBe('failed');
    expect(first.run.error).toMatch(new RegExp(`^Zendesk did not answer at step "${step.description.replace(/[()]/g, '\\$&')}": Zendesk failed with HTTP 500 .* after 3 attempts\\. Retry the fix`));
    fake.clearFaults();
    const again = await start(service());
    expect(again.run.state).toBe('succeeded');
    expectFixedTicket();
    expectNoDuplicateWrites();
  });

  it('a timeout is retried; timeouts until the adapter gives up fail the run; the retry resumes', async () => {
    inject({ kind: 'timeout' }, 3);
    const first = await start(service());
    expect(first.run.state).toBe('failed');
    expect(first.run.error).toContain('Zendesk failed with a timeout');
    const again = await start(service());
    expect(again.run.state).toBe('succeeded');
    expectFixedTicket();
    expectNoDuplicateWrites();
  });

  it('a process crash just before this request resumes from the journal on another instance', async () => {
    let dead = false;
    // The "crash": from this request on, the dying process can no longer write its journal. The step's own Zendesk
    // calls still go out, so its write lands unrecorded: the worst moment to die.
    fake.fail(step.method, step.path, { kind: 'tap', run: () => (dead = true) }, { nth: nthOf(step) });
    const { storage } = db;
    const dying: FixRunRepository = new Proxy(storage.fixRuns, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => (dead ? Promise.reject(new Error('process crashed')) : (value as (...a: unknown[]) => unknown).apply(target, args));
      },
    });
    await expect(start(service({ fixRuns: dying }))).rejects.toThrow('process crashed');
    const stuck = await storage.fixRuns.getByIdempotencyKey(`${AGENT}:${key()}`);
    expect(stuck?.state).toBe('running');
    // A retry right away leaves it alone (another instance may be running it) ...
    const early = await start(service());
    expect(early.run.state).toBe('running');
    // ... and takes it over once it has made no progress for a minute.
    nowMs += 61_000;
    const resumed = await start(service());
    expect(resumed.run).toMatchObject({ id: stuck!.id, state: 'succeeded' });
    expectFixedTicket();
    expectNoDuplicateWrites();
  });
});

describe('lost answers and conflicts on writes', () => {
  it.each([
    ['POST', /^\/organization_memberships$/, 1],
    ['PUT', /^\/tickets\/1001$/, 1],
    ['PUT', /^\/tickets\/1001$/, 2],
  ] as const)('%s %s #%d applied but its answer lost (timeout): the replay is recognised, nothing written twice', async (method, path, nth) => {
    fake.fail(method, path, { kind: 'applied-then-timeout' }, { nth });
    const { run } = await start(service());
    expect(run.state).toBe('succeeded');
    expectFixedTicket();
    expectNoDuplicateWrites();
  });

  it.each([
    ['POST', /^\/organization_memberships$/, 1],
    ['PUT', /^\/tickets\/1001$/, 1],
    ['PUT', /^\/tickets\/1001$/, 2],
  ] as const)('%s %s #%d applied then answered 500: the replay is recognised, nothing written twice', async (method, path, nth) => {
    fake.fail(method, path, { kind: 'applied-then-500' }, { nth });
    const { run } = await start(service());
    expect(run.state).toBe('succeeded');
    expectFixedTicket();
    expectNoDuplicateWrites();
  });

  it('409 after an unrelated change: re-reads and writes with the fresh stamp', async () => {
    fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'concurrent', change: (t) => t.tags.push('vip') });
    const { run } = await start(service());
    expect(run.state).toBe('succeeded');
    expect(fake.requests.filter((r) => r === 'PUT /tickets/1001')).toHaveLength(3);
    expect(ticket().tags).toEqual(['vip']);
    expectFixedTicket();
    expectNoDuplicateWrites();
  });

  it('409 because someone set a different organization: fails without overwriting, form left alone', async () => {
    fake.memberships.push({ id: 2, user_id: REQUESTER, organization_id: OTHER_ORG, default: true });
    fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'concurrent', change: (t) => (t.organization_id = OTHER_ORG) });
    const { run } = await start(service());
    expect(run.state).toBe('failed');
    const message =
      "Not overwritten: the ticket's organization was changed to #88 by someone else since the fix started. Review the ticket; start a new fix if Acme Corp (#77) is still right.";
    expect(run.error).toBe(message);
    expect(run.steps.map((s) => [s.kind, s.state])).toEqual([
      ['create_membership', 'done'],
      ['set_organization', 'failed'],
      ['set_form', 'pending'],
      ['set_priority', 'pending'],
    ]);
    expect(ticket()).toMatchObject({ organization_id: OTHER_ORG, ticket_form_id: GENERAL_FORM, priority: 'normal' });
    expect(ticketPuts()).toEqual([]);
    // A retry with the same key re-checks and still refuses to overwrite.
    const again = await start(service());
    expect(again.run.error).toBe(message);
    expect(ticketPuts()).toEqual([]);
  });

  it('409 because someone set the same organization: counted as done, the form goes out alone', async () => {
    fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'concurrent', change: (t) => (t.organization_id = ORG) });
    const { run } = await start(service());
    expect(run.state).toBe('succeeded');
    expect(run.steps[1]).toMatchObject({ state: 'skipped', detail: 'Already set (confirmed after a concurrent update)' });
    expect(ticketPuts().map((w) => w.body['ticket_form_id'] ?? w.body['priority'])).toEqual([SAAS_FORM, 'high']);
    expectFixedTicket();
  });

  it('gives up after repeated conflicts without overwriting', async () => {
    fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'concurrent', change: (t) => t.tags.push('busy') }, { times: Infinity });
    const { run } = await start(service());
    expect(run.state).toBe('failed');
    expect(run.error).toBe('The ticket kept changing while we updated it (3 conflicts in a row); nothing was overwritten. Retry the fix: completed steps are not repeated.');
    expect(ticketPuts()).toEqual([]);
    expect(ticket().organization_id).toBeNull();
  });

  it('a priority changed by a trigger on our own update is still ours to set', async () => {
    // Our write's answer becomes a value we may overwrite: a trigger's change is a consequence of the fix.
    fake.onUpdate = (t) => {
      if (t.organization_id === ORG && t.priority === 'normal') t.priority = 'low';
    };
    const { run } = await start(service(), {
      ...ORG_FORM_PRIORITY,
      actions: [...ORG_FORM_PRIORITY.actions.slice(0, 2), { kind: 'set_priority', priority: 'urgent' }],
    });
    expect(run.state).toBe('succeeded');
    expect(run.steps[3]).toMatchObject({ state: 'done', detail: 'Set to "urgent"' });
    expect(ticket().priority).toBe('urgent');
  });
});

describe('shutdown and time budget', () => {
  it('answers with progress when the budget runs out, and keeps going in the background', async () => {
    let release!: () => void;
    fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'hold', until: new Promise<void>((r) => (release = r)) });
    const svc = service({ zendesk: gateway(5_000), syncBudgetMs: 50 });
    const { run } = await start(svc);
    expect(run.state).toBe('running');
    expect(run.steps.map((s) => s.state)).toEqual(['done', 'running', 'pending', 'pending']);
    release();
    await svc.idle();
    expect((await svc.get(run.id, AGENT)).state).toBe('succeeded');
    expectFixedTicket();
    expectNoDuplicateWrites();
  });

  it('graceful shutdown lets the current step finish, then stops; the same key resumes after the restart', async () => {
    let release!: () => void;
    fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'hold', until: new Promise<void>((r) => (release = r)) });
    const inflight = createInflight();
    const svc = service({ zendesk: gateway(5_000), syncBudgetMs: 50, inflight });
    const { run } = await start(svc);
    expect(inflight.size).toBe(1);
    const drained = inflight.drain(5_000);
    release();
    expect(await drained).toBe(true);
    const stopped = await svc.get(run.id, AGENT);
    expect(stopped.state).toBe('failed');
    expect(stopped.error).toBe('The service restarted before step "Set priority to high". Retry the fix: completed steps are not repeated.');
    expect(stopped.steps.map((s) => s.state)).toEqual(['done', 'done', 'done', 'pending']);
    const resumed = await start(service());
    expect(resumed.run.state).toBe('succeeded');
    expectFixedTicket();
    expectNoDuplicateWrites();
  });

  /** Starts `request` with its `nth` ticket PUT held, shuts the service down meanwhile; the run as the shutdown left it. */
  async function stoppedByShutdown(request: FixRunRequest, nth = 1) {
    let release!: () => void;
    fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'hold', until: new Promise<void>((r) => (release = r)) }, { nth });
    const inflight = createInflight();
    const { run } = await start(service({ zendesk: gateway(5_000), syncBudgetMs: 50, inflight }), request);
    const drained = inflight.drain(5_000);
    release();
    expect(await drained).toBe(true);
    return { run, stopped: await db.storage.fixRuns.get(run.id) };
  }

  it('says a run stopped by a shutdown notes its changes when retried (nothing resumes it by itself), and the retry does', async () => {
    const request: FixRunRequest = { ...ORG_FORM_PRIORITY, internalNote: true };
    // A shutdown while the first ticket PUT (organization + form) is under way.
    const { run, stopped } = await stoppedByShutdown(request);
    expect(stopped!.error).toBe(
      'The service restarted before step "Set priority to high". Retry the fix: completed steps are not repeated, and the internal note listing the changes is added then.',
    );
    expect(stopped!.steps[4]).toMatchObject({
      kind: 'internal_note',
      state: 'pending',
      detail: 'No internal note yet: the service restarted. Retry the fix to add it with the changes.',
    });
    expect(fake.comments.get(TICKET)).toEqual([]);
    const resumed = await start(service(), request);
    expect(resumed.run.state).toBe('succeeded');
    expect(fake.comments.get(TICKET)!.map((c) => c.body)).toEqual([everyChangeNoted(run.id)]);
  });

  it('names no note to come when a shutdown stops a run after its internal note', async () => {
    const request: FixRunRequest = { ...ORG_THEN_FORM, internalNote: true, userNote: true };
    // The second ticket PUT is the internal note: the shutdown comes while it is under way.
    const { stopped } = await stoppedByShutdown(request, 2);
    expect(stopped!.error).toBe(`The service restarted before step "Note the association with Acme Corp (#77) on the requester's profile". Retry the fix: completed steps are not repeated.`);
    expect(stopped!.steps[3]).toMatchObject({ kind: 'internal_note', state: 'done', detail: 'Internal note added' });
  });
});

describe('resume', () => {
  it('resumes a stopped run by id and leaves a finished one alone', async () => {
    fake.fail('PUT', /^\/tickets\/1001$/, { kind: 'status', status: 503, headers: { 'Retry-After': '120' } });
    const svc = service();
    const { run } = await start(svc);
    expect(run).toMatchObject({ state: 'failed', error: expect.stringContaining('Zendesk asked us to wait 120 s') });
    const resumed = await svc.resume(run.id);
    expect(resumed.state).toBe('succeeded');
    expectFixedTicket();
    expectNoDuplicateWrites();
    const requests = fake.requests.length;
    expect(await svc.resume(run.id)).toEqual(resumed);
    expect(fake.requests).toHaveLength(requests);
    await expect(svc.resume('missing')).rejects.toThrow('Fix run missing not found');
  });
});

describe('start-time reads', () => {
  it('a rate limit while validating creates no run; the retry starts it', async () => {
    fake.fail('GET', /^\/tickets\/1001$/, { kind: 'status', status: 429, headers: { 'Retry-After': '45' } });
    await expect(start(service())).rejects.toThrow(ZendeskRateLimitedError);
    expect(await db.storage.fixRuns.getByIdempotencyKey(`${AGENT}:${key()}`)).toBeNull();
    const { run, created } = await start(service());
    expect(created).toBe(true);
    expect(run.state).toBe('succeeded');
    expectNoDuplicateWrites();
  });
});
