import fc from 'fast-check';
import { ACME_ORG_ID, agentReply, buildComment, buildOrganization, buildTicket, REQUESTER_ID } from '../../../../shared/src/testing/factories.js';
import { ReminderScheduler } from '../../reminders/scheduler.js';
import { buildTestApp, fakeClock, signWebhook, type TestApp } from '../../testing/test-app.js';
import { FakeZendesk, zendeskTicket, zendeskUser } from '../../use-cases/testing/fake-zendesk.js';

const TICKET = 7001;
const ASSIGNEE = 501;
const CREATED = '2026-11-27T21:30:00Z';

function scenario() {
  return new FakeZendesk()
    .addOrganization(buildOrganization(), 12)
    .addUser(zendeskUser({ id: REQUESTER_ID, email: 'dana@acme.example' }), [ACME_ORG_ID])
    .addTicket(
      zendeskTicket({ id: TICKET, createdAt: CREATED, updatedAt: CREATED, priority: 'high', organizationId: ACME_ORG_ID, tags: ['premium'], assigneeId: ASSIGNEE }),
      [buildComment({ createdAt: CREATED })],
    );
}

// The SLA plan as the scheduler would see it: pending rows by instant.
async function pending(t: TestApp) {
  const rows = await t.storage.reminders.claimDue(new Date('2026-12-01T00:00:00Z'), 100, 'probe', 1);
  return rows.filter((r) => r.source === 'sla').map((r) => `${r.kind} ${r.dueAt.toISOString()}`);
}

const HIGH_PLAN = [
  'sla_warning 2026-11-27T23:30:00.000Z',
  'sla_warning 2026-11-28T00:30:00.000Z',
  'sla_warning 2026-11-29T23:15:00.000Z',
  'sla_breached 2026-11-29T23:30:00.000Z',
];

describe('SLA reminders planned from webhook events and sidebar opens', () => {
  let t: TestApp;
  let zendesk: FakeZendesk;
  beforeEach(async () => {
    zendesk = scenario();
    t = await buildTestApp({ zendesk, clock: fakeClock('2026-11-27T21:45:00Z') });
  }, 60_000);
  afterEach(() => t.close());

  const hook = (event: object) => {
    const body = JSON.stringify(event);
    return t.app.inject({ method: 'POST', url: '/v1/webhooks/zendesk', headers: signWebhook(body, { timestamp: t.clock() }), payload: body });
  };
  // What the "ticket changed" trigger template sends: every value as text.
  const changed = (eventId: string, priority: string) => ({
    eventId,
    type: 'ticket_changed',
    occurredAt: t.clock().toISOString(),
    ticket: { id: String(TICKET), priority, groupId: '11' },
    current: { status: 'Open', formId: '426148', organizationId: String(ACME_ORG_ID), assigneeId: String(ASSIGNEE) },
  });

  it('a ticket solved (as Zendesk reads it now) closes its open commitment and its reminders; pending does not', async () => {
    const put = await t.app.inject({
      method: 'PUT', url: `/v1/tickets/${TICKET}/commitment`, headers: await t.authFor(ASSIGNEE), payload: { dueAt: '2026-11-28T01:00:00Z', note: 'logs' },
    });
    expect(put.statusCode).toBe(200);
    const mine = async () =>
      (await t.app.inject({ method: 'GET', url: '/v1/agents/me/commitments', headers: await t.authFor(ASSIGNEE) })).json().commitments.map((c: { state: string }) => c.state);

    zendesk.tickets.get(TICKET)!.status = 'pending';
    expect((await hook(changed('changed-7001-p', 'High'))).json().effects).toEqual([expect.stringMatching(/^SLA reminders: /)]);
    expect(await mine()).toEqual(['upcoming']);

    zendesk.tickets.get(TICKET)!.status = 'solved';
    const solved = await hook(changed('changed-7001-s', 'High'));
    expect(solved.statusCode).toBe(200);
    expect(solved.json().effects).toEqual([
      expect.stringMatching(/^commitment .+ closed \(ticket solved\)$/),
      '2 reminder(s) cancelled',
      expect.stringMatching(/^SLA reminders: /),
    ]);
    expect(await mine()).toEqual(['cancelled']);
    const due = await t.storage.reminders.claimDue(new Date('2026-12-01T00:00:00Z'), 100, 'probe', 1);
    expect(due.filter((r) => r.source === 'commitment')).toEqual([]);

    // A promise made after the change (the ticket reopened meanwhile) is not closed by that change's late delivery.
    const solvedAt = t.clock().toISOString();
    t.clock.advance(10 * 60_000);
    zendesk.tickets.get(TICKET)!.status = 'open';
    const again = await t.app.inject({ method: 'PUT', url: `/v1/tickets/${TICKET}/commitment`, headers: await t.authFor(ASSIGNEE), payload: { dueAt: '2026-11-28T02:00:00Z' } });
    expect(again.statusCode).toBe(200);
    const late = await hook({ ...changed('changed-7001-late', 'High'), occurredAt: solvedAt });
    expect(late.json().effects).toEqual([expect.stringMatching(/^SLA reminders: /)]);
    expect((await mine()).sort()).toEqual(['cancelled', 'upcoming']);
  });

  it('a ticket Zendesk no longer has (deleted) closes its open commitment too', async () => {
    await t.app.inject({ method: 'PUT', url: `/v1/tickets/${TICKET}/commitment`, headers: await t.authFor(ASSIGNEE), payload: { dueAt: '2026-11-28T01:00:00Z' } });
    zendesk.tickets.delete(TICKET);
    const res = await hook(changed('changed-7001-x', 'High'));
    expect(res.json().effects).toEqual([expect.stringMatching(/^commitment .+ closed \(ticket deleted\)$/), '2 reminder(s) cancelled', 'ticket not found in Zendesk: 0 SLA reminder(s) cancelled']);
  });

  it("replans a ticket whose requester Zendesk no longer has (deleted), as the ticket tells it, instead of answering 404", async () => {
    zendesk.users.delete(REQUESTER_ID);
    const res = await hook(changed('changed-7001-d', 'High'));
    expect(res.statusCode).toBe(200);
    expect(res.json().effects).toEqual([expect.stringMatching(/^SLA reminders: 4 planned/)]);
    expect(await pending(t)).toEqual(HIGH_PLAN);
  });

  it('a ticket solved after its requester was deleted closes its open commitment (the event is not refused 404)', async () => {
    await t.app.inject({ method: 'PUT', url: `/v1/tickets/${TICKET}/commitment`, headers: await t.authFor(ASSIGNEE), payload: { dueAt: '2026-11-28T01:00:00Z' } });
    zendesk.users.delete(REQUESTER_ID);
    zendesk.tickets.get(TICKET)!.status = 'solved';
    const res = await hook(changed('changed-7001-solved-d', 'High'));
    expect(res.statusCode).toBe(200);
    expect(res.json().effects).toEqual([
      expect.stringMatching(/^commitment .+ closed \(ticket solved\)$/),
      '2 reminder(s) cancelled',
      expect.stringMatching(/^SLA reminders: /),
    ]);
    const mine = (await t.app.inject({ method: 'GET', url: '/v1/agents/me/commitments', headers: await t.authFor(ASSIGNEE) })).json();
    expect(mine.commitments.map((c: { state: string }) => c.state)).toEqual(['cancelled']);
  });

  it("acknowledges an event whose ticket's organization Zendesk no longer has: the rest is done, reminders kept, the skip said and logged, no retry", async () => {
    expect((await hook(changed('changed-7001-plan', 'High'))).statusCode).toBe(200);
    await t.app.inject({ method: 'PUT', url: `/v1/tickets/${TICKET}/commitment`, headers: await t.authFor(ASSIGNEE), payload: { dueAt: '2026-11-28T01:00:00Z' } });
    zendesk.organizations.delete(ACME_ORG_ID);
    const reply = {
      eventId: 'comment-7001-org-gone',
      type: 'comment_added',
      occurredAt: t.clock().toISOString(),
      ticket: { id: String(TICKET), priority: 'High', groupId: '11' },
      comment: { public: 'true', authorId: String(ASSIGNEE), authorRole: 'agent' },
    };
    const res = await hook(reply);
    expect(res.statusCode).toBe(200);
    expect(res.json().effects).toEqual([
      expect.stringMatching(/^commitment .+ met$/),
      '2 reminder(s) cancelled',
      `SLA reminders not replanned: Zendesk has no organization ${ACME_ORG_ID}`,
    ]);
    expect(await pending(t)).toEqual(HIGH_PLAN);
    // Recorded: Zendesk's retry of the same delivery changes nothing.
    expect((await hook(reply)).statusCode).toBe(409);

    // A change of a ticket still being worked on (its status is read with it): the commitment and the reminders stay,
    // and the skip is said. (A solved one: see the next test.)
    await t.app.inject({ method: 'PUT', url: `/v1/tickets/${TICKET}/commitment`, headers: await t.authFor(ASSIGNEE), payload: { dueAt: '2026-11-28T02:00:00Z' } });
    zendesk.tickets.get(TICKET)!.status = 'pending';
    const change = await hook(changed('changed-7001-org-gone', 'High'));
    expect(change.statusCode).toBe(200);
    expect(change.json().effects).toEqual([`SLA reminders not replanned: Zendesk has no organization ${ACME_ORG_ID}`]);
    const mine = (await t.app.inject({ method: 'GET', url: '/v1/agents/me/commitments', headers: await t.authFor(ASSIGNEE) })).json();
    expect(mine.commitments.map((c: { state: string }) => c.state)).toEqual(['met', 'upcoming']);
    const warned = t.logs.lines().map((l) => JSON.parse(l)).filter((l) => l.level === 40 && l.eventId === 'changed-7001-org-gone');
    expect(warned).toEqual([
      expect.objectContaining({ ticketId: TICKET, msg: 'webhook event handled without a Zendesk resource that is gone (a retry cannot bring it back)' }),
    ]);
  });

  it("a ticket solved after its organization was deleted closes its open commitment and drops its SLA reminders; the organization is a warning, not a failure", async () => {
    expect((await hook(changed('changed-7001-plan', 'High'))).statusCode).toBe(200);
    expect(await pending(t)).toEqual(HIGH_PLAN);
    const put = await t.app.inject({
      method: 'PUT', url: `/v1/tickets/${TICKET}/commitment`, headers: await t.authFor(ASSIGNEE), payload: { dueAt: '2026-11-28T01:00:00Z' },
    });
    expect(put.statusCode).toBe(200);
    zendesk.organizations.delete(ACME_ORG_ID);
    zendesk.tickets.get(TICKET)!.status = 'solved';

    const res = await hook(changed('changed-7001-solved-org-gone', 'High'));
    expect(res.statusCode).toBe(200);
    expect(res.json().effects).toEqual([
      `commitment ${put.json().id} closed (ticket solved)`,
      '2 reminder(s) cancelled',
      `SLA reminders: none, the ticket is solved (no clock runs on it under any plan; its organization was not read: Zendesk has no organization ${ACME_ORG_ID}): 4 cancelled`,
    ]);
    const mine = (await t.app.inject({ method: 'GET', url: '/v1/agents/me/commitments', headers: await t.authFor(ASSIGNEE) })).json();
    expect(mine.commitments.map((c: { state: string }) => c.state)).toEqual(['cancelled']);
    // Nothing left to remind anyone of on a solved ticket: neither the promise nor its SLA clocks.
    const due = await t.storage.reminders.claimDue(new Date('2026-12-31T00:00:00Z'), 100, 'probe', 1);
    expect(due).toEqual([]);
    const warned = t.logs.lines().map((l) => JSON.parse(l)).filter((l) => l.level === 40 && l.eventId === 'changed-7001-solved-org-gone');
    expect(warned).toEqual([
      expect.objectContaining({
        ticketId: TICKET,
        skipped: `organization not read: Zendesk has no organization ${ACME_ORG_ID}`,
        msg: 'webhook event handled without a Zendesk resource that is gone (a retry cannot bring it back)',
      }),
    ]);
    expect((await hook(changed('changed-7001-solved-org-gone', 'High'))).statusCode).toBe(409);
  });

  it('a priority change event replans (old rows cancelled, new instants); its replay is ignored', async () => {
    const first = await hook(changed('changed-7001-a', 'High'));
    expect(first.statusCode).toBe(200);
    expect(first.json().effects).toEqual([`SLA reminders: 4 planned (${HIGH_PLAN.join(', ')})`]);
    expect(await pending(t)).toEqual(HIGH_PLAN);

    zendesk.tickets.get(TICKET)!.priority = 'urgent';
    const reads = zendesk.count('getTicket');
    const second = await hook(changed('changed-7001-b', 'Urgent'));
    expect(second.json().effects).toEqual([
      'SLA reminders: 3 planned (sla_warning 2026-11-27T21:45:00.000Z, sla_warning 2026-11-27T21:52:30.000Z, sla_breached 2026-11-27T22:00:00.000Z)',
    ]);
    // The webhook re-reads the ticket even though the sidebar's cache still holds it.
    expect(zendesk.count('getTicket')).toBe(reads + 1);
    expect(await pending(t)).toEqual(['sla_warning 2026-11-27T21:45:00.000Z', 'sla_warning 2026-11-27T21:52:30.000Z', 'sla_breached 2026-11-27T22:00:00.000Z']);

    const replay = await hook(changed('changed-7001-b', 'Urgent'));
    expect(replay.statusCode).toBe(409);
    expect(replay.json()).toMatchObject({ code: 'webhook_replayed' });
    expect(zendesk.count('getTicket')).toBe(reads + 1);
  });

  it('a delivered warning reaches the assignee’s notifications once and tags the ticket once', async () => {
    await hook(changed('changed-7001-a', 'High'));
    const scheduler = new ReminderScheduler({
      storage: t.storage, logger: t.app.log as never, clock: t.clock, intervalMs: 1000, slackWebhookUrl: null, zendesk, slaWarningTag: 'sla_warning',
    });
    t.clock.set('2026-11-27T23:30:30Z');
    expect(await scheduler.tick()).toBe(1);
    expect(await scheduler.tick()).toBe(0);
    await scheduler.followUpsDone();
    expect(zendesk.calls.filter((c) => c.startsWith('addTicketTags('))).toEqual(['addTicketTags(7001:sla_warning)']);
    expect(zendesk.tickets.get(TICKET)!.tags).toEqual(['premium', 'sla_warning']);
    const inbox = async () => (await t.app.inject({ method: 'GET', url: '/v1/agents/me/notifications', headers: await t.authFor(ASSIGNEE) })).json();
    expect(await inbox()).toEqual({
      notifications: [
        expect.objectContaining({ ticketId: TICKET, kind: 'sla_warning', dueAt: '2026-11-27T23:30:00.000Z', message: 'Ticket #7001: 50% of first reply time elapsed (due Sun 29 Nov 15:30 PT)' }),
      ],
    });
    expect(await inbox()).toEqual({ notifications: [] });
  });

  it('a public agent reply event cancels the first-reply reminders', async () => {
    await hook(changed('changed-7001-a', 'High'));
    zendesk.comments.get(TICKET)!.push(agentReply('2026-11-27T22:10:00Z', { authorId: ASSIGNEE }));
    t.clock.set('2026-11-27T22:11:00Z');
    const res = await hook({
      eventId: 'comment-7001-2',
      type: 'comment_added',
      occurredAt: '2026-11-27T22:10:00Z',
      ticket: { id: String(TICKET), priority: 'High', groupId: '11' },
      comment: { public: 'true', authorId: String(ASSIGNEE), authorRole: 'agent' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().effects).toEqual(['SLA reminders: 0 planned']);
    expect(await pending(t)).toEqual([]);
  });

  it('a sidebar open plans in the background without another Zendesk call, and writes only when the plan changed', async () => {
    const get = async () => t.app.inject({ method: 'GET', url: `/v1/tickets/${TICKET}/assessment`, headers: await t.authFor(ASSIGNEE) });
    expect((await get()).statusCode).toBe(200);
    const calls = zendesk.count();
    await t.app.slaPlanner.idle();
    expect(zendesk.count()).toBe(calls);
    expect(await pending(t)).toEqual(HIGH_PLAN);

    // An unchanged ticket: no write (a row cancelled by hand stays cancelled).
    await t.storage.reminders.cancelPendingBySource('sla', String(TICKET), t.clock());
    await get();
    await t.app.slaPlanner.idle();
    expect(await pending(t)).toEqual([]);

    // The agent's unsaved priority is a preview: it plans nothing.
    const updatedAt = zendesk.tickets.get(TICKET)!.updatedAt;
    const body = {
      ticket: buildTicket({
        id: TICKET, createdAt: CREATED, updatedAt, priority: 'urgent', organization: buildOrganization(), tags: ['premium'],
        comments: [buildComment({ createdAt: CREATED })],
      }),
    };
    const preview = await t.app.inject({ method: 'POST', url: '/v1/assessments', headers: await t.authFor(ASSIGNEE), payload: body });
    expect(preview.statusCode).toBe(200);
    await t.app.slaPlanner.idle();
    expect(await pending(t)).toEqual([]);

    // Saved in Zendesk (no webhook configured): the next open sees the new plan and writes it.
    const saved = zendesk.tickets.get(TICKET)!;
    saved.priority = 'urgent';
    saved.updatedAt = '2026-11-27T21:44:00Z';
    const open = await t.app.inject({ method: 'POST', url: '/v1/assessments', headers: await t.authFor(ASSIGNEE), payload: { ticket: { ...body.ticket, updatedAt: saved.updatedAt } } });
    expect(open.statusCode).toBe(200);
    await t.app.slaPlanner.idle();
    expect(await pending(t)).toEqual(['sla_warning 2026-11-27T21:45:00.000Z', 'sla_warning 2026-11-27T21:52:30.000Z', 'sla_breached 2026-11-27T22:00:00.000Z']);
  });

  it('never answers 5xx to a signed event with any field mangled (text with NUL or lone surrogates included)', async () => {
    const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 10 }), fc.constantFrom('\u0000', '\ud800', '', '-', '7001', '1e3'));
    const anyValue = fc.oneof(anyText, fc.anything({ stringUnit: 'binary', maxDepth: 2 }));
    const events = [
      changed('changed-fuzz', 'High'),
      {
        eventId: 'comment-fuzz',
        type: 'comment_added',
        occurredAt: t.clock().toISOString(),
        ticket: { id: String(TICKET), priority: 'High', groupId: '11' },
        comment: { public: 'true', authorId: String(ASSIGNEE), authorRole: 'agent' },
      },
      { eventId: 'frt-fuzz', type: 'frt_fulfilled', occurredAt: t.clock().toISOString(), ticket: { id: String(TICKET), priority: 'high', groupId: '' }, frt: { met: 'true', businessMinutes: '42' } },
    ] as Record<string, unknown>[];
    // One field of one valid event replaced, at the top level or one level down.
    const mangled = fc
      .tuple(fc.constantFrom(...events), fc.nat(), fc.nat(), anyValue, fc.nat())
      .map(([event, i, j, value, n]) => {
        const copy = structuredClone(event);
        const keys = Object.keys(copy);
        const key = keys[i % keys.length]!;
        const inner = copy[key];
        if (inner !== null && typeof inner === 'object' && j % 2 === 0) {
          const innerKeys = Object.keys(inner);
          (inner as Record<string, unknown>)[innerKeys[j % innerKeys.length]!] = value;
        } else copy[key] = value;
        if (key !== 'eventId') copy['eventId'] = `${String(copy['eventId'])}-${n}`;
        return copy;
      });
    await fc.assert(
      fc.asyncProperty(mangled, async (event) => {
        const res = await hook(event);
        expect(res.statusCode).toBeGreaterThanOrEqual(200);
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
