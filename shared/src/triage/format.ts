import type { Policy } from '../schemas/policy.js';
import { CALENDAR } from '../schemas/policy.js';
import { zoneLabel } from '../sla/format.js';

const MS_PER_DAY = 86_400_000;

/**
 * The zone to show a deadline in: the target schedule's own zone, or for 24/7 (`calendar`) targets the policy's
 * first schedule's zone (GitLab: Pacific), so every time in one assessment reads in the same zone.
 */
export function displayZone(policy: Policy, scheduleId: string | null | undefined): string {
  const own = scheduleId && scheduleId !== CALENDAR ? policy.schedules.find((s) => s.id === scheduleId) : undefined;
  return own?.timeZone ?? policy.schedules[0]?.timeZone ?? 'UTC';
}

const formatters = new Map<string, Intl.DateTimeFormat>();

// formatToParts costs ~10 µs; the same few deadlines (and `now`) are formatted many times per assessment.
const partsMemo = new Map<string, Record<string, string>>();
const PARTS_MEMO_LIMIT = 10_000;

function parts(at: Date, zone: string): Record<string, string> {
  const key = `${zone}|${at.getTime()}`;
  let cached = partsMemo.get(key);
  if (cached === undefined) {
    if (partsMemo.size >= PARTS_MEMO_LIMIT) partsMemo.clear();
    cached = formatParts(at, zone);
    partsMemo.set(key, cached);
  }
  return cached;
}

function formatParts(at: Date, zone: string): Record<string, string> {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(at)) out[p.type] = p.value;
  return out;
}

const stableLabels = new Map<string, string | null>();

/**
 * `zoneLabel` costs two `formatToParts` calls; a generic label ("PT") is the same all year, so it is computed once per
 * zone. Zones without one ("CET"/"CEST") are asked each time.
 */
function labelFor(at: Date, zone: string): string {
  let stable = stableLabels.get(zone);
  if (stable === undefined) {
    const january = zoneLabel(new Date(Date.UTC(2026, 0, 15)), zone);
    stable = january === zoneLabel(new Date(Date.UTC(2026, 6, 15)), zone) ? january : null;
    stableLabels.set(zone, stable);
  }
  return stable ?? zoneLabel(at, zone);
}

/**
 * A deadline for people, in `zone`: "10:30 PT" when it falls on `now`'s local date (`weekday: 'auto'`),
 * "Mon 14:30 PT" within the next six days, "Mon 7 Dec 14:30 PT" further out (or in the past beyond a day).
 */
export function formatInstant(at: Date, zone: string, now: Date, weekday: 'auto' | 'always' = 'auto'): string {
  const p = parts(at, zone);
  const today = parts(now, zone);
  const time = `${p.hour}:${p.minute} ${labelFor(at, zone)}`;
  const sameDay = p.day === today.day && p.month === today.month && p.year === today.year;
  if (sameDay && weekday === 'auto') return time;
  const distance = at.getTime() - now.getTime();
  if (distance > -MS_PER_DAY && distance < 6 * MS_PER_DAY) return `${p.weekday} ${time}`;
  return `${p.weekday} ${p.day} ${p.month} ${time}`;
}
