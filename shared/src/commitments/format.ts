import { zoneLabel, zonedParts } from '../format/zoned.js';

const MS_PER_DAY = 86_400_000;

/**
 * "Mon 14:00 PT"; with the date ("Mon 7 Dec 14:00 PT") when `at` is six days or more away from `now`, where a
 * weekday alone would be ambiguous.
 */
export function formatDueTime(at: Date, zone: string, now: Date): string {
  const p = zonedParts(at, zone);
  const time = `${p.hour}:${p.minute} ${zoneLabel(at, zone)}`;
  const far = Math.abs(at.getTime() - now.getTime()) >= 6 * MS_PER_DAY;
  return far ? `${p.weekday} ${p.day} ${p.month} ${time}` : `${p.weekday} ${time}`;
}
