/**
 * Format a business duration in hours and minutes: 59 → "59 min", 60 → "1 h", 90 → "1 h 30 min",
 * 1439 → "23 h 59 min", 1440 → "24 h", 2880 → "48 h".
 *
 * Never "days": a business day is not 24 h, and "2 days" for 48 business hours reads as 48 calendar hours
 * (Intercom's "5 days", JSM's "1d 26h"; SLA-EDGE-CASES #9). Pair it with the absolute due time in the UI.
 * Fractions round to the nearest whole minute. Negative values (overdue) get a leading minus sign,
 * "-1 h 5 min"; wording such as "overdue by" is left to the translated UI. A value that rounds to zero is "0 min".
 */
export function formatBusinessDuration(minutes: number): string {
  if (!Number.isFinite(minutes)) throw new RangeError(`minutes must be finite, got ${minutes}`);
  const total = Math.round(Math.abs(minutes));
  if (total === 0) return '0 min';
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  const parts: string[] = [];
  if (hours > 0) parts.push(`${hours} h`);
  if (rest > 0) parts.push(`${rest} min`);
  return `${minutes < 0 ? '-' : ''}${parts.join(' ')}`;
}
