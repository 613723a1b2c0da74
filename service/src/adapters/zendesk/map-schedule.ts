/**
 * Zendesk business-hours schedules → our Schedule. Zendesk writes intervals as minutes since Sunday 00:00 in the
 * schedule's zone and names the zone the Rails way ("Pacific Time (US & Canada)"), not IANA (ZENDESK.md §4.7).
 */
import { WEEKDAYS, type Schedule } from '@triage-assistant/shared';
import type { RawSchedule } from './raw-schemas.js';

/**
 * Rails (ActiveSupport::TimeZone::MAPPING) names of the zones in use, plus a few common neighbours. Kept small on
 * purpose: an unknown zone must fail loudly rather than silently fall back to UTC.
 */
export const RAILS_TO_IANA: Readonly<Record<string, string>> = {
  'Pacific Time (US & Canada)': 'America/Los_Angeles',
  'Mountain Time (US & Canada)': 'America/Denver',
  'Central Time (US & Canada)': 'America/Chicago',
  'Eastern Time (US & Canada)': 'America/New_York',
  Arizona: 'America/Phoenix',
  Brisbane: 'Australia/Brisbane',
  Sydney: 'Australia/Sydney',
  Amsterdam: 'Europe/Amsterdam',
  Berlin: 'Europe/Berlin',
  Paris: 'Europe/Paris',
  Dublin: 'Europe/Dublin',
  London: 'Europe/London',
  Edinburgh: 'Europe/London',
  Tokyo: 'Asia/Tokyo',
  Singapore: 'Asia/Singapore',
  UTC: 'Etc/UTC',
};

export class UnknownTimeZoneError extends Error {
  constructor(readonly zone: string) {
    super(`Unknown Zendesk time zone "${zone}": add it to RAILS_TO_IANA in map-schedule.ts`);
    this.name = 'UnknownTimeZoneError';
  }
}

export function railsZoneToIana(zone: string): string {
  const iana = RAILS_TO_IANA[zone];
  if (iana === undefined) throw new UnknownTimeZoneError(zone);
  return iana;
}

const MINUTES_PER_DAY = 1440;

function hhmm(minuteOfDay: number): string {
  const h = Math.floor(minuteOfDay / 60);
  const m = minuteOfDay % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/**
 * Zendesk never lets an interval cross midnight, so each one maps to a single weekday. The end is computed from the
 * start's day, which turns an end at midnight into `24:00` (10080 = the next Sunday 00:00).
 */
export function toSchedule(raw: RawSchedule): Schedule {
  const intervals = raw.intervals.map(({ start_time, end_time }) => {
    const dayIndex = Math.floor(start_time / MINUTES_PER_DAY);
    const day = WEEKDAYS[dayIndex];
    const dayStart = dayIndex * MINUTES_PER_DAY;
    if (day === undefined || end_time <= start_time || end_time - dayStart > MINUTES_PER_DAY) {
      throw new Error(`Schedule ${raw.id}: interval ${start_time}–${end_time} does not fit within one day`);
    }
    return { day, start: hhmm(start_time - dayStart), end: hhmm(end_time - dayStart) };
  });
  return { id: String(raw.id), name: raw.name, timeZone: railsZoneToIana(raw.time_zone), intervals, holidays: [] };
}
