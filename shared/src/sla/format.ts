import type { SlaMetric } from '../schemas/common.js';
import { CALENDAR, type Policy } from '../schemas/policy.js';
import { zoneLabel, zonedParts } from '../format/zoned.js';

/** The zone people read times in when nobody said otherwise: the policy's first schedule's zone (GitLab: Pacific). */
export function policyZone(policy: Policy): string {
  return policy.schedules[0]?.timeZone ?? 'UTC';
}

/**
 * The zone to show a deadline in: the target schedule's own zone, or for 24/7 (`calendar`) targets and unknown
 * schedules {@link policyZone}, so every time in one assessment reads in the same zone.
 */
export function displayZone(policy: Policy, scheduleId: string | null | undefined): string {
  const own = scheduleId && scheduleId !== CALENDAR ? policy.schedules.find((s) => s.id === scheduleId) : undefined;
  return own?.timeZone ?? policyZone(policy);
}

/**
 * An instant for explanations, in the schedule's zone (never the machine's): "Fri 27 Nov 16:10 PT". Always absolute
 * (weekday, date, time) so the same status reads the same whenever it is rendered.
 */
export function formatSlaInstant(at: Date, zone: string): string {
  const p = zonedParts(at, zone);
  return `${p.weekday} ${p.day} ${p.month} ${p.hour}:${p.minute} ${zoneLabel(at, zone)}`;
}

/** "first reply time" for `first_reply_time`. */
export function metricLabel(metric: SlaMetric): string {
  return metric.replace(/_/g, ' ');
}

/** What each metric is about, for messages. Each metric names itself (#56): an overdue periodic update is not a reply. */
const METRIC_SUBJECT: Record<SlaMetric, string> = {
  first_reply_time: 'first reply',
  next_reply_time: 'next reply',
  periodic_update_time: 'periodic update',
};

/** What is overdue when the metric breaches: "first reply", "next reply", "periodic update". */
export function overdueLabel(metric: SlaMetric): string {
  return METRIC_SUBJECT[metric];
}

/** "first-reply deadline" style noun for messages. */
export function deadlineLabel(metric: SlaMetric): string {
  return `${METRIC_SUBJECT[metric].replace(' ', '-')} deadline`;
}

/** The text with its first letter in upper case: "High" for the priority `high`, a sentence start in messages. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
