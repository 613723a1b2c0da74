import type { SlaMetric } from '../schemas/common.js';
import { zoneLabel, zonedParts } from '../format/zoned.js';

export { zoneLabel };

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

/** "first-reply deadline" style noun for messages. */
export function deadlineLabel(metric: SlaMetric): string {
  switch (metric) {
    case 'first_reply_time':
      return 'first-reply deadline';
    case 'next_reply_time':
      return 'next-reply deadline';
    case 'periodic_update_time':
      return 'periodic-update deadline';
  }
}

/** Capitalised priority: "High". */
export function priorityName(priority: string): string {
  return priority.charAt(0).toUpperCase() + priority.slice(1);
}
