import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import pino from 'pino';
import { agentReply, buildComment, buildOrganization, ACME_ORG_ID, REQUESTER_ID } from '../../../shared/src/testing/factories.js';
import { GITLAB_POLICY } from '@triage-assistant/shared';
import { NodeZendeskGateway } from '../adapters/zendesk/node-zendesk-gateway.js';
import { FakeClock } from '../adapters/zendesk/testing/fake-clock.js';
import { ReminderScheduler } from '../reminders/scheduler.js';
import { TEST_DRIVERS, openTestStorage, type TestStorage } from '../testing/storage.js';
import { fakeClock, type FakeClock as TestClock } from '../testing/test-app.js';
import { createEnrichmentCache, type AssessDeps } from './assess-ticket.js';
import { takeNotifications } from './commitments.js';
import { planSlaReminders, SLA_SOURCE } from './sla-reminders.js';
import { FakeZendesk, zendeskTicket, zendeskUser } from './testing/fake-zendesk.js';

const TICKET = 7001;
const ASSIGNEE = 501;
// Friday 27 Nov 2026 13:30 PST: 3.5 business hours left on the 24x5 week, which resumes Sunday 15:00 PST.
const CREATED = '2026-11-27T21:30:00Z';
const logger = pino({ level: 'silent' });

function scenario(overrides: Parameters<typeof zendeskTicket>[0] | object = {}) {
  return new FakeZendesk()
    .addOrganization(buildOrganization(), 12)
    .addUser(zendeskUser({ id: REQUESTER_ID, email: 'dana@acme.example' }), [ACME_ORG_ID])
    .addTicket(
      zendeskTicket({
        id: TICKET,
        createdAt: CREATED,
        updatedAt: CREATED,
        priority: 'high',
        organizationId: ACME_ORG_ID,
        tags: ['premium'],
        assigneeId: ASSIGNEE,
        ...overrides,
      }),
      [buildComment({ createdAt: CREATED })],
    );
}

function depsFor(zendesk: FakeZendesk, db: TestStorage, clock: TestClock): { storage: TestStorage['storage']; assess: AssessDeps } {
  return {
    storage: db.storage,
    assess: { zendesk, commitments: db.storage.commitments, policy: GITLAB_POLICY, clock, cache: createEnrichmentCache({ clock }) },
  };
}

async function pending(db: TestStorage, at: Date) {
  // Due rows nobody cancelled: what a scheduler would claim, without claiming them.
  const rows = await db.storage.reminders.claimDue(at, 100, 'probe', 1);
  return rows.map((r) => [r.kind, r.dueAt.toISOString(), r.agentId, r.message]);
}

describe.each(TEST_DRIVERS)('SLA reminders on %s', (driver) => {
  let db: TestStorage;
  beforeEach(async () => {
    db = await openTestStorage(driver);
  }, 60_000);
  afterEach(() => db.cleanup());

  it('plans 50 %, 75 %, 15 min before and the breach of a High Priority Support ticket on 24x5, for its assignee', async () => {
    const clock = fakeClock('2026-11-27T21:45:00Z');
    const result = await planSlaReminders(depsFor(scenario(), db, clock), TICKET);
    // 4 business hours = 240 min: 210 on Friday (13:30–17:00 PT), 30 on Sunday from 15:00 PST → Sun 15:30 PST.
    // 50 % = 120 min → Fri 15:30 PST; 75 % = 180 min → Fri 16:30 PST; 15 wall-clock minutes before → Sun 15:15 PST.
    expect(result.planned.map((r) => [r.kind, r.dueAt.toISOString(), r.agentId, r.source, r.sourceId, r.message])).toEqual([
      ['sla_warning', '2026-11-27T23:30:00.000Z', ASSIGNEE, SLA_SOURCE, String(TICKET), 'Ticket #7001: 50% of first reply time elapsed (due Sun 29 Nov 15:30 PT)'],
      ['sla_warning', '2026-11-28T00:30:00.000Z', ASSIGNEE, SLA_SOURCE, String(TICKET), 'Ticket #7001: 75% of first reply time elapsed (due Sun 29 Nov 15:30 PT)'],
      ['sla_warning', '2026-11-29T23:15:00.000Z', ASSIGNEE, SLA_SOURCE, String(TICKET), 'Ticket #7001: 15 min to first reply time breach (due Sun 29 Nov 15:30 PT)'],
      ['sla_breached', '2026-11-29T23:30:00.000Z', ASSIGNEE, SLA_SOURCE, String(TICKET), 'Ticket #7001: first reply time breached (was due Sun 29 Nov 15:30 PT)'],
    ]);
    expect(await pending(db, new Date('2026-11-30T00:00:00Z'))).toHaveLength(4);
  });

  it('does not schedule instants already past, and plans nothing for an unassigned ticket', async () => {
    const clock = fakeClock('2026-11-28T00:00:00Z');
    const late = await planSlaReminders(depsFor(scenario(), db, clock), TICKET);
    expect(late.planned.map((r) => r.dueAt.toISOString())).toEqual(['2026-11-28T00:30:00.000Z', '2026-11-29T23:15:00.000Z', '2026-11-29T23:30:00.000Z']);
    const unassigned = await planSlaReminders(depsFor(scenario({ assigneeId: null }), db, clock), TICKET);
    expect(unassigned.planned).toEqual([]);
    expect(unassigned.cancelled).toBe(3);
    expect(await pending(db, new Date('2026-11-30T00:00:00Z'))).toEqual([]);
  });

  it('replans when the priority changes: the old instants are cancelled, the new ones scheduled', async () => {
    const clock = fakeClock('2026-11-27T21:45:00Z');
    const zendesk = scenario();
    const deps = depsFor(zendesk, db, clock);
    await planSlaReminders(deps, TICKET);
    // Urgent on Priority Support: 30 minutes on the 24x7 calendar from creation → 22:00Z.
    zendesk.tickets.get(TICKET)!.priority = 'urgent';
    const replanned = await planSlaReminders(deps, TICKET);
    expect(replanned.cancelled).toBe(4);
    expect(await pending(db, new Date('2026-11-30T00:00:00Z'))).toEqual([
      ['sla_warning', '2026-11-27T21:45:00.000Z', ASSIGNEE, 'Ticket #7001: 50% of first reply time elapsed (due Fri 27 Nov 14:00 PT)'],
      ['sla_warning', '2026-11-27T21:52:30.000Z', ASSIGNEE, 'Ticket #7001: 75% of first reply time elapsed (due Fri 27 Nov 14:00 PT)'],
      ['sla_breached', '2026-11-27T22:00:00.000Z', ASSIGNEE, 'Ticket #7001: first reply time breached (was due Fri 27 Nov 14:00 PT)'],
    ]);
  });

  it('#38 a priority change that makes the ticket late still tells the assignee: the breach, dated at the change, is sent at once', async () => {
    const clock = fakeClock('2026-11-27T21:45:00Z');
    const zendesk = scenario();
    const deps = depsFor(zendesk, db, clock);
    await planSlaReminders(deps, TICKET);
    // Urgent at 22:10Z, after the 22:00Z an Urgent ticket created at 21:30Z had: breached at the change, not before.
    const ticket = zendesk.tickets.get(TICKET)!;
    Object.assign(ticket, { priority: 'urgent', updatedAt: '2026-11-27T22:10:00Z' });
    zendesk.changes.set(TICKET, [{ at: '2026-11-27T22:10:00Z', field: 'priority', from: 'high', to: 'urgent', via: 'web' }]);
    clock.set('2026-11-27T22:10:03Z'); // the webhook's replan, seconds after the save
    const replanned = await planSlaReminders(deps, TICKET);
    expect(replanned.statuses.find((s) => s.metric === 'first_reply_time')).toMatchObject({ state: 'breached', dueAt: '2026-11-27T22:10:00.000Z' });
    expect(replanned.planned.map((r) => [r.kind, r.dueAt.toISOString()])).toEqual([['sla_breached', '2026-11-27T22:10:00.000Z']]);
    const [breach] = await db.storage.reminders.claimDue(new Date('2026-11-27T22:10:05Z'), 100, 'worker', 60_000);
    expect([breach?.kind, breach?.dueAt.toISOString(), breach?.agentId, breach?.message]).toEqual([
      'sla_breached',
      '2026-11-27T22:10:00.000Z',
      ASSIGNEE,
      'Ticket #7001: first reply time breached (was due Fri 27 Nov 14:10 PT)',
    ]);
    expect(await db.storage.reminders.markDelivered(breach!.id, 'worker', new Date('2026-11-27T22:10:06Z'))).toBe(true);
    // The sidebar's replan a minute later plans the same breach again: delivered once, it is not sent twice.
    clock.set('2026-11-27T22:11:00Z');
    expect((await planSlaReminders(deps, TICKET)).planned.map((r) => r.kind)).toEqual(['sla_breached']);
    expect(await pending(db, new Date('2026-11-27T22:12:00Z'))).toEqual([]);
  });

  it('a change on a ticket already breached sends no second breach: the breach dated at the change is not caught up', async () => {
    // Urgent from Fri 13:30 PT: due 14:00 PT (22:00Z), breached then and told then.
    const clock = fakeClock('2026-11-27T21:45:00Z');
    const zendesk = scenario({ priority: 'urgent' });
    const deps = depsFor(zendesk, db, clock);
    expect((await planSlaReminders(deps, TICKET)).planned.map((r) => [r.kind, r.dueAt.toISOString()]).at(-1)).toEqual(['sla_breached', '2026-11-27T22:00:00.000Z']);
    // Lowered to High on Monday 10:00 PT: High's 4 business hours ended Sunday 15:30 PT, so the engine dates the
    // breach at the change; the assignee was told of the breach on Friday.
    Object.assign(zendesk.tickets.get(TICKET)!, { priority: 'high', updatedAt: '2026-11-30T18:00:00Z' });
    zendesk.changes.set(TICKET, [{ at: '2026-11-30T18:00:00Z', field: 'priority', from: 'urgent', to: 'high', via: 'web' }]);
    clock.set('2026-11-30T18:00:03Z');
    const replanned = await planSlaReminders(deps, TICKET);
    expect(replanned.statuses.find((s) => s.metric === 'first_reply_time')).toMatchObject({ state: 'breached', dueAt: '2026-11-30T18:00:00.000Z' });
    expect(replanned.planned).toEqual([]);
  });

  it('a breach more than an hour old that no reminder told is left to the at-risk list, not sent late', async () => {
    // Assigned only now, a day after it breached: its assignee sees it in the sidebar and the at-risk list.
    const clock = fakeClock('2026-11-30T23:31:00Z');
    const result = await planSlaReminders(depsFor(scenario(), db, clock), TICKET);
    expect(result.statuses.find((s) => s.metric === 'first_reply_time')).toMatchObject({ state: 'breached', dueAt: '2026-11-29T23:30:00.000Z' });
    expect(result.planned).toEqual([]);
  });

  it('cancels the pending reminders of a ticket Zendesk no longer has', async () => {
    const clock = fakeClock('2026-11-27T21:45:00Z');
    const zendesk = scenario();
    await planSlaReminders(depsFor(zendesk, db, clock), TICKET);
    zendesk.tickets.delete(TICKET);
    const gone = await planSlaReminders(depsFor(zendesk, db, clock), TICKET);
    expect([gone.ticket, gone.cancelled]).toEqual([null, 4]);
    expect(await pending(db, new Date('2026-11-30T00:00:00Z'))).toEqual([]);
  });

  it("keeps the ticket's reminders when only its organization is missing in Zendesk, and says why it could not replan", async () => {
    const clock = fakeClock('2026-11-27T21:45:00Z');
    const zendesk = scenario();
    await planSlaReminders(depsFor(zendesk, db, clock), TICKET);
    zendesk.organizations.delete(ACME_ORG_ID);
    await expect(planSlaReminders(depsFor(zendesk, db, clock), TICKET)).rejects.toThrow(`Zendesk has no organization ${ACME_ORG_ID}`);
    expect(await pending(db, new Date('2026-11-30T00:00:00Z'))).toHaveLength(4);
  });

  it('a public agent reply achieves first reply: its pending reminders are cancelled', async () => {
    const clock = fakeClock('2026-11-27T21:45:00Z');
    const zendesk = scenario();
    const deps = depsFor(zendesk, db, clock);
    await planSlaReminders(deps, TICKET);
    zendesk.comments.get(TICKET)!.push(agentReply('2026-11-27T22:10:00Z'));
    clock.set('2026-11-27T22:11:00Z');
    const replanned = await planSlaReminders(deps, TICKET);
    expect(replanned.statuses.find((s) => s.metric === 'first_reply_time')?.state).toBe('achieved');
    expect(replanned.planned.filter((r) => (r.payload as { metric: string }).metric === 'first_reply_time')).toEqual([]);
    expect((await pending(db, new Date('2026-11-30T00:00:00Z'))).filter((r) => String(r[3]).includes('first reply'))).toEqual([]);
  });
});

describe.each(TEST_DRIVERS)('SLA reminder delivery on %s', (driver) => {
  const BASE = 'https://acme.zendesk.test/api/v2';
  const tagWrites: { ticketId: string; body: unknown }[] = [];
  let tagStatus = 200;
  const server = setupServer(
    http.put(`${BASE}/tickets/:id/tags.json`, async ({ params, request }) => {
      tagWrites.push({ ticketId: String(params['id']), body: await request.json() });
      return tagStatus === 200 ? HttpResponse.json({ tags: ['premium', 'sla_warning'] }) : HttpResponse.json({ error: 'down' }, { status: tagStatus });
    }),
  );
  let db: TestStorage;
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  beforeEach(async () => {
    tagWrites.length = 0;
    tagStatus = 200;
    db = await openTestStorage(driver);
  }, 60_000);
  afterEach(() => db.cleanup());

  function gateway() {
    return new NodeZendeskGateway({
      endpointUri: BASE,
      auth: { username: 'bot@acme.test', apiToken: 'unused' },
      planRateLimitPerMinute: 700,
      clock: new FakeClock(),
      maxAttempts: 1,
    });
  }

  it('delivers each SLA reminder once: the tag is added once, the notification appears once', async () => {
    const clock = fakeClock('2026-11-27T21:45:00Z');
    await planSlaReminders(depsFor(scenario(), db, clock), TICKET);
    const scheduler = new ReminderScheduler({ storage: db.storage, logger, clock, intervalMs: 1000, slackWebhookUrl: null, zendesk: gateway(), slaWarningTag: 'sla_warning' });
    expect(await scheduler.tick()).toBe(0);
    clock.set('2026-11-27T23:30:20Z');
    expect(await scheduler.tick()).toBe(1);
    expect(await scheduler.tick()).toBe(0);
    await scheduler.followUpsDone();
    expect(tagWrites).toEqual([{ ticketId: '7001', body: { tags: ['sla_warning'] } }]);
    const commitmentDeps = { storage: db.storage, policy: GITLAB_POLICY, clock };
    expect(await takeNotifications(commitmentDeps, ASSIGNEE)).toEqual([
      expect.objectContaining({ ticketId: TICKET, kind: 'sla_warning', message: 'Ticket #7001: 50% of first reply time elapsed (due Sun 29 Nov 15:30 PT)', dueAt: '2026-11-27T23:30:00.000Z' }),
    ]);
    expect(await takeNotifications(commitmentDeps, ASSIGNEE)).toEqual([]);
  });

  it('a failed tag write keeps the inbox delivery and is not retried', async () => {
    tagStatus = 422;
    const clock = fakeClock('2026-11-27T21:45:00Z');
    await planSlaReminders(depsFor(scenario(), db, clock), TICKET);
    const scheduler = new ReminderScheduler({ storage: db.storage, logger, clock, intervalMs: 1000, slackWebhookUrl: null, zendesk: gateway(), slaWarningTag: 'sla_warning' });
    clock.set('2026-11-28T00:31:00Z');
    expect(await scheduler.tick()).toBe(2);
    expect(await scheduler.tick()).toBe(0);
    await scheduler.followUpsDone();
    expect(tagWrites).toHaveLength(2);
    const inbox = await takeNotifications({ storage: db.storage, policy: GITLAB_POLICY, clock }, ASSIGNEE);
    expect(inbox.map((n) => n.dueAt)).toEqual(['2026-11-27T23:30:00.000Z', '2026-11-28T00:30:00.000Z']);
  });

  it('two schedulers on one database deliver each SLA reminder once, and tag once per reminder', async () => {
    const clock = fakeClock('2026-11-27T21:45:00Z');
    await planSlaReminders(depsFor(scenario(), db, clock), TICKET);
    const replica = await db.openReplica();
    const make = (storage: typeof db.storage, workerId: string) =>
      new ReminderScheduler({ storage, logger, clock, intervalMs: 1000, slackWebhookUrl: null, zendesk: gateway(), slaWarningTag: 'sla_warning', workerId, batchSize: 1 });
    const a = make(db.storage, 'a');
    const b = make(replica, 'b');
    clock.set('2026-11-30T00:00:00Z');
    let delivered = 0;
    for (let i = 0; i < 4; i++) delivered += (await Promise.all([a.tick(), b.tick()])).reduce((x, y) => x + y, 0);
    expect(delivered).toBe(4);
    await Promise.all([a.followUpsDone(), b.followUpsDone()]);
    expect(tagWrites).toHaveLength(4);
    const inbox = await takeNotifications({ storage: db.storage, policy: GITLAB_POLICY, clock }, ASSIGNEE);
    expect(inbox.map((n) => n.kind)).toEqual(['sla_warning', 'sla_warning', 'sla_warning', 'sla_breached']);
  });
});
