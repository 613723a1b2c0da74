import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { recordFollowUpsDropped, recordReminderSent } from '../metrics.js';
import type { ZendeskGateway } from '../adapters/zendesk/gateway.js';
import { parseRetryAfter } from '../adapters/zendesk/transport.js';
import type { ReminderRecord, Storage } from '../storage/types.js';

/** Reminder kinds that add `slaWarningTag` to their ticket on delivery. */
const TAGGED_KINDS = new Set(['sla_warning', 'sla_breached']);
/**
 * Slack allows an incoming webhook about one message a second and answers a burst with 429 + Retry-After: a post is
 * tried this many times, waiting Retry-After (at most {@link SLACK_MAX_RETRY_AFTER_S}) in between.
 */
const SLACK_ATTEMPTS = 3;
const SLACK_MAX_RETRY_AFTER_S = 30;
/**
 * Slack posts and tag writes waiting behind a slow or rate-limited Slack, at most: beyond it the newest are dropped
 * (logged and counted in `reminder_follow_ups_dropped_total`; the inbox has them). A reminder posted to Slack an hour
 * late helps nobody, and the queue lives in memory.
 */
export const FOLLOW_UP_QUEUE_LIMIT = 1000;
const FOLLOW_UP_LABEL = { slack: 'Slack posts', tag: 'SLA tag writes' } as const;
/** How long stop() lets queued Slack posts and tag writes finish before cutting them short. */
const STOP_GRACE_MS = 2000;

/**
 * Slack reads `<…>` in a message as a mention or link (`<!channel>` pings everyone) and `&` as an entity; a reminder
 * carries the agent's free-text note, so the three are escaped as Slack documents (api.slack.com, "Escaping text").
 */
export function slackText(message: string): string {
  return message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface SchedulerOptions {
  storage: Storage;
  logger: Logger;
  clock: () => Date;
  /** Poll period; ≤ 15 s so a reminder is never more than that late. */
  intervalMs: number;
  /** Slack incoming webhook; null → inbox only. */
  slackWebhookUrl: string | null;
  /** Writes the SLA warning tag; null/absent → no tag. */
  zendesk?: Pick<ZendeskGateway, 'addTicketTags'> | null;
  /** Tag added to the ticket when an SLA warning/breach is delivered (`SLA_WARNING_TAG`); null/absent → none. */
  slaWarningTag?: string | null;
  workerId?: string;
  batchSize?: number;
}

/**
 * Delivers due reminders: claim (`FOR UPDATE SKIP LOCKED`, leased to this worker) → mark delivered to the agent's
 * inbox (once, guarded by the claim; the whole batch first) → optionally post to Slack. Safe with several replicas:
 * each reminder is claimed by one worker, and only the claim holder can mark it delivered. Slack is best effort after
 * the inbox delivery (Slack's 429 is waited out, up to 3 tries; stop() cuts the wait), so a Slack outage never
 * re-sends an inbox reminder. SLA warnings and breaches also add `slaWarningTag` to their ticket
 * (Zendesk Add Tags), best effort in the same way: a failed tag write never re-sends the reminder.
 *
 * Slack posts and tag writes run in queues of their own (one each, in order), off the delivery pass: a pass waiting out Slack's
 * rate limit (up to a minute per reminder) or a hanging Slack (5 s per post) used to hold back the next pass, so
 * reminders due meanwhile reached no inbox, far past the 15 s the loop promises.
 */
export class ReminderScheduler {
  readonly workerId: string;
  private timer: NodeJS.Timeout | null = null;
  /** Aborted by stop(): a pass stops waiting out Slack's rate limit. */
  private stopping = new AbortController();
  private running: Promise<number> | null = null;
  /** Rows claimed by the last pass: a full batch means more are due now, so the next pass starts at once. */
  private lastClaimed = 0;
  /**
   * Slack posts and tag writes of delivered reminders, each in its own ordered queue (see the class comment).
   * `skipped`: queued but never tried because stop() cut the queue short, reported once by stop().
   */
  private readonly followUps = {
    slack: { chain: Promise.resolve(), queued: 0, skipped: 0 },
    tag: { chain: Promise.resolve(), queued: 0, skipped: 0 },
  };

  constructor(private readonly options: SchedulerOptions) {
    this.workerId = options.workerId ?? `scheduler-${randomUUID()}`;
  }

  /** One pass; returns how many reminders this worker delivered. */
  async tick(): Promise<number> {
    const { storage, clock } = this.options;
    const claimed = await storage.reminders.claimDue(clock(), this.options.batchSize ?? 100, this.workerId);
    this.lastClaimed = claimed.length;
    // The whole batch reaches the inboxes first: a slow Slack (5 s timeout per post) or a rate-limited Zendesk tag
    // write used to hold back every reminder behind it, minutes late for a full batch, and past the claim's lease.
    const delivered: ReminderRecord[] = [];
    for (const reminder of claimed) {
      const at = clock();
      if (!(await storage.reminders.markDelivered(reminder.id, this.workerId, at))) continue;
      delivered.push(reminder);
      recordReminderSent(reminder.kind, 'inbox', (at.getTime() - reminder.dueAt.getTime()) / 1000);
    }
    this.queueFollowUps(delivered);
    return delivered.length;
  }

  /** Settles once the Slack posts and tag writes queued so far are done (tests, shutdown). */
  async followUpsDone(): Promise<void> {
    for (const queue of Object.values(this.followUps)) {
      let current: Promise<void>;
      do {
        current = queue.chain;
        await current;
      } while (current !== queue.chain);
    }
  }

  private queueFollowUps(delivered: readonly ReminderRecord[]): void {
    // Two queues: a rate-limited or hanging Slack must not delay, or crowd out, the tags views and triggers read.
    if (this.options.slackWebhookUrl !== null) this.enqueue('slack', delivered, (r) => this.postToSlack(r));
    this.enqueue('tag', delivered.filter((r) => TAGGED_KINDS.has(r.kind)), (r) => this.tagTicket(r));
  }

  private enqueue(name: 'slack' | 'tag', reminders: readonly ReminderRecord[], send: (r: ReminderRecord) => Promise<void>): void {
    if (reminders.length === 0) return;
    const queue = this.followUps[name];
    const kept = reminders.slice(0, Math.max(FOLLOW_UP_QUEUE_LIMIT - queue.queued, 0));
    if (kept.length < reminders.length) {
      this.options.logger.warn(
        { queue: name, dropped: reminders.length - kept.length, queued: queue.queued },
        `${FOLLOW_UP_LABEL[name]} are backed up; dropped the newest (the inbox has them)`,
      );
      recordFollowUpsDropped(name, 'backed_up', reminders.length - kept.length);
    }
    queue.queued += kept.length;
    queue.chain = queue.chain.then(async () => {
      for (const reminder of kept) {
        try {
          if (!this.stopping.signal.aborted) {
            await send(reminder);
          } else {
            queue.skipped += 1;
            recordFollowUpsDropped(name, 'stopped');
          }
        } catch (err) {
          // send() logs its own failures; an unexpected throw must not skip the rest or break the chain.
          this.options.logger.error({ err, queue: name, reminderId: reminder.id }, 'reminder follow-up failed');
        } finally {
          queue.queued -= 1;
        }
      }
    });
  }

  private async tagTicket(reminder: ReminderRecord): Promise<void> {
    const { zendesk, slaWarningTag } = this.options;
    if (zendesk == null || slaWarningTag == null) return;
    try {
      await zendesk.addTicketTags(reminder.ticketId, [slaWarningTag]);
      recordReminderSent(reminder.kind, 'zendesk_tag');
    } catch (err) {
      this.options.logger.warn({ err, reminderId: reminder.id, ticketId: reminder.ticketId }, 'SLA tag write failed (the inbox has the reminder)');
    }
  }

  private async postToSlack(reminder: ReminderRecord): Promise<void> {
    const { signal } = this.stopping;
    try {
      for (let attempt = 1; ; attempt++) {
        const res = await fetch(this.options.slackWebhookUrl as string, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: slackText(reminder.message) }),
          signal: AbortSignal.any([AbortSignal.timeout(5000), signal]),
        });
        if (res.ok) {
          recordReminderSent(reminder.kind, 'slack');
          return;
        }
        const retryAfter = parseRetryAfter(res.headers.get('retry-after'), Date.now()) ?? 1;
        if (res.status !== 429 || attempt >= SLACK_ATTEMPTS || retryAfter > SLACK_MAX_RETRY_AFTER_S || signal.aborted) {
          throw new Error(`Slack answered ${res.status}${res.status === 429 ? ` (retry after ${retryAfter} s)` : ''}`);
        }
        await res.text().catch(() => undefined); // release the connection
        await sleep(retryAfter * 1000, undefined, { signal }).catch(() => undefined);
        if (signal.aborted) throw new Error('Slack rate-limited the post and the service is stopping');
      }
    } catch (err) {
      this.options.logger.warn({ err, reminderId: reminder.id }, 'Slack delivery failed (the inbox has it)');
    }
  }

  start(): void {
    if (this.timer !== null) return;
    if (this.stopping.signal.aborted) this.stopping = new AbortController();
    const loop = () => {
      this.running = this.tick().catch((err) => {
        this.options.logger.error({ err }, 'reminder pass failed');
        return 0;
      });
      void this.running.finally(() => {
        // A backlog (a full batch) is drained without waiting an interval between batches: the 60 s delivery
        // budget held only up to batchSize × replicas reminders per interval before.
        const backlog = this.lastClaimed >= (this.options.batchSize ?? 100);
        if (this.timer !== null) this.timer = setTimeout(loop, backlog ? 0 : this.options.intervalMs);
      });
    };
    this.timer = setTimeout(loop, 0);
  }

  /**
   * Stop polling and wait for the pass in progress; queued Slack posts and tag writes get a few seconds to finish,
   * then the rest are cut short: the ones under way are logged as failed, the ones never tried are counted in one
   * warning per queue and in `reminder_follow_ups_dropped_total{reason="stopped"}` (the inboxes have them all).
   */
  async stop(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    const grace = new AbortController();
    await Promise.race([this.followUpsDone(), sleep(STOP_GRACE_MS, undefined, { signal: grace.signal }).catch(() => undefined)]);
    grace.abort();
    this.stopping.abort();
    await this.followUpsDone();
    for (const name of ['slack', 'tag'] as const) {
      const queue = this.followUps[name];
      if (queue.skipped === 0) continue;
      this.options.logger.warn(
        { queue: name, skipped: queue.skipped },
        `stopping: ${queue.skipped} ${FOLLOW_UP_LABEL[name]} were not sent (the inbox has them)`,
      );
      queue.skipped = 0;
    }
  }
}
