import type { SlaMetric } from '../schemas/common.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsOf(at: Date, zone: string, zoneName: 'short' | 'shortGeneric'): Record<string, string> {
  const key = `${zone}|${zoneName}`;
  let f = formatters.get(key);
  if (f === undefined) {
    // en-US: it is the locale whose short zone names are the familiar "PT", "ET", "PST".
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: zoneName,
    });
    formatters.set(key, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(at)) out[p.type] = p.value;
  return out;
}

/** "PT" / "ET" where Intl has a one-word generic name, else the specific one ("GMT+10"); "UTC" for UTC. */
export function zoneLabel(at: Date, zone: string): string {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  const generic = partsOf(at, zone, 'shortGeneric').timeZoneName ?? '';
  if (generic !== '' && !generic.includes(' ') && !generic.startsWith('GMT')) return generic;
  return partsOf(at, zone, 'short').timeZoneName ?? zone;
}

/**
 * An instant for explanations, in the schedule's zone (never the machine's): "Fri 27 Nov 16:10 PT". Always absolute
 * (weekday, date, time) so the same status reads the same whenever it is rendered.
 */
export function formatSlaInstant(at: Date, zone: string): string {
  const p = partsOf(at, zone, 'short');
  return `${p.weekday ?? ''} ${p.day ?? ''} ${p.month ?? ''} ${p.hour ?? ''}:${p.minute ?? ''} ${zoneLabel(at, zone)}`;
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
