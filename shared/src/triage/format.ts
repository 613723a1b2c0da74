import type { Policy } from '../schemas/policy.js';
import { CALENDAR } from '../schemas/policy.js';
import { zoneLabel, zonedParts } from '../format/zoned.js';

const MS_PER_DAY = 86_400_000;

/**
 * The zone to show a deadline in: the target schedule's own zone, or for 24/7 (`calendar`) targets the policy's
 * first schedule's zone (GitLab: Pacific), so every time in one assessment reads in the same zone.
 */
export function displayZone(policy: Policy, scheduleId: string | null | undefined): string {
  const own = scheduleId && scheduleId !== CALENDAR ? policy.schedules.find((s) => s.id === scheduleId) : undefined;
  return own?.timeZone ?? policy.schedules[0]?.timeZone ?? 'UTC';
}

/**
 * A deadline for people, in `zone`: "10:30 PT" when it falls on `now`'s local date (`weekday: 'auto'`),
 * "Mon 14:30 PT" within the next six days, "Mon 7 Dec 14:30 PT" further out (or in the past beyond a day).
 */
export function formatInstant(at: Date, zone: string, now: Date, weekday: 'auto' | 'always' = 'auto'): string {
  const p = zonedParts(at, zone);
  const today = zonedParts(now, zone);
  const time = `${p.hour}:${p.minute} ${zoneLabel(at, zone)}`;
  const sameDay = p.day === today.day && p.month === today.month && p.year === today.year;
  if (sameDay && weekday === 'auto') return time;
  const distance = at.getTime() - now.getTime();
  if (distance > -MS_PER_DAY && distance < 6 * MS_PER_DAY) return `${p.weekday} ${time}`;
  return `${p.weekday} ${p.day} ${p.month} ${time}`;
}
