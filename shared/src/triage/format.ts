import { zoneLabel, zonedParts } from '../format/zoned.js';

const MS_PER_DAY = 86_400_000;

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
