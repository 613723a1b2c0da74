import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics, served at `/metrics`. One registry per process (module state) so adapters outside Fastify —
 * the Zendesk gateway's `onCall` hook, the reminder scheduler — can record without being handed the app.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by method, route pattern and status code',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const zendeskCalls = new Counter({
  name: 'zendesk_calls_total',
  help: 'Calls to the Zendesk API by endpoint (method + path pattern) and HTTP status (0 = no answer)',
  labelNames: ['endpoint', 'status'] as const,
  registers: [metricsRegistry],
});

export const zendeskCallDuration = new Histogram({
  name: 'zendesk_call_duration_seconds',
  help: 'Zendesk API call duration by endpoint and status',
  labelNames: ['endpoint', 'status'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

export const fixRuns = new Counter({
  name: 'fix_runs_total',
  help: 'Finished fix runs by outcome',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

export const remindersSent = new Counter({
  name: 'reminders_sent_total',
  help: 'Reminders delivered by kind and channel (inbox, slack, zendesk_tag)',
  labelNames: ['kind', 'channel'] as const,
  registers: [metricsRegistry],
});

export const reminderDelay = new Histogram({
  name: 'reminder_delivery_delay_seconds',
  help: 'Seconds between a reminder falling due and its delivery to the inbox',
  labelNames: ['kind'] as const,
  buckets: [0.5, 1, 5, 10, 15, 30, 60, 120, 300, 900],
  registers: [metricsRegistry],
});

export const reminderFollowUpsDropped = new Counter({
  name: 'reminder_follow_ups_dropped_total',
  help:
    'Slack posts and SLA tag writes of delivered reminders never tried (the inbox has them), by channel (slack, ' +
    'zendesk_tag, as in reminders_sent_total) and reason (backed_up: beyond the queue cap; stopped: cut short by shutdown)',
  labelNames: ['channel', 'reason'] as const,
  registers: [metricsRegistry],
});
// Every label set starts at 0, so increase() and alerts see the first drop.
for (const channel of ['slack', 'zendesk_tag'] as const) {
  for (const reason of ['backed_up', 'stopped'] as const) reminderFollowUpsDropped.inc({ channel, reason }, 0);
}

/** One Zendesk API call: the gateway's `onCall` hook. `status` 0 = no HTTP answer (network error, timeout). */
export function recordZendeskCall(call: { endpoint: string; status: number; durationMs: number }): void {
  const labels = { endpoint: call.endpoint, status: String(call.status) };
  zendeskCalls.inc(labels);
  zendeskCallDuration.observe(labels, call.durationMs / 1000);
}

/** A fix run reached its end state. */
export function recordFixRun(outcome: 'succeeded' | 'failed'): void {
  fixRuns.inc({ outcome });
}

/** A reminder reached a channel; `delaySeconds` only for the inbox delivery (the first one). */
export function recordReminderSent(kind: string, channel: 'inbox' | 'slack' | 'zendesk_tag', delaySeconds?: number): void {
  remindersSent.inc({ kind, channel });
  if (delaySeconds !== undefined) reminderDelay.observe({ kind }, Math.max(0, delaySeconds));
}

/** Follow-ups of delivered reminders dropped from a queue: beyond its cap, or never tried because the scheduler stopped. */
export function recordFollowUpsDropped(queue: 'slack' | 'tag', reason: 'backed_up' | 'stopped', count = 1): void {
  if (count > 0) reminderFollowUpsDropped.inc({ channel: queue === 'tag' ? 'zendesk_tag' : 'slack', reason }, count);
}
