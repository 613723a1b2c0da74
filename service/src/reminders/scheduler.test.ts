import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import pino from 'pino';
import { GITLAB_POLICY } from '@triage-assistant/shared';
import { createLogger } from '../logger.js';
import { captureLogs, fakeClock } from '../testing/test-app.js';
import { TEST_DRIVERS, openTestStorage, type TestStorage } from '../testing/storage.js';
import { putCommitment } from '../use-cases/commitments.js';
import { metricsRegistry, remindersSent } from '../metrics.js';
import { FOLLOW_UP_QUEUE_LIMIT, ReminderScheduler } from './scheduler.js';

const SLACK = 'https://hooks.slack.example/services/T000/B000/XXX';
const slackPosts: unknown[] = [];
const server = setupServer(
  http.post(SLACK, async ({ request }) => {
    slackPosts.push(await request.json());
    return new HttpResponse('ok');
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  slackPosts.length = 0;
});
afterAll(() => server.close());

const logger = pino({ level: 'silent' });

/** The dropped follow-ups counter as a scraper reads it from `/metrics` (the text the route serves); 0 when absent. */
async function scrapedDropped(channel: 'slack' | 'zendesk_tag', reason: 'backed_up' | 'stopped'): Promise<number> {
  const text = await metricsRegistry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`reminder_follow_ups_dropped_total{channel="${channel}",reason="${reason}"} `));
  return line === undefined ? 0 : Number(line.split(' ')[1]);
}

describe.each(TEST_DRIVERS)('reminder scheduler on %s', (driver) => {
  let db: TestStorage;
  beforeEach(async () => {
    db = await openTestStorage(driver);
  }, 60_000);
  afterEach(() => db.cleanup());

  it('delivers a commitment’s reminders at their times, once, to the inbox and Slack', async () => {
    const clock = fakeClock('2026-11-24T18:00:00Z');
    await putCommitment(
      { storage: db.storage, policy: GITLAB_POLICY, clock },
      { ticketId: 42, agentId: 7, dueAt: new Date('2026-11-24T20:00:00Z'), note: 'send logs' },
    );
    const scheduler = new ReminderScheduler({ storage: db.storage, logger, clock, intervalMs: 1000, slackWebhookUrl: SLACK });
    expect(await scheduler.tick()).toBe(0);
    clock.set('2026-11-24T19:00:05Z');
    const before = (await remindersSent.get()).values.find((v) => v.labels.channel === 'slack')?.value ?? 0;
    expect(await scheduler.tick()).toBe(1);
    expect(await scheduler.tick()).toBe(0);
    await scheduler.followUpsDone();
    expect(slackPosts).toEqual([{ text: 'Your update on ticket #42 is due in 60 min (2026-11-24T20:00:00.000Z): send logs' }]);
    expect((await remindersSent.get()).values.find((v) => v.labels.channel === 'slack')?.value).toBe(before + 1);
    const inbox = await db.storage.reminders.takeInbox(7, clock());
    expect(inbox.map((r) => [r.dueAt.toISOString(), r.deliveredAt?.toISOString()])).toEqual([['2026-11-24T19:00:00.000Z', '2026-11-24T19:00:05.000Z']]);
    clock.set('2026-11-24T20:00:00Z');
    expect(await scheduler.tick()).toBe(1);
    await scheduler.followUpsDone();
    expect(slackPosts).toHaveLength(2);
  });

  it('keeps the inbox delivery when Slack fails, and never re-sends it', async () => {
    server.use(http.post(SLACK, () => new HttpResponse('down', { status: 500 })));
    const clock = fakeClock('2026-11-24T18:00:00Z');
    await putCommitment({ storage: db.storage, policy: GITLAB_POLICY, clock }, { ticketId: 43, agentId: 7, dueAt: new Date('2026-11-24T18:30:00Z'), note: '' });
    clock.set('2026-11-24T18:30:00Z');
    const scheduler = new ReminderScheduler({ storage: db.storage, logger, clock, intervalMs: 1000, slackWebhookUrl: SLACK });
    expect(await scheduler.tick()).toBe(1);
    clock.advance(120_000);
    expect(await scheduler.tick()).toBe(0);
    expect((await db.storage.reminders.takeInbox(7, clock())).map((r) => r.message)).toEqual(['Your update on ticket #43 is due now']);
  });

  it('a hanging Slack does not hold back the inbox delivery of the other due reminders', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let slackCalled!: () => void;
    const called = new Promise<void>((resolve) => {
      slackCalled = resolve;
    });
    server.use(
      http.post(SLACK, async ({ request }) => {
        slackPosts.push(await request.json());
        slackCalled();
        await released;
        return new HttpResponse('ok');
      }),
    );
    const clock = fakeClock('2026-11-24T18:00:00Z');
    for (const ticketId of [51, 52, 53]) {
      await putCommitment({ storage: db.storage, policy: GITLAB_POLICY, clock }, { ticketId, agentId: 7, dueAt: new Date('2026-11-24T18:30:00Z'), note: '' });
    }
    clock.set('2026-11-24T18:30:00Z');
    const scheduler = new ReminderScheduler({ storage: db.storage, logger, clock, intervalMs: 1000, slackWebhookUrl: SLACK });
    const pass = scheduler.tick();
    await called;
    // Slack has not answered the first post yet: the agents' inboxes already hold all three reminders.
    const inbox = await db.storage.reminders.takeInbox(7, clock());
    release();
    expect(await pass).toBe(3);
    expect(inbox.map((r) => r.ticketId).sort()).toEqual([51, 52, 53]);
    await scheduler.followUpsDone();
    expect(slackPosts).toHaveLength(3);
  });

  it('posts the reminder to Slack as plain text: an agent’s note cannot ping the channel or make a link', async () => {
    const clock = fakeClock('2026-11-24T18:00:00Z');
    await putCommitment(
      { storage: db.storage, policy: GITLAB_POLICY, clock },
      { ticketId: 45, agentId: 7, dueAt: new Date('2026-11-24T18:30:00Z'), note: '<!channel> R&D says <https://evil.example|logs> > 2 GB' },
    );
    clock.set('2026-11-24T18:30:00Z');
    const scheduler = new ReminderScheduler({ storage: db.storage, logger, clock, intervalMs: 1000, slackWebhookUrl: SLACK });
    expect(await scheduler.tick()).toBe(1);
    await scheduler.followUpsDone();
    expect(slackPosts).toEqual([
      { text: 'Your update on ticket #45 is due now: &lt;!channel&gt; R&amp;D says &lt;https://evil.example|logs&gt; &gt; 2 GB' },
    ]);
    // The inbox keeps the note as the agent wrote it.
    expect((await db.storage.reminders.takeInbox(7, clock())).map((r) => r.message)).toEqual([
      'Your update on ticket #45 is due now: <!channel> R&D says <https://evil.example|logs> > 2 GB',
    ]);
  });

  it('waits out Slack’s rate limit (429 + Retry-After) and posts the reminder', async () => {
    let answers = 0;
    server.use(
      http.post(SLACK, async ({ request }) => {
        answers += 1;
        if (answers === 1) return new HttpResponse('rate_limited', { status: 429, headers: { 'retry-after': '1' } });
        slackPosts.push(await request.json());
        return new HttpResponse('ok');
      }),
    );
    const clock = fakeClock('2026-11-24T18:00:00Z');
    await putCommitment({ storage: db.storage, policy: GITLAB_POLICY, clock }, { ticketId: 46, agentId: 7, dueAt: new Date('2026-11-24T18:30:00Z'), note: '' });
    clock.set('2026-11-24T18:30:00Z');
    const scheduler = new ReminderScheduler({ storage: db.storage, logger, clock, intervalMs: 1000, slackWebhookUrl: SLACK });
    const started = Date.now();
    expect(await scheduler.tick()).toBe(1);
    await scheduler.followUpsDone();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(answers).toBe(2);
    expect(slackPosts).toEqual([{ text: 'Your update on ticket #46 is due now' }]);
  }, 30_000);

  it('stop() does not wait out a long Slack Retry-After', async () => {
    server.use(http.post(SLACK, () => new HttpResponse('rate_limited', { status: 429, headers: { 'retry-after': '30' } })));
    const clock = fakeClock('2026-11-24T18:00:00Z');
    await putCommitment({ storage: db.storage, policy: GITLAB_POLICY, clock }, { ticketId: 47, agentId: 7, dueAt: new Date('2026-11-24T18:30:00Z'), note: '' });
    clock.set('2026-11-24T18:30:00Z');
    const scheduler = new ReminderScheduler({ storage: db.storage, logger, clock, intervalMs: 1000, slackWebhookUrl: SLACK });
    scheduler.start();
    for (let i = 0; i < 200 && (await db.storage.reminders.takeInbox(7, clock())).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    const stopping = Date.now();
    await scheduler.stop();
    expect(Date.now() - stopping).toBeLessThan(5000);
  }, 30_000);

  it('stop() cuts queued Slack posts short: the one under way is logged as failed, the rest in one warning with a count and in /metrics', async () => {
    server.use(http.post(SLACK, () => new HttpResponse('rate_limited', { status: 429, headers: { 'retry-after': '30' } })));
    const clock = fakeClock('2026-11-24T18:00:00Z');
    for (const ticketId of [81, 82, 83]) {
      await putCommitment({ storage: db.storage, policy: GITLAB_POLICY, clock }, { ticketId, agentId: 7, dueAt: new Date('2026-11-24T18:30:00Z'), note: '' });
    }
    clock.set('2026-11-24T18:30:00Z');
    const logs = captureLogs();
    const scheduler = new ReminderScheduler({
      storage: db.storage, logger: createLogger({ level: 'info', stream: logs.stream }), clock, intervalMs: 1000, slackWebhookUrl: SLACK,
    });
    const before = await scrapedDropped('slack', 'stopped');
    expect(await scheduler.tick()).toBe(3); // the first post now waits out Slack's 30 s; the other two wait behind it
    await scheduler.stop();
    // The two never tried are counted in /metrics too; the one cut short while waiting is a failure, not a drop.
    expect(await scrapedDropped('slack', 'stopped')).toBe(before + 2);
    const warnings = logs.lines().map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['level'] === 40);
    expect(warnings.map((w) => w['msg'])).toEqual([
      'Slack delivery failed (the inbox has it)',
      'stopping: 2 Slack posts were not sent (the inbox has them)',
    ]);
    expect(warnings[1]).toMatchObject({ queue: 'slack', skipped: 2 });
    expect((await db.storage.reminders.takeInbox(7, clock())).map((r) => r.ticketId).sort()).toEqual([81, 82, 83]);
  }, 30_000);

  it('a rate-limited Slack does not hold back the next pass: a reminder due meanwhile reaches the inbox at once', async () => {
    server.use(http.post(SLACK, () => new HttpResponse('rate_limited', { status: 429, headers: { 'retry-after': '20' } })));
    const clock = fakeClock('2026-11-24T18:00:00Z');
    await putCommitment({ storage: db.storage, policy: GITLAB_POLICY, clock }, { ticketId: 48, agentId: 7, dueAt: new Date('2026-11-24T18:30:00Z'), note: '' });
    await putCommitment({ storage: db.storage, policy: GITLAB_POLICY, clock }, { ticketId: 49, agentId: 8, dueAt: new Date('2026-11-24T18:31:00Z'), note: '' });
    clock.set('2026-11-24T18:30:00Z');
    const scheduler = new ReminderScheduler({ storage: db.storage, logger, clock, intervalMs: 1000, slackWebhookUrl: SLACK });
    const started = Date.now();
    expect(await scheduler.tick()).toBe(1); // ticket 48: in the inbox; its Slack post now waits 20 s
    clock.set('2026-11-24T18:31:00Z');
    expect(await scheduler.tick()).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await db.storage.reminders.takeInbox(8, clock())).map((r) => r.ticketId)).toEqual([49]);
    const stopping = Date.now();
    await scheduler.stop();
    expect(Date.now() - stopping).toBeLessThan(10_000);
  }, 60_000);

  it('a hanging Slack does not hold back the SLA tag writes (their own queue)', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.use(http.post(SLACK, async () => (await released, new HttpResponse('ok'))));
    const clock = fakeClock('2026-11-24T18:00:00Z');
    const tags: number[] = [];
    await db.storage.reminders.schedule([
      { id: 'w1', source: 'sla', sourceId: '61', ticketId: 61, agentId: 7, kind: 'sla_warning', dueAt: new Date('2026-11-24T18:10:00Z'), message: 'warning', createdAt: clock() },
    ]);
    clock.set('2026-11-24T18:10:00Z');
    const scheduler = new ReminderScheduler({
      storage: db.storage, logger, clock, intervalMs: 1000, slackWebhookUrl: SLACK, slaWarningTag: 'sla_warning',
      zendesk: { addTicketTags: async (ticketId: number, added: readonly string[]) => (tags.push(ticketId), [...added]) },
    });
    expect(await scheduler.tick()).toBe(1);
    for (let i = 0; i < 100 && tags.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    // Slack has not answered; the tag is written all the same.
    expect(tags).toEqual([61]);
    release();
    await scheduler.followUpsDone();
  });

  it('beyond the follow-up cap (1,000 per queue) the newest Slack posts and tag writes are dropped, logged and counted in /metrics; their inbox copies stay', async () => {
    // Slack and the tag writes both hang until released: neither queue drains while the passes run.
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.use(
      http.post(SLACK, async ({ request }) => {
        slackPosts.push(await request.json());
        await released;
        return new HttpResponse('ok');
      }),
    );
    const tagged: number[] = [];
    const clock = fakeClock('2026-11-24T18:00:00Z');
    const extra = 3;
    const total = FOLLOW_UP_QUEUE_LIMIT + extra;
    const base = Date.parse('2026-11-24T17:00:00Z');
    // Due one second apart, so the claim order (oldest first) is known: tickets 1…1000 first, then 1001…1003.
    await db.storage.reminders.schedule(
      Array.from({ length: total }, (_, i) => ({
        id: `cap-${i + 1}`, source: 'sla', sourceId: String(i + 1), ticketId: i + 1, agentId: 7, kind: 'sla_warning',
        dueAt: new Date(base + i * 1000), message: `warning ${i + 1}`, createdAt: clock(),
      })),
    );
    const logs = captureLogs();
    const scheduler = new ReminderScheduler({
      storage: db.storage, logger: createLogger({ level: 'info', stream: logs.stream }), clock, intervalMs: 1000,
      slackWebhookUrl: SLACK, slaWarningTag: 'sla_warning', batchSize: FOLLOW_UP_QUEUE_LIMIT,
      zendesk: { addTicketTags: async (ticketId: number, added: readonly string[]) => (await released, tagged.push(ticketId), [...added]) },
    });
    const warnings = () => logs.lines().map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['level'] === 40);

    const before = { slack: await scrapedDropped('slack', 'backed_up'), tag: await scrapedDropped('zendesk_tag', 'backed_up') };
    expect(await scheduler.tick()).toBe(FOLLOW_UP_QUEUE_LIMIT); // fills both queues exactly to the cap: nothing dropped
    expect(warnings()).toEqual([]);
    expect(await scrapedDropped('slack', 'backed_up')).toBe(before.slack);
    expect(await scheduler.tick()).toBe(extra); // delivered to the inbox all the same; both queues are full
    expect(warnings()).toEqual([
      expect.objectContaining({ queue: 'slack', dropped: extra, queued: FOLLOW_UP_QUEUE_LIMIT, msg: 'Slack posts are backed up; dropped the newest (the inbox has them)' }),
      expect.objectContaining({ queue: 'tag', dropped: extra, queued: FOLLOW_UP_QUEUE_LIMIT, msg: 'SLA tag writes are backed up; dropped the newest (the inbox has them)' }),
    ]);
    // Operators watching /metrics see the same drops, per queue.
    expect(await scrapedDropped('slack', 'backed_up')).toBe(before.slack + extra);
    expect(await scrapedDropped('zendesk_tag', 'backed_up')).toBe(before.tag + extra);

    release();
    await scheduler.followUpsDone();
    const oldest = Array.from({ length: FOLLOW_UP_QUEUE_LIMIT }, (_, i) => i + 1);
    // The queued ones all went out, in order; the three newest never reached Slack or the ticket's tags.
    expect(slackPosts).toEqual(oldest.map((n) => ({ text: `warning ${n}` })));
    expect(tagged).toEqual(oldest);
    // Every reminder, the dropped ones included, is in the agent's inbox, once.
    const inbox = await db.storage.reminders.takeInbox(7, clock(), 2 * total);
    expect(inbox.map((r) => r.ticketId).sort((a, b) => a - b)).toEqual([...oldest, 1001, 1002, 1003]);
    expect(await scheduler.tick()).toBe(0);
    // Nothing was cut short by a stop: the queues had drained.
    const stoppedBefore = { slack: await scrapedDropped('slack', 'stopped'), tag: await scrapedDropped('zendesk_tag', 'stopped') };
    await scheduler.stop();
    expect(await scrapedDropped('slack', 'stopped')).toBe(stoppedBefore.slack);
    expect(await scrapedDropped('zendesk_tag', 'stopped')).toBe(stoppedBefore.tag);
  }, 120_000);

  it('two schedulers on one database deliver each reminder exactly once', async () => {
    const clock = fakeClock('2026-11-24T18:00:00Z');
    for (let ticketId = 1; ticketId <= 30; ticketId++) {
      await putCommitment({ storage: db.storage, policy: GITLAB_POLICY, clock }, { ticketId, agentId: 7, dueAt: new Date('2026-11-24T21:00:00Z'), note: '' });
    }
    clock.set('2026-11-24T21:00:00Z');
    const replica = await db.openReplica();
    const a = new ReminderScheduler({ storage: db.storage, logger, clock, intervalMs: 1000, slackWebhookUrl: null, batchSize: 7 });
    const b = new ReminderScheduler({ storage: replica, logger, clock, intervalMs: 1000, slackWebhookUrl: null, batchSize: 7 });
    let total = 0;
    for (let round = 0; round < 10; round++) {
      const [x, y] = await Promise.all([a.tick(), b.tick()]);
      total += x + y;
    }
    expect(total).toBe(60); // 30 commitments × reminders at 60 and 0 min before
    const inbox = await db.storage.reminders.takeInbox(7, clock(), 1000);
    expect(inbox).toHaveLength(60);
    expect(new Set(inbox.map((r) => r.id)).size).toBe(60);
  }, 60_000);

  it('start() polls and stop() waits for the pass in progress', async () => {
    const clock = fakeClock('2026-11-24T18:00:00Z');
    await putCommitment({ storage: db.storage, policy: GITLAB_POLICY, clock }, { ticketId: 44, agentId: 9, dueAt: new Date('2026-11-24T18:10:00Z'), note: '' });
    clock.set('2026-11-24T18:10:00Z');
    const scheduler = new ReminderScheduler({ storage: db.storage, logger, clock, intervalMs: 20, slackWebhookUrl: null });
    scheduler.start();
    let inbox: { ticketId: number }[] = [];
    for (let i = 0; i < 100 && inbox.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      inbox = await db.storage.reminders.takeInbox(9, clock());
    }
    await scheduler.stop();
    expect(inbox.map((r) => r.ticketId)).toEqual([44]);
  });
});
