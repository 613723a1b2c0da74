import { TEST_DRIVERS } from '../../testing/storage.js';
import { buildTestApp, signWebhook, type TestApp } from '../../testing/test-app.js';
import { ReminderScheduler } from '../../reminders/scheduler.js';
import { ZendeskRateLimitedError } from '../../errors.js';
import { FakeZendesk, zendeskTicket, zendeskUser } from '../../use-cases/testing/fake-zendesk.js';
import { webhookSignature } from '../webhooks/signature.js';

describe.each(TEST_DRIVERS)('commitments, notifications and the webhook on %s', (driver) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp({ driver });
  }, 60_000);
  afterEach(() => t.close());

  const put = async (ticketId: number | string, body: object, agentId = 7) =>
    t.app.inject({ method: 'PUT', url: `/v1/tickets/${ticketId}/commitment`, headers: await t.authFor(agentId), payload: body });
  const mine = async (agentId = 7) =>
    (await t.app.inject({ method: 'GET', url: '/v1/agents/me/commitments', headers: await t.authFor(agentId) })).json();
  const hook = (event: object, timestamp = t.clock()) => {
    const body = JSON.stringify(event);
    return t.app.inject({ method: 'POST', url: '/v1/webhooks/zendesk', headers: signWebhook(body, { timestamp }), payload: body });
  };
  const reply = (ticketId: number, eventId: string, occurredAt: string, extra: object = {}) => ({
    eventId, type: 'comment_added', occurredAt,
    ticket: { id: String(ticketId), priority: 'High', groupId: '' },
    comment: { public: 'true', authorId: '7', authorRole: 'agent', ...extra },
  });

  it('puts, lists with state, replaces and deletes a commitment', async () => {
    // now = 2026-11-24T18:00Z; GitLab policy: due soon within 60 min
    const res = await put(42, { dueAt: '2026-11-24T18:45:00Z', note: 'logs' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ticketId: 42, agentId: 7, dueAt: '2026-11-24T18:45:00.000Z', note: 'logs', createdAt: '2026-11-24T18:00:00.000Z', cancelledAt: null });
    const listed = await mine();
    expect(listed.commitments).toHaveLength(1);
    expect(listed.commitments[0]).toMatchObject({
      state: 'due_soon', minutesLeft: 45, metAt: null,
      reminderAt: ['2026-11-24T17:45:00.000Z', '2026-11-24T18:45:00.000Z'],
      // shared's wording, as the sidebar shows the same commitment: the due time in the policy's zone (PT).
      explanation: 'Update promised by Tue 10:45 PT — due in 45 min',
    });
    t.clock.set('2026-11-24T19:00:00Z');
    expect((await mine()).commitments[0]).toMatchObject({ state: 'overdue', minutesLeft: -15 });
    const replaced = await put(42, { dueAt: '2026-11-25T19:00:00Z' }, 8);
    expect(replaced.json()).toMatchObject({ agentId: 8, note: '' });
    expect((await mine()).commitments.map((c: { state: string }) => c.state)).toEqual(['cancelled']);
    const del = await t.app.inject({ method: 'DELETE', url: '/v1/tickets/42/commitment', headers: await t.authFor(8) });
    expect(del.statusCode).toBe(204);
    const again = await t.app.inject({ method: 'DELETE', url: '/v1/tickets/42/commitment', headers: await t.authFor(8) });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ code: 'commitment_not_found', message: 'Ticket #42 has no open commitment' });
  });

  it("tells an agent when another agent replaces or cancels their commitment (any agent may: tickets change hands)", async () => {
    const scheduler = new ReminderScheduler({ storage: t.storage, logger: t.app.log as never, clock: t.clock, intervalMs: 1000, slackWebhookUrl: null });
    const inbox = async (agentId: number) =>
      (await t.app.inject({ method: 'GET', url: '/v1/agents/me/notifications', headers: await t.authFor(agentId) })).json().notifications;
    await put(42, { dueAt: '2026-11-25T18:00:00Z' }, 7);
    expect((await put(42, { dueAt: '2026-11-25T20:00:00Z' }, 8)).statusCode).toBe(200);
    expect(await scheduler.tick()).toBe(1);
    expect(await inbox(7)).toEqual([
      expect.objectContaining({
        ticketId: 42,
        kind: 'commitment_taken_over',
        message: 'Agent #8 replaced your commitment on ticket #42 (was due 2026-11-25T18:00:00.000Z; now due 2026-11-25T20:00:00.000Z, their reminders)',
      }),
    ]);
    // Replacing or cancelling one's own commitment tells nobody.
    await put(42, { dueAt: '2026-11-25T21:00:00Z' }, 8);
    t.clock.set('2026-11-24T18:01:00Z');
    expect((await t.app.inject({ method: 'DELETE', url: '/v1/tickets/42/commitment', headers: await t.authFor(8) })).statusCode).toBe(204);
    expect(await scheduler.tick()).toBe(0);
    await put(42, { dueAt: '2026-11-25T22:00:00Z' }, 8);
    t.clock.set('2026-11-24T18:02:00Z');
    expect((await t.app.inject({ method: 'DELETE', url: '/v1/tickets/42/commitment', headers: await t.authFor(7) })).statusCode).toBe(204);
    expect(await scheduler.tick()).toBe(1);
    expect((await inbox(8)).map((n: { message: string }) => n.message)).toEqual([
      'Agent #7 cancelled your commitment on ticket #42 (was due 2026-11-25T22:00:00.000Z)',
    ]);
    expect(await inbox(7)).toEqual([]);
  });

  it('tells each agent whose commitment was taken over, even when two hand-overs happen in the same millisecond', async () => {
    const scheduler = new ReminderScheduler({ storage: t.storage, logger: t.app.log as never, clock: t.clock, intervalMs: 1000, slackWebhookUrl: null });
    const inbox = async (agentId: number) =>
      (await t.app.inject({ method: 'GET', url: '/v1/agents/me/notifications', headers: await t.authFor(agentId) })).json().notifications;
    // The clock does not move: three agents in a row, as concurrent requests on one ticket would be stamped.
    await put(42, { dueAt: '2026-11-25T18:00:00Z' }, 7);
    await put(42, { dueAt: '2026-11-25T20:00:00Z' }, 8);
    await put(42, { dueAt: '2026-11-25T21:00:00Z' }, 9);
    expect(await scheduler.tick()).toBe(2);
    expect((await inbox(7)).map((n: { message: string }) => n.message)).toEqual([
      'Agent #8 replaced your commitment on ticket #42 (was due 2026-11-25T18:00:00.000Z; now due 2026-11-25T20:00:00.000Z, their reminders)',
    ]);
    expect((await inbox(8)).map((n: { message: string }) => n.message)).toEqual([
      'Agent #9 replaced your commitment on ticket #42 (was due 2026-11-25T20:00:00.000Z; now due 2026-11-25T21:00:00.000Z, their reminders)',
    ]);
  });

  it('five identical PUTs at once (a double click, a retried request) set one commitment: one answer, one set of reminders, nothing cancelled', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => put(42, { dueAt: '2026-11-24T21:00:00Z', note: 'logs' })));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    // Every answer says the commitment is open, also one that lost the race to an identical PUT (PostgreSQL).
    for (const a of answers) expect(a.json()).toMatchObject({ ticketId: 42, agentId: 7, dueAt: '2026-11-24T21:00:00.000Z', note: 'logs', cancelledAt: null });
    expect((await mine()).commitments.map((c: { state: string; commitment: { id: string } }) => [c.state, c.commitment.id])).toEqual([['upcoming', answers[0]!.json().id]]);
    const reminders = await t.storage.reminders.claimDue(new Date('2026-12-31T00:00:00Z'), 100, 'probe', 1);
    expect(reminders.map((r) => `${r.kind} ${r.dueAt.toISOString()}`)).toEqual(['commitment_due 2026-11-24T20:00:00.000Z', 'commitment_due 2026-11-24T21:00:00.000Z']);
  });

  it("lists only the latest of an agent's own changes to a ticket's commitment, not the ones it replaced as cancelled", async () => {
    await put(42, { dueAt: '2026-11-24T21:00:00Z' });
    await put(42, { dueAt: '2026-11-24T22:00:00Z' });
    await put(42, { dueAt: '2026-11-24T22:00:00Z', note: 'after the call' });
    expect((await mine()).commitments.map((c: { state: string; commitment: { dueAt: string; note: string } }) => [c.state, c.commitment.dueAt, c.commitment.note])).toEqual([
      ['upcoming', '2026-11-24T22:00:00.000Z', 'after the call'],
    ]);
  });

  it('rejects a due time in the past or more than 30 days ahead, naming dueAt', async () => {
    const past = await put(42, { dueAt: '2026-11-24T17:59:00Z' });
    expect(past.statusCode).toBe(400);
    expect(past.json().issues).toEqual([{ path: 'dueAt', message: 'due time is in the past' }]);
    const far = await put(42, { dueAt: '2026-12-24T18:00:01Z' });
    expect(far.json().issues).toEqual([{ path: 'dueAt', message: 'due time is more than 30 days ahead; agree a nearer update and set a new one then' }]);
    expect((await put(0, { dueAt: '2026-11-25T10:00:00Z' })).json().issues[0].path).toBe('id');
  });

  it('delivers due reminders to the inbox, returned once, then cancels them when a reply meets the commitment', async () => {
    await put(42, { dueAt: '2026-11-24T20:00:00Z' });
    const scheduler = new ReminderScheduler({ storage: t.storage, logger: t.app.log as never, clock: t.clock, intervalMs: 1000, slackWebhookUrl: null });
    t.clock.set('2026-11-24T19:00:01Z');
    expect(await scheduler.tick()).toBe(1);
    const inbox = await t.app.inject({ method: 'GET', url: '/v1/agents/me/notifications', headers: await t.authFor(7) });
    expect(inbox.json().notifications).toEqual([
      expect.objectContaining({ ticketId: 42, kind: 'commitment_due', dueAt: '2026-11-24T19:00:00.000Z', message: 'Your update on ticket #42 is due in 60 min (2026-11-24T20:00:00.000Z)' }),
    ]);
    expect((await t.app.inject({ method: 'GET', url: '/v1/agents/me/notifications', headers: await t.authFor(7) })).json()).toEqual({ notifications: [] });

    const res = await hook(reply(42, 'comment-42-1', '2026-11-24T19:30:00Z'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accepted: true, eventId: 'comment-42-1', effects: [expect.stringMatching(/^commitment .+ met$/), '1 reminder(s) cancelled'] });
    expect((await mine()).commitments[0]).toMatchObject({ state: 'met', metAt: '2026-11-24T19:30:00.000Z' });
    t.clock.set('2026-11-24T20:00:00Z');
    expect(await scheduler.tick()).toBe(0);
  });

  it('ack=explicit: a notification comes back until acknowledged (an answer the sidebar never got loses nothing), once per poller at a time', async () => {
    await put(42, { dueAt: '2026-11-24T20:00:00Z' });
    const scheduler = new ReminderScheduler({ storage: t.storage, logger: t.app.log as never, clock: t.clock, intervalMs: 1000, slackWebhookUrl: null });
    t.clock.set('2026-11-24T19:00:01Z');
    expect(await scheduler.tick()).toBe(1);
    const poll = async () =>
      (await t.app.inject({ method: 'GET', url: '/v1/agents/me/notifications?ack=explicit', headers: await t.authFor(7) })).json().notifications;
    const first = await poll();
    expect(first).toEqual([expect.objectContaining({ ticketId: 42, kind: 'commitment_due', dueAt: '2026-11-24T19:00:00.000Z' })]);
    // Handed to that poller for a minute (a second Zendesk tab gets nothing meanwhile) …
    expect(await poll()).toEqual([]);
    // … and handed out again after it, since nobody acknowledged it (the first answer was lost on the way).
    t.clock.set('2026-11-24T19:01:02Z');
    expect((await poll()).map((n: { id: string }) => n.id)).toEqual([first[0].id]);
    // Acknowledged: never again. Another agent cannot acknowledge it, and unknown ids are ignored.
    const other = await t.app.inject({ method: 'POST', url: '/v1/agents/me/notifications/read', headers: await t.authFor(8), payload: { ids: [first[0].id] } });
    expect(other.json()).toEqual({ read: 0 });
    const mine = await t.app.inject({ method: 'POST', url: '/v1/agents/me/notifications/read', headers: await t.authFor(7), payload: { ids: [first[0].id, 'no-such-id'] } });
    expect(mine.json()).toEqual({ read: 1 });
    t.clock.set('2026-11-24T19:05:00Z');
    expect(await poll()).toEqual([]);
  });

  it('refuses an acknowledgement without ids, naming the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/agents/me/notifications/read', headers: await t.authFor(7), payload: { ids: [] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { path: string }) => i.path)).toEqual(['ids']);
    const mode = await t.app.inject({ method: 'GET', url: '/v1/agents/me/notifications?ack=later', headers: await t.authFor(7) });
    expect(mode.statusCode).toBe(400);
    expect(mode.json().issues.map((i: { path: string }) => i.path)).toEqual(['ack']);
  });

  it('ignores internal notes and end-user comments; records an FRT outcome once', async () => {
    await put(42, { dueAt: '2026-11-24T20:00:00Z' });
    expect((await hook(reply(42, 'e1', '2026-11-24T18:01:00Z', { public: 'false' }))).json().effects).toEqual([]);
    expect((await hook(reply(42, 'e2', '2026-11-24T18:01:00Z', { authorRole: 'end_user' }))).json().effects).toEqual([]);
    const frt = { eventId: 'frt-42', type: 'frt_fulfilled', occurredAt: '2026-11-24T18:02:00Z', ticket: { id: '42', priority: 'urgent', groupId: '11' }, frt: { met: 'true', businessMinutes: '25' } };
    expect((await hook(frt)).json().effects).toEqual(['frt outcome recorded (met)']);
    expect(await t.storage.frtOutcomes.list({ from: new Date('2026-11-24T00:00:00Z'), to: new Date('2026-11-25T00:00:00Z') })).toEqual([
      { ticketId: 42, priority: 'urgent', groupId: 11, met: true, businessMinutes: 25, recordedAt: new Date('2026-11-24T18:02:00Z') },
    ]);
  });

  it('webhook: rejects a bad HMAC, a stale timestamp and a replayed event id', async () => {
    const body = JSON.stringify(reply(42, 'evt-9', '2026-11-24T18:00:00Z'));
    const good = signWebhook(body, { timestamp: t.clock() });
    const bad = await t.app.inject({
      method: 'POST', url: '/v1/webhooks/zendesk', payload: body,
      headers: { ...good, 'x-zendesk-webhook-signature': webhookSignature('wrong-secret', good['x-zendesk-webhook-signature-timestamp']!, body) },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toMatchObject({ code: 'invalid_webhook_signature', message: 'Invalid webhook signature: signature does not match' });
    const staleAt = new Date(t.clock().getTime() - 5 * 60_000 - 1000);
    const stale = await t.app.inject({ method: 'POST', url: '/v1/webhooks/zendesk', payload: body, headers: signWebhook(body, { timestamp: staleAt }) });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().message).toBe('Invalid webhook signature: signature timestamp is more than 5 minutes from the server clock');
    const tampered = await t.app.inject({ method: 'POST', url: '/v1/webhooks/zendesk', payload: body.replace('42', '43'), headers: good });
    expect(tampered.statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/v1/webhooks/zendesk', payload: body, headers: good })).statusCode).toBe(200);
    const replay = await t.app.inject({ method: 'POST', url: '/v1/webhooks/zendesk', payload: body, headers: good });
    expect(replay.statusCode).toBe(409);
    expect(replay.json()).toMatchObject({ code: 'webhook_replayed', message: 'Webhook event evt-9 was already accepted' });
    const invalid = JSON.stringify({ eventId: 'x', type: 'comment_added' });
    const res400 = await t.app.inject({ method: 'POST', url: '/v1/webhooks/zendesk', payload: invalid, headers: signWebhook(invalid, { timestamp: t.clock() }) });
    expect(res400.statusCode).toBe(400);
  });
});

describe('a commitment is set only on a ticket Zendesk has', () => {
  const TICKET = 4242;
  const REQUESTER = 20001;
  let t: TestApp;
  let zendesk: FakeZendesk;
  beforeEach(async () => {
    zendesk = new FakeZendesk()
      .addUser(zendeskUser({ id: REQUESTER }))
      .addTicket(zendeskTicket({ id: TICKET, requesterId: REQUESTER, createdAt: '2026-11-24T17:00:00Z', updatedAt: '2026-11-24T17:00:00Z', slas: [] }));
    t = await buildTestApp({ zendesk });
  }, 60_000);
  afterEach(() => t.close());

  const put = async (ticketId: number, dueAt: string) =>
    t.app.inject({ method: 'PUT', url: `/v1/tickets/${ticketId}/commitment`, headers: await t.authFor(7), payload: { dueAt } });

  it('refuses a ticket Zendesk does not have with 404 ticket_not_found, as the other ticket routes, and stores nothing', async () => {
    const ids = [88888887, 999999999999999, 9007199254740991];
    for (const id of ids) {
      const res = await put(id, '2026-11-24T21:00:00Z');
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'ticket_not_found', message: `Zendesk has no ticket ${id}` });
    }
    expect(zendesk.calls).toEqual(ids.map((id) => `getTicket(${id})`));
    const mine = await t.app.inject({ method: 'GET', url: '/v1/agents/me/commitments', headers: await t.authFor(7) });
    expect(mine.json()).toEqual({ commitments: [] });
    expect(await t.storage.reminders.claimDue(new Date('2026-12-31T00:00:00Z'), 100, 'probe', 1)).toEqual([]);
    const assessment = await t.app.inject({ method: 'GET', url: `/v1/tickets/${ids[0]}/assessment`, headers: await t.authFor(7) });
    expect(assessment.json()).toMatchObject({ code: 'ticket_not_found', message: `Zendesk has no ticket ${ids[0]}` });
  });

  it('stores the commitment when Zendesk cannot answer the check (rate-limited, or no answer within 2 s): only "no such ticket" refuses it', async () => {
    zendesk.failures.set('getTicket', new ZendeskRateLimitedError(30, 'GET /tickets/:id'));
    const limited = await put(TICKET, '2026-11-24T21:00:00Z');
    expect(limited.statusCode).toBe(200);
    zendesk.failures.delete('getTicket');
    zendesk.getTicket = () => new Promise(() => undefined); // never answers
    const hanging = await put(TICKET, '2026-11-24T22:00:00Z');
    expect(hanging.statusCode).toBe(200);
    const mine = await t.app.inject({ method: 'GET', url: '/v1/agents/me/commitments', headers: await t.authFor(7) });
    expect(mine.json().commitments.map((c: { state: string; commitment: { dueAt: string } }) => [c.state, c.commitment.dueAt])).toEqual([
      ['upcoming', '2026-11-24T22:00:00.000Z'],
    ]);
  }, 30_000);

  it('refuses a commitment on a solved or closed ticket with 409 ticket_solved naming the ticket and its status, and stores nothing', async () => {
    // The webhook closes a ticket's commitment when it is solved: one set after would remind its agent all the same.
    zendesk.tickets.get(TICKET)!.status = 'solved';
    const solved = await put(TICKET, '2026-11-24T21:00:00Z');
    expect(solved.statusCode).toBe(409);
    expect(solved.json()).toMatchObject({ code: 'ticket_solved', message: `Ticket #${TICKET} is solved: no update is due on a solved ticket (reopen it to promise one)` });
    zendesk.tickets.get(TICKET)!.status = 'closed';
    const closed = await put(TICKET, '2026-11-24T21:00:00Z');
    expect(closed.statusCode).toBe(409);
    expect(closed.json()).toMatchObject({ code: 'ticket_solved', message: `Ticket #${TICKET} is closed: no update is due on a closed ticket` });
    const mine = await t.app.inject({ method: 'GET', url: '/v1/agents/me/commitments', headers: await t.authFor(7) });
    expect(mine.json()).toEqual({ commitments: [] });
    expect(await t.storage.reminders.claimDue(new Date('2026-12-31T00:00:00Z'), 100, 'probe', 1)).toEqual([]);

    // Reopened: the promise is taken.
    zendesk.tickets.get(TICKET)!.status = 'open';
    expect((await put(TICKET, '2026-11-24T21:00:00Z')).statusCode).toBe(200);
  });

  it('a ticket the sidebar read as solved and since reopened takes the commitment: a solved status is read again before refusing', async () => {
    zendesk.tickets.get(TICKET)!.status = 'solved';
    expect((await t.app.inject({ method: 'GET', url: `/v1/tickets/${TICKET}/assessment`, headers: await t.authFor(7) })).statusCode).toBe(200);
    // Reopened in Zendesk within the enrichment cache's 45 s.
    zendesk.tickets.get(TICKET)!.status = 'open';
    const afterOpen = zendesk.count();
    const res = await put(TICKET, '2026-11-24T21:00:00Z');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ticketId: TICKET, dueAt: '2026-11-24T21:00:00.000Z' });
    expect(zendesk.count()).toBe(afterOpen + 1);
  });

  it('a ticket still solved when read again is refused', async () => {
    zendesk.tickets.get(TICKET)!.status = 'solved';
    expect((await t.app.inject({ method: 'GET', url: `/v1/tickets/${TICKET}/assessment`, headers: await t.authFor(7) })).statusCode).toBe(200);
    const res = await put(TICKET, '2026-11-24T21:00:00Z');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ticket_solved' });
  });

  it('reads the ticket once for a commitment, and not at all just after the sidebar assessed it', async () => {
    const first = await put(TICKET, '2026-11-24T21:00:00Z');
    expect(first.statusCode).toBe(200);
    expect(zendesk.calls).toEqual([`getTicket(${TICKET})`]);
    // A sidebar open reads the ticket (the enrichment the assessments keep for a short while)...
    expect((await t.app.inject({ method: 'GET', url: `/v1/tickets/${TICKET}/assessment`, headers: await t.authFor(7) })).statusCode).toBe(200);
    const afterOpen = zendesk.count();
    // ... so the commitment set from it asks Zendesk nothing more.
    const second = await put(TICKET, '2026-11-24T22:00:00Z');
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ ticketId: TICKET, dueAt: '2026-11-24T22:00:00.000Z' });
    expect(zendesk.count()).toBe(afterOpen);
  });
});

describe('webhook signature test vector (ZENDESK.md §4.11)', () => {
  const secret = 'HRkRd4BeOAoUkfZr-mhauJT64rvBASlJRoIyPsd3zeA=';
  const body = '{"say": "hello"}';
  const timestamp = '2021-07-25T10:00:00Z';

  it('computes timestamp + body as the current doc says; the old page’s vector is body + timestamp', () => {
    expect(webhookSignature(secret, timestamp, body)).toBe('Rry/4TtIdFyawtXXp8QdI6tlAUUQ/5kL1OTp5qo/ZIk=');
    expect(webhookSignature(secret, body, timestamp)).toBe('tRDSF7URY8BLCDlaBcQ7FHu051Zk+aAB0NKMP53teMw=');
  });

  it('the route accepts the timestamp + body signature at that instant and rejects the old vector', async () => {
    const t = await buildTestApp({ config: { webhookSecret: secret } });
    try {
      t.clock.set(timestamp);
      const headers = (signature: string) => ({
        'content-type': 'application/json', 'x-zendesk-webhook-signature': signature, 'x-zendesk-webhook-signature-timestamp': timestamp,
      });
      const old = await t.app.inject({ method: 'POST', url: '/v1/webhooks/zendesk', payload: body, headers: headers('tRDSF7URY8BLCDlaBcQ7FHu051Zk+aAB0NKMP53teMw=') });
      expect(old.statusCode).toBe(401);
      // Signature verified (the body then fails our event schema: 400, not 401).
      const current = await t.app.inject({ method: 'POST', url: '/v1/webhooks/zendesk', payload: body, headers: headers('Rry/4TtIdFyawtXXp8QdI6tlAUUQ/5kL1OTp5qo/ZIk=') });
      expect(current.statusCode).toBe(400);
    } finally {
      await t.close();
    }
  }, 60_000);
});
