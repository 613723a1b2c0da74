import { TZDate } from '@date-fns/tz';
import { isOpen, nextOpening, tryAddBusinessMinutes, type ScheduleLike } from '../business-time/index.js';
import { formatDueTime } from './format.js';
import { dueInBusinessHours } from './validate.js';

/** Stable ids of {@link suggestDueTimes}; the app translates by id. */
export const DUE_SUGGESTION_IDS = [
  'plus_4_business_hours',
  'end_of_my_day',
  'next_business_morning',
  'plus_1_business_day',
] as const;
/** One of {@link DUE_SUGGESTION_IDS}. */
export type DueSuggestionId = (typeof DUE_SUGGESTION_IDS)[number];

/** One quick pick for a commitment's due time. */
export interface DueSuggestion {
  id: DueSuggestionId;
  /** English label with the due time in the agent's zone, e.g. "End of my day (Mon 17:00 CET)". */
  label: string;
  dueAt: Date;
  /** The due time falls in the schedule's closed time (only possible for `end_of_my_day`). */
  outsideBusinessHours: boolean;
}

/** The agent's local end of day (hour) for `end_of_my_day`. */
export const END_OF_DAY_HOUR = 17;
/** The agent's local business-morning hour for `next_business_morning`. */
export const MORNING_HOUR = 9;
/** How many agent-local days ahead "next business morning" looks for an open 09:00. */
const MORNING_SEARCH_DAYS = 14;

/** `hour`:00 agent-local, `daysAhead` local days after the local date of `now` (DST-correct through TZDate). */
function localHour(now: Date, zone: string, daysAhead: number, hour: number): Date {
  const local = new TZDate(now.getTime(), zone);
  return new Date(
    new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + daysAhead, hour, 0, 0, 0, zone).getTime(),
  );
}

/**
 * Quick picks for "you will hear from us by …", for an agent in `agentTimeZone` working tickets on `schedule`:
 * - `plus_4_business_hours`: 240 business minutes of the schedule from `now`;
 * - `end_of_my_day`: 17:00 agent-local today, or tomorrow once it is 17:00 or later. Kept even when the schedule is
 *   closed then (it is the agent's own promise), but flagged `outsideBusinessHours` and labelled so;
 * - `next_business_morning`: 09:00 agent-local on the first following local day on which the schedule is open at
 *   that instant (a Berlin agent on Pacific 24x5 on Friday → Monday 09:00 Berlin); when no such day comes within
 *   14 days (schedule never open at the agent's 09:00), the schedule's next opening after tomorrow 09:00;
 * - `plus_1_business_day`: 24 business hours of the schedule (one weekday on 24x5; longer on shorter schedules,
 *   which the label states).
 *
 * A pick whose instant cannot be found (a schedule with no open time) is left out. Sorted by due time.
 */
export function suggestDueTimes(schedule: ScheduleLike, now: Date, agentTimeZone: string): DueSuggestion[] {
  const fmt = (d: Date) => formatDueTime(d, agentTimeZone, now);
  const out: DueSuggestion[] = [];

  const plus4 = tryAddBusinessMinutes(schedule, now, 240);
  if (plus4) out.push({ id: 'plus_4_business_hours', label: `+4 business hours (${fmt(plus4)})`, dueAt: plus4, outsideBusinessHours: false });

  let endOfDay = localHour(now, agentTimeZone, 0, END_OF_DAY_HOUR);
  if (endOfDay.getTime() <= now.getTime()) endOfDay = localHour(now, agentTimeZone, 1, END_OF_DAY_HOUR);
  const closed = !dueInBusinessHours(schedule, endOfDay);
  out.push({
    id: 'end_of_my_day',
    label: `End of my day (${fmt(endOfDay)})${closed ? ' — outside business hours' : ''}`,
    dueAt: endOfDay,
    outsideBusinessHours: closed,
  });

  let morning: Date | null = null;
  for (let day = 1; day <= MORNING_SEARCH_DAYS && morning === null; day++) {
    const candidate = localHour(now, agentTimeZone, day, MORNING_HOUR);
    if (isOpen(schedule, candidate)) morning = candidate;
  }
  morning ??= nextOpening(schedule, localHour(now, agentTimeZone, 1, MORNING_HOUR));
  if (morning) out.push({ id: 'next_business_morning', label: `Next business morning (${fmt(morning)})`, dueAt: morning, outsideBusinessHours: false });

  const plusDay = tryAddBusinessMinutes(schedule, now, 1440);
  if (plusDay) {
    out.push({
      id: 'plus_1_business_day',
      label: `+1 business day = 24 business hours (${fmt(plusDay)})`,
      dueAt: plusDay,
      outsideBusinessHours: false,
    });
  }
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}
