import type { Schedule, ScheduleInterval } from '../schemas/schedule.js';
import { WEEKDAYS, type Weekday } from '../schemas/common.js';

/**
 * Schedule fixtures for business-time and SLA tests (SLA-EDGE-CASES golden matrix, DOMAIN.md §6).
 * Each is a plain `Schedule`; treat them as immutable (the engine caches its compiled form per object).
 */

const WEEKDAYS_MON_FRI: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** Build the same `start`–`end` interval on each of `days`. */
export function everyDay(days: readonly Weekday[], start: string, end: string): ScheduleInterval[] {
  return days.map((day) => ({ day, start, end }));
}

/** Build a schedule fixture with `Partial` overrides of the defaults (UTC, no intervals, no holidays). */
export function buildSchedule(overrides: Partial<Schedule> & Pick<Schedule, 'id'>): Schedule {
  return { name: overrides.id, timeZone: 'UTC', intervals: [], holidays: [], ...overrides };
}

/** The default fixture: 09:00–17:00 Monday to Friday, New York (EST/EDT). */
export const NINE_TO_FIVE_NY: Schedule = buildSchedule({
  id: 'nine-to-five-ny',
  timeZone: 'America/New_York',
  intervals: everyDay(WEEKDAYS_MON_FRI, '09:00', '17:00'),
});

/** 09:00–17:00 Monday to Friday in UTC: no DST, easiest to hand-check. */
export const NINE_TO_FIVE_UTC: Schedule = buildSchedule({
  id: 'nine-to-five-utc',
  intervals: everyDay(WEEKDAYS_MON_FRI, '09:00', '17:00'),
});

/** 09:00–17:00 Monday to Friday in Los Angeles (PST/PDT). */
export const NINE_TO_FIVE_LA: Schedule = buildSchedule({
  id: 'nine-to-five-la',
  timeZone: 'America/Los_Angeles',
  intervals: everyDay(WEEKDAYS_MON_FRI, '09:00', '17:00'),
});

/** 09:00–17:00 Monday to Friday in Sydney (southern hemisphere: DST from October to April). */
export const NINE_TO_FIVE_SYDNEY: Schedule = buildSchedule({
  id: 'nine-to-five-sydney',
  timeZone: 'Australia/Sydney',
  intervals: everyDay(WEEKDAYS_MON_FRI, '09:00', '17:00'),
});

/** 09:00–17:00 Monday to Friday in São Paulo; Brazil observed DST until 2019 (midnight transitions). */
export const NINE_TO_FIVE_SAO_PAULO: Schedule = buildSchedule({
  id: 'nine-to-five-sao-paulo',
  timeZone: 'America/Sao_Paulo',
  intervals: everyDay(WEEKDAYS_MON_FRI, '09:00', '17:00'),
});

/** 09:00–17:00 Monday to Friday with holidays: whole day, date range, partial afternoon, and a DST feed entry. */
export const NINE_TO_FIVE_NY_HOLIDAYS: Schedule = buildSchedule({
  id: 'nine-to-five-ny-holidays',
  timeZone: 'America/New_York',
  intervals: everyDay(WEEKDAYS_MON_FRI, '09:00', '17:00'),
  holidays: [
    // Thursday afternoon: closed 12:00–17:00 only.
    { name: 'Christmas Eve (afternoon)', date: '2026-12-24', start: '12:00', end: '17:00' },
    { name: 'Christmas Day', date: '2026-12-25' },
    { name: 'Year-end shutdown', date: '2026-12-28', endDate: '2026-12-31' },
    // Imported-feed noise on a working Monday: must be ignored (SLA-EDGE-CASES #21).
    { name: 'Daylight Saving Time ends', date: '2026-11-02' },
    { name: 'Summertime', date: '2026-03-09' },
  ],
});

/** GitLab "Business Hours (24x5)": Sun 15:00 → Fri 17:00 Pacific (DOMAIN.md §6). */
export const GITLAB_24X5: Schedule = buildSchedule({
  id: 'gitlab-24x5',
  name: 'Business Hours (24x5)',
  timeZone: 'America/Los_Angeles',
  intervals: [
    { day: 'sun', start: '15:00', end: '24:00' },
    ...everyDay(['mon', 'tue', 'wed', 'thu'], '00:00', '24:00'),
    { day: 'fri', start: '00:00', end: '17:00' },
  ],
});

/** 24x7 in Los Angeles written with `24:00` ends. */
export const TWENTY_FOUR_SEVEN_LA: Schedule = buildSchedule({
  id: '24x7-la',
  timeZone: 'America/Los_Angeles',
  intervals: everyDay(WEEKDAYS, '00:00', '24:00'),
});

/** 24x7 in Los Angeles written with `23:59` ends (the lost-minute bug, SLA-EDGE-CASES #4). */
export const TWENTY_FOUR_SEVEN_LA_2359: Schedule = buildSchedule({
  id: '24x7-la-2359',
  timeZone: 'America/Los_Angeles',
  intervals: everyDay(WEEKDAYS, '00:00', '23:59'),
});

/** 24x7 in Sydney. */
export const TWENTY_FOUR_SEVEN_SYDNEY: Schedule = buildSchedule({
  id: '24x7-sydney',
  timeZone: 'Australia/Sydney',
  intervals: everyDay(WEEKDAYS, '00:00', '24:00'),
});

/** Split shift with a lunch break, UTC: 09:00–12:00 + 13:00–17:00 Monday to Friday. */
export const SPLIT_SHIFT_UTC: Schedule = buildSchedule({
  id: 'split-shift-utc',
  intervals: [...everyDay(WEEKDAYS_MON_FRI, '09:00', '12:00'), ...everyDay(WEEKDAYS_MON_FRI, '13:00', '17:00')],
});

/** Night shift crossing midnight, UTC: 22:00–06:00 starting Monday to Friday evenings. */
export const OVERNIGHT_UTC: Schedule = buildSchedule({
  id: 'overnight-utc',
  intervals: everyDay(WEEKDAYS_MON_FRI, '22:00', '06:00'),
});

/** Sparse week: only Tuesday 09:00–17:00, UTC (SLA-EDGE-CASES #7). */
export const TUESDAY_ONLY_UTC: Schedule = buildSchedule({
  id: 'tuesday-only-utc',
  intervals: [{ day: 'tue', start: '09:00', end: '17:00' }],
});

/** No intervals at all: never open (SLA-EDGE-CASES #8). */
export const EMPTY_SCHEDULE: Schedule = buildSchedule({ id: 'empty' });

/** Open Monday to Friday, but a holiday covers 2026 to 2031: no open time within the search horizon. */
export const ALWAYS_ON_HOLIDAY: Schedule = buildSchedule({
  id: 'always-on-holiday',
  intervals: everyDay(WEEKDAYS_MON_FRI, '09:00', '17:00'),
  holidays: [{ name: 'Indefinite closure', date: '2026-01-01', endDate: '2031-12-31' }],
});

/**
 * Every day 01:30–05:00 Los Angeles: starts before the spring-forward gap (02:00→03:00 on 2026-03-08) and inside the
 * fall-back repeated hour (01:00–02:00 twice on 2026-11-01).
 */
export const DST_NIGHT_LA: Schedule = buildSchedule({
  id: 'dst-night-la',
  timeZone: 'America/Los_Angeles',
  intervals: everyDay(WEEKDAYS, '01:30', '05:00'),
});

/** Every day 02:30–04:00 Los Angeles: starts inside the spring-forward gap on 2026-03-08. */
export const GAP_START_LA: Schedule = buildSchedule({
  id: 'gap-start-la',
  timeZone: 'America/Los_Angeles',
  intervals: everyDay(WEEKDAYS, '02:30', '04:00'),
});

/** Every day 02:30–04:00 Sydney: starts inside the spring-forward gap (02:00→03:00 on 2026-10-04). */
export const GAP_START_SYDNEY: Schedule = buildSchedule({
  id: 'gap-start-sydney',
  timeZone: 'Australia/Sydney',
  intervals: everyDay(WEEKDAYS, '02:30', '04:00'),
});

/** Saturday night 22:00–02:00 in São Paulo: crosses the midnight that 2018-11-04 skipped (00:00→01:00). */
export const SAT_NIGHT_SAO_PAULO: Schedule = buildSchedule({
  id: 'sat-night-sao-paulo',
  timeZone: 'America/Sao_Paulo',
  intervals: [{ day: 'sat', start: '22:00', end: '02:00' }],
});
