import { ACME_ORG_ID, agentReply, buildComment, buildOrganization, REQUESTER_ID } from '../../../../shared/src/testing/factories.js';
import { ZendeskUnavailableError } from '../../errors.js';
import type { Repositories, Storage } from '../../storage/types.js';
import { TEST_DRIVERS, openTestStorage, type TestStorage } from '../../testing/storage.js';
import { buildTestApp, fakeClock, signWebhook, type TestApp } from '../../testing/test-app.js';
import { COMMITMENT_SOURCE } from '../../use-cases/commitments.js';
import { FakeZendesk, zendeskTicket, zendeskUser } from '../../use-cases/testing/fake-zendesk.js';

// An event counts as processed only once its effects are committed: a delivery that fails or dies half-way must leave
// the event for Zendesk's retry, and two deliveries of one event must not both apply it.

const TICKET = 901;
const AGENT = 7;
const REPLY_AT = '2026-11-24T18:00:00Z';
const NOW = '2026-11-24T18:01:00Z';
const at = (minutes: number) => new Date(new Date(REPLY_AT).getTime() + minutes * 60_000);

const agentReplyEvent = {
  eventId: `comment-${TICKET}-2`,
  type: 'comment_added',
  occurredAt: REPLY_AT,
  ticket: { id: String(TICKET), priority: 'High', groupId: '11' },
  comment: { public: 'true', authorId: String(AGENT), authorRole: 'agent' },
};
const frtEvent = {
  eventId: `frt-${TICKET}`,
  type: 'frt_fulfilled',
  occurredAt: REPLY_AT,
  ticket: { id: String(TICKET), priority: 'high', groupId: '11' },
  frt: { met: 'true', businessMinutes: '30' },
};
const COMMITMENT_EFFECTS = ['commitment c-1 met', '2 reminder(s) cancelled'];

function zendeskScenario() {
  return new FakeZendesk()
    .addOrganization(buildOrganization(), 12)
    .addUser(zendeskUser({ id: REQUESTER_ID, email: 'dana@acme.example' }), [ACME_ORG_ID])
    .addTicket(
      zendeskTicket({ id: TICKET, createdAt: '2026-11-24T16:00:00Z', updatedAt: REPLY_AT, priority: 'high', organizationId: ACME_ORG_ID, assigneeId: AGENT }),
      [buildComment({ createdAt: '2026-11-24T16:00:00Z' }), agentReply(REPLY_AT, { authorId: AGENT })],
    );
}

type Step = `${keyof Repositories}.${string}`;

/**
 * `storage` as seen by a process that dies at `step` (before or after the call ran): that call throws, and so does every
 * later one, so nothing the handler would do in a `catch` or `finally` reaches the database, as after a crash.
 * With `once`, only that call fails and the database stays up (a transient database error); `slowMs` makes it fail
 * only after that long (a slow failure, while other deliveries arrive).
 */
/** What the pg driver throws when the server ends the connection (57P01 admin_shutdown): a failure that may pass. */
function lostConnection(message: string): Error {
  return Object.assign(new Error(message), { code: '57P01' });
}

function failingStorage(
  storage: Storage,
  step: Step,
  options: { when: 'before' | 'after'; once?: boolean; slowMs?: number },
): Storage & { failed(): boolean } {
  let failed = false;
  let dead = false;
  const guard = async <T>(name: string, call: () => Promise<T>): Promise<T> => {
    if (dead) throw lostConnection('the process is gone');
    const hit = name === step && !(options.once && failed);
    if (hit && options.when === 'before') {
      failed = true;
      if (options.slowMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.slowMs));
      dead = !options.once;
      throw lostConnection(`failed at ${name}`);
    }
    const result = await call();
    if (hit) {
      failed = true;
      dead = !options.once;
      throw lostConnection(`failed after ${name}`);
    }
    return result;
  };
  const wrap = (repos: Repositories): Repositories => {
    const out = {} as Record<string, unknown>;
    for (const [repoName, repo] of Object.entries(repos) as [string, Record<string, unknown>][]) {
      const wrapped: Record<string, unknown> = {};
      for (const [method, fn] of Object.entries(repo)) {
        wrapped[method] = typeof fn === 'function' ? (...args: unknown[]) => guard(`${repoName}.${method}`, () => fn.apply(repo, args)) : fn;
      }
      out[repoName] = wrapped;
    }
    return out as unknown as Repositories;
  };
  const repos: Repositories = {
    commitments: storage.commitments,
    reminders: storage.reminders,
    fixRuns: storage.fixRuns,
    webhookEvents: storage.webhookEvents,
    frtOutcomes: storage.frtOutcomes,
  };
  return {
    ...wrap(repos),
    driver: storage.driver,
    transaction: (fn) => guard('transaction', () => storage.transaction((tx) => fn(wrap(tx)))),
    ping: () => storage.ping(),
    close: async () => undefined,
    failed: () => failed,
  };
}

/**
 * `storage` whose transactions stop at `commitments.markMet` (before or after it ran, holding its row lock) until
 * `release()`: `inside` resolves when one got there, `done` when that transaction ended.
 */
function holdingMarkMet(storage: Storage, hold: 'before' | 'after') {
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const held: Storage = {
    ...storage,
    transaction: (fn) =>
      storage
        .transaction((tx) =>
          fn({
            ...tx,
            commitments: {
              ...tx.commitments,
              markMet: async (ticketId, when) => {
                if (hold === 'before') {
                  entered();
                  await released;
                  return tx.commitments.markMet(ticketId, when);
                }
                const met = await tx.commitments.markMet(ticketId, when);
                entered();
                await released;
                return met;
              },
            },
          }),
        )
        .finally(() => finished()),
  };
  return { storage: held, inside, release, done };
}

/** Until a session on the test's schema waits for a lock (10 s at most: then the test fails, naming why). */
async function waitForLockWaiter(db: TestStorage): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (((await db.lockWaiters()) ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the second replica never waited on the first replica\'s lock');
}

describe.each(TEST_DRIVERS)('Zendesk webhook retries and duplicates on %s', (driver) => {
  let db: TestStorage;
  const apps: TestApp[] = [];

  beforeEach(async () => {
    db = await openTestStorage(driver);
    // The agent promised a call back an hour before replying; the commitment has two reminders ahead.
    const { commitment } = await db.storage.commitments.replace({ id: 'c-1', ticketId: TICKET, agentId: AGENT, dueAt: at(60), note: '', createdAt: at(-60) });
    await db.storage.reminders.schedule(
      ['due_soon', 'overdue'].map((kind, i) => ({
        id: `r-${kind}`, source: COMMITMENT_SOURCE, sourceId: commitment.id, ticketId: TICKET, agentId: AGENT, kind,
        dueAt: at(45 + i * 15), message: kind, createdAt: at(-60),
      })),
    );
  }, 60_000);
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((t) => t.close()));
    await db.cleanup();
  });

  /** A replica of the service on `storage` (the test's database unless given). */
  const replica = async (storage: Storage = db.storage, zendesk: FakeZendesk | null = null) => {
    const t = await buildTestApp({ storage, zendesk, clock: fakeClock(NOW) });
    apps.push(t);
    return t;
  };
  const deliver = (t: TestApp, event: object) => {
    const body = JSON.stringify(event);
    return t.app.inject({ method: 'POST', url: '/v1/webhooks/zendesk', headers: signWebhook(body, { timestamp: t.clock() }), payload: body });
  };
  const commitment = async () => (await db.storage.commitments.listForAgent(AGENT, at(-120))).find((c) => c.id === 'c-1');
  const liveCommitmentReminders = async () =>
    (await Promise.all(['r-due_soon', 'r-overdue'].map((id) => db.storage.reminders.get(id)))).filter((r) => r !== null && r.cancelledAt === null).length;
  const frtOutcomes = () => db.storage.frtOutcomes.list({ from: at(-1440), to: at(1440) });

  it('a delivery cut off half-way (process died inside its transaction) is processed in full on the retry, once', async () => {
    const dying = failingStorage(db.storage, 'reminders.cancelBySource', { when: 'after' });
    const first = await deliver(await replica(dying), agentReplyEvent);
    expect(dying.failed()).toBe(true);
    // 503 with a short Retry-After: the answer Zendesk retries (it does not retry a 500).
    expect(first.statusCode).toBe(503);
    expect(first.headers['retry-after']).toBe('10');
    expect(first.json()).toMatchObject({ code: 'webhook_retry', message: `Webhook event ${agentReplyEvent.eventId} was not processed; retry in 10 s` });
    // Nothing of the attempt survived: the commitment met inside it was rolled back with it.
    expect((await commitment())?.metAt).toBeNull();

    // Zendesk retries against the restarted service.
    const restarted = await replica();
    const retry = await deliver(restarted, agentReplyEvent);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual({ accepted: true, eventId: agentReplyEvent.eventId, effects: COMMITMENT_EFFECTS });
    expect((await commitment())?.metAt).toEqual(new Date(REPLY_AT));
    expect(await liveCommitmentReminders()).toBe(0);

    // Now it is processed: a true duplicate is refused as before and changes nothing.
    const duplicate = await deliver(restarted, agentReplyEvent);
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'webhook_replayed', message: `Webhook event ${agentReplyEvent.eventId} was already accepted` });
  }, 60_000);

  it('an FRT event whose process died before its write is recorded on the retry, exactly once', async () => {
    const dying = failingStorage(db.storage, 'frtOutcomes.record', { when: 'before' });
    const first = await deliver(await replica(dying), frtEvent);
    expect(first.statusCode).toBe(503);
    expect(await frtOutcomes()).toEqual([]);

    const restarted = await replica();
    const retry = await deliver(restarted, frtEvent);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().effects).toEqual(['frt outcome recorded (met)']);
    expect((await deliver(restarted, frtEvent)).statusCode).toBe(409);
    expect(await frtOutcomes()).toEqual([expect.objectContaining({ ticketId: TICKET, met: true, businessMinutes: 30 })]);
  }, 60_000);

  it('a Zendesk read failing still meets the commitment (Zendesk may not retry), and leaves the event for the retry to replan', async () => {
    const zendesk = zendeskScenario();
    const t = await replica(db.storage, zendesk);
    zendesk.failures.set('getTicket', new ZendeskUnavailableError('Zendesk could not be reached (socket hang up)', 'GET /tickets/7001', null));
    const first = await deliver(t, agentReplyEvent);
    expect(first.statusCode).toBe(503);
    expect((await commitment())?.metAt).toEqual(new Date(REPLY_AT));
    expect(await liveCommitmentReminders()).toBe(0);
    zendesk.failures.clear();
    const retry = await deliver(t, agentReplyEvent);
    expect(retry.statusCode).toBe(200);
    // Met once, by the first attempt: the retry replans and records the event.
    expect(retry.json().effects).toEqual(['SLA reminders: 0 planned']);
    expect((await commitment())?.metAt).toEqual(new Date(REPLY_AT));
    const reads = zendesk.count('getTicket');
    expect((await deliver(t, agentReplyEvent)).statusCode).toBe(409);
    expect(zendesk.count('getTicket')).toBe(reads);
  }, 60_000);

  it('two deliveries of one event at once: one applies the effects (one Zendesk read), the other is answered 409', async () => {
    const zendesk = zendeskScenario();
    const t = await replica(db.storage, zendesk);
    const reads = zendesk.count('getTicket');
    const answers = await Promise.all([deliver(t, agentReplyEvent), deliver(t, agentReplyEvent)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.statusCode === 200)!.json().effects).toEqual([...COMMITMENT_EFFECTS, 'SLA reminders: 0 planned']);
    expect(zendesk.count('getTicket')).toBe(reads + 1);
    expect((await commitment())?.metAt).toEqual(new Date(REPLY_AT));
  }, 60_000);

  it('a duplicate arriving while the first delivery is failing is not refused: it applies the effects once', async () => {
    // The database refuses the first attempt's transaction once, slowly (and is fine afterwards).
    const flaky = failingStorage(db.storage, 'commitments.markMet', { when: 'before', once: true, slowMs: 300 });
    const t = await replica(flaky);
    const answers = await Promise.all([deliver(t, agentReplyEvent), deliver(t, agentReplyEvent)]);
    expect(flaky.failed()).toBe(true);
    expect(answers.map((a) => a.statusCode)).toEqual([503, 200]);
    expect(answers[1]!.json().effects).toEqual(COMMITMENT_EFFECTS);
    expect((await deliver(t, agentReplyEvent)).statusCode).toBe(409);
  }, 60_000);

  it("answers 503 + Retry-After before Zendesk's 10 s webhook timeout while handling runs on; the retry then finds it done (409)", async () => {
    // Handling is held inside its transaction until released, far past the (shortened) deadline.
    const { storage: slow, release, done } = holdingMarkMet(db.storage, 'before');
    const t = await buildTestApp({ storage: slow, zendesk: null, clock: fakeClock(NOW), config: { webhookDeadlineMs: 50 } });
    apps.push(t);
    const late = await deliver(t, agentReplyEvent);
    expect(late.statusCode).toBe(503);
    expect(late.headers['retry-after']).toBe('10');
    expect(late.json()).toMatchObject({ code: 'webhook_in_progress', message: `Webhook event ${agentReplyEvent.eventId} is still being processed; retry in 10 s` });
    // Zendesk's retry while the first handling still runs: not handled a second time, and again answered in time.
    const meanwhile = await deliver(t, agentReplyEvent);
    expect(meanwhile.statusCode).toBe(503);
    expect(meanwhile.json().code).toBe('webhook_in_progress');
    release();
    await done;
    expect((await commitment())?.metAt).toEqual(new Date(REPLY_AT));
    expect(await liveCommitmentReminders()).toBe(0);
    expect((await deliver(t, agentReplyEvent)).statusCode).toBe(409);
  }, 60_000);

  it('two replicas receiving one event at once (the first mid-transaction): effects applied once, the other answered 409', async () => {
    // Replica A holds its transaction open after meeting the commitment until B's delivery has started.
    const { storage: storageA, inside, release } = holdingMarkMet(db.storage, 'after');
    const a = await replica(storageA);
    const b = await replica(await db.openReplica());
    const first = deliver(a, agentReplyEvent);
    await inside;
    // Nobody waits yet: the wait seen below is B's.
    expect(await db.lockWaiters()).toBe(db.schema === null ? null : 0);
    const second = deliver(b, agentReplyEvent);
    if (db.schema === null) {
      // PGlite: one client for both replicas, so B's statements queue behind A's transaction; give B time to start.
      await new Promise((resolve) => setTimeout(resolve, 150));
    } else {
      // PostgreSQL: B is inside its own transaction, blocked on a lock A holds, before A commits.
      await waitForLockWaiter(db);
    }
    release();
    const answers = await Promise.all([first, second]);
    expect(answers.map((x) => x.statusCode)).toEqual([200, 409]);
    expect(answers[0]!.json().effects).toEqual(COMMITMENT_EFFECTS);
    expect((await commitment())?.metAt).toEqual(new Date(REPLY_AT));
    expect(await liveCommitmentReminders()).toBe(0);
  }, 60_000);
});
