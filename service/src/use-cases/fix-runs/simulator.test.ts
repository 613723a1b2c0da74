/**
 * The fix run against the shared Zendesk simulator (scripts/src/zendesk-simulator), whose triggers and rate limit are
 * written independently of the service: the auto-reply on a form change for organization-less requesters, safe_update
 * 409s, the 422 duplicate membership, and 429 + Retry-After past a per-minute rate.
 */
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { GITLAB_POLICY, type FixRunRequest } from '@triage-assistant/shared';
import { ENTITLEMENT_AUTO_REPLY, createSimulator, type ZendeskSimulator } from '../../../../scripts/src/zendesk-simulator/model.js';
import { DEFAULT_BASE_URL, zendeskHandlers } from '../../../../scripts/src/zendesk-simulator/msw.js';
import { NodeZendeskGateway } from '../../adapters/zendesk/node-zendesk-gateway.js';
import { FakeClock } from '../../adapters/zendesk/testing/fake-clock.js';
import { openTestStorage, type TestStorage } from '../../testing/storage.js';
import { FixRunService } from './run-fix.js';

const server = setupServer();
let db: TestStorage;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  db = await openTestStorage('pglite');
  // Opening PGlite takes seconds on a loaded machine: jest's 5 s default for hooks failed a full run.
}, 60_000);
afterAll(async () => {
  server.close();
  await db.cleanup();
});

const START = Date.parse('2026-11-24T18:00:00Z');
const entitlementForm = GITLAB_POLICY.forms.find((f) => f.requiresEntitlement && !f.internal)!;
const plainForm = GITLAB_POLICY.forms.find((f) => !f.requiresEntitlement && f.id !== entitlementForm.id)!;

let sim: ZendeskSimulator;
let ticketId: number;
let orgId: number;
let requesterId: number;
let keySeq = 0;

function setUp(rateLimitPerMinute: number | null = null) {
  sim = createSimulator({ now: () => new Date(START), rateLimitPerMinute });
  server.resetHandlers(...zendeskHandlers(sim, DEFAULT_BASE_URL));
  requesterId = sim.createUser({ name: 'Riley Requester', email: 'riley@acme.example', role: 'end-user' }).id;
  orgId = sim.createOrganization({ name: 'Acme Corp', domain_names: ['acme.example'] }).id;
  ticketId = sim.createTicket({
    subject: 'Runner stuck',
    comment: { body: 'Our runners are stuck' },
    requester_id: requesterId,
    organization_id: null,
    ticket_form_id: plainForm.id,
    priority: 'normal',
  }).id;
  sim.requestLog.length = 0;
  keySeq += 1;
}

function service() {
  return new FixRunService({
    zendesk: new NodeZendeskGateway({
      endpointUri: DEFAULT_BASE_URL,
      auth: { username: 'bot@acme.test', apiToken: 'zd-token' },
      planRateLimitPerMinute: 2500,
      timeoutMs: 1000,
      clock: new FakeClock(START),
    }),
    fixRuns: db.storage.fixRuns,
    policy: GITLAB_POLICY,
    now: () => sim.now(),
    syncBudgetMs: 10_000,
  });
}

const orgThenForm = (): FixRunRequest => ({
  actions: [
    { kind: 'associate_organization', organizationId: orgId },
    { kind: 'set_form', formId: entitlementForm.id, formName: entitlementForm.name },
  ],
  internalNote: false,
  userNote: false,
});

const writes = () => sim.requestLog.filter((r) => r.method !== 'GET' && r.status < 300).map((r) => `${r.method} ${r.path}`);
const autoReplies = () => sim.ticketComments(ticketId).filter((c) => c.body === ENTITLEMENT_AUTO_REPLY);

it('control: changing the form first makes the simulator send the entitlement auto-reply', () => {
  setUp();
  sim.updateTicket(ticketId, { ticket_form_id: entitlementForm.id });
  expect(autoReplies()).toHaveLength(1);
});

it('"associate organization, then change form" is exactly 2 writes and sends no auto-reply', async () => {
  setUp();
  const { run } = await service().start({ ticketId, agentId: 7, idempotencyKey: `sim-${keySeq}`, request: orgThenForm() });
  expect(run.state).toBe('succeeded');
  expect(sim.writeCount()).toBe(2);
  expect(writes()).toEqual(['POST /organization_memberships', 'PUT /tickets/:id']);
  expect(sim.getTicket(ticketId)).toMatchObject({ organization_id: orgId, ticket_form_id: entitlementForm.id });
  expect(sim.listMemberships({ userId: requesterId }).map((m) => m.organization_id)).toEqual([orgId]);
  expect(autoReplies()).toEqual([]);
});

it('stops at the rate limit with the wait Zendesk asked for, and the same key finishes the run a minute later', async () => {
  // 5 requests a minute: the validation reads (ticket, ticket forms, organization), the memberships and the POST; the
  // re-read is refused.
  setUp(5);
  const first = await service().start({ ticketId, agentId: 7, idempotencyKey: `sim-${keySeq}`, request: orgThenForm() });
  expect(first.run.state).toBe('failed');
  expect(first.run.error).toBe(
    `Zendesk asked us to wait 60 s (rate limit) at step "Set the ticket's organization to Acme Corp (#${orgId})". Retry the fix: completed steps are not repeated.`,
  );
  expect(writes()).toEqual(['POST /organization_memberships']);
  sim.advanceClock(60_000);
  const again = await service().start({ ticketId, agentId: 7, idempotencyKey: `sim-${keySeq}`, request: orgThenForm() });
  expect(again.run).toMatchObject({ id: first.run.id, state: 'succeeded' });
  expect(writes()).toEqual(['POST /organization_memberships', 'PUT /tickets/:id']);
  expect(sim.getTicket(ticketId)).toMatchObject({ organization_id: orgId, ticket_form_id: entitlementForm.id });
  expect(autoReplies()).toEqual([]);
});

it('stopped by the rate limit after the membership, it writes no note during the wait; the retry notes every change once', async () => {
  setUp(5);
  const request: FixRunRequest = { ...orgThenForm(), internalNote: true };
  const first = await service().start({ ticketId, agentId: 7, idempotencyKey: `sim-${keySeq}`, request });
  expect(first.run.state).toBe('failed');
  expect(first.run.steps.find((s) => s.kind === 'internal_note')).toMatchObject({
    state: 'pending',
    detail: 'No internal note yet: Zendesk asked us to wait 60 s. Retry the fix to add it with the changes.',
  });
  // Nothing more was asked of Zendesk after its 429.
  expect(sim.requestLog.at(-1)?.status).toBe(429);
  sim.advanceClock(60_000);
  const again = await service().start({ ticketId, agentId: 7, idempotencyKey: `sim-${keySeq}`, request });
  expect(again.run.state).toBe('succeeded');
  expect(sim.ticketComments(ticketId).filter((c) => !c.public).map((c) => c.body)).toEqual([
    [
      `Triage Assistant fix run ${first.run.id}, requested by agent #7:`,
      `- Add the requester to Acme Corp (#${orgId})`,
      `- Set the ticket's organization to Acme Corp (#${orgId})`,
      `- Change the form to "${entitlementForm.name}"`,
    ].join('\n'),
  ]);
});

it('stopped by a refused update after the membership, it adds an internal note saying so', async () => {
  setUp();
  const request: FixRunRequest = { ...orgThenForm(), internalNote: true };
  // An admin deactivates the form after the run checked it, while the membership is being created: the simulator
  // refuses the organization + form update (422), after the membership was written.
  server.use(
    http.post(
      `${DEFAULT_BASE_URL}/organization_memberships.json`,
      () => {
        sim.ticketForms.get(entitlementForm.id)!.active = false;
      },
      { once: true },
    ),
  );
  const { run } = await service().start({ ticketId, agentId: 7, idempotencyKey: `sim-${keySeq}`, request });
  expect(run.state).toBe('failed');
  const note = sim.ticketComments(ticketId).find((c) => !c.public);
  expect(note?.body).toBe(
    [
      `Triage Assistant fix run ${run.id}, requested by agent #7, stopped before it finished:`,
      `- Add the requester to Acme Corp (#${orgId})`,
      `Failed: Set the ticket's organization to Acme Corp (#${orgId}) — ${run.error}`,
      `Not done: Change the form to "${entitlementForm.name}"`,
    ].join('\n'),
  );
  expect(autoReplies()).toEqual([]);
});

describe("the tester's probes: nothing is written beyond the policy's forms and problem-type fields", () => {
  const severityField = GITLAB_POLICY.fields.customerSeverity!;
  const start = (request: FixRunRequest) => service().start({ ticketId, agentId: 7, idempotencyKey: `sim-${keySeq}`, request });

  it('refuses to write Customer Severity through set_problem_type, with the options left empty', async () => {
    setUp();
    const request: FixRunRequest = {
      actions: [{ kind: 'set_problem_type', fieldId: severityField, value: 'severity_1', options: [] }],
      internalNote: false,
      userNote: false,
    };
    await expect(start(request)).rejects.toMatchObject({ statusCode: 422, code: 'fix_field_not_allowed' });
    expect(writes()).toEqual([]);
    expect(sim.getTicket(ticketId).custom_fields.find((f) => f.id === severityField)?.value ?? null).toBeNull();
  });

  it('refuses an unknown form before creating the membership', async () => {
    setUp();
    const request: FixRunRequest = {
      actions: [
        { kind: 'associate_organization', organizationId: orgId },
        { kind: 'set_form', formId: 987654321, formName: 'Nope' },
      ],
      internalNote: true,
      userNote: false,
    };
    await expect(start(request)).rejects.toMatchObject({
      statusCode: 422,
      code: 'fix_unknown_form',
      message: "actions[1] set_form: form 987654321 is not one of the account's ticket forms in Zendesk",
    });
    expect(writes()).toEqual([]);
    expect(sim.listMemberships({ userId: requesterId })).toEqual([]);
  });

  it("writes the form's policy name in the internal note, not the formName sent", async () => {
    setUp();
    const request: FixRunRequest = { ...orgThenForm(), internalNote: true };
    request.actions[1] = { kind: 'set_form', formId: entitlementForm.id, formName: 'Self-Managed' };
    const { run } = await start(request);
    expect(run.state).toBe('succeeded');
    const note = sim.ticketComments(ticketId).find((c) => !c.public);
    expect(note?.body).toContain(`- Change the form to "${entitlementForm.name}"`);
    expect(note?.body).not.toContain('Self-Managed');
  });
});
