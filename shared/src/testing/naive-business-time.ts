import { isOpen, NoOpenTimeError, SEARCH_HORIZON_DAYS, type ScheduleLike } from '../business-time/index.js';

const MS_PER_MINUTE = 60_000;

/**
 * Reference implementation of `addBusinessMinutes` that steps one minute at a time and asks `isOpen` at each
 * minute's start. Deliberately slow (cost grows with the minutes walked): it is the benchmark baseline and a
 * cross-check oracle for small budgets. Whole, non-negative minutes only; exact for schedules whose boundaries fall
 * on whole minutes when `start` is on a whole minute.
 */
export function naiveAddBusinessMinutes(schedule: ScheduleLike, start: Date, minutes: number): Date {
  if (!Number.isInteger(minutes) || minutes < 0) {
    throw new RangeError(`naiveAddBusinessMinutes takes whole non-negative minutes, got ${minutes}`);
  }
  let t = start.getTime();
  let left = minutes;
  let closedStreak = 0;
  const limit = SEARCH_HORIZON_DAYS * 1440;
  while (left > 0) {
    if (isOpen(schedule, new Date(t))) {
      left -= 1;
      closedStreak = 0;
    } else if (++closedStreak > limit) {
      throw new NoOpenTimeError('id' in schedule ? schedule.id : 'unknown', start);
    }
    t += MS_PER_MINUTE;
  }
  return new Date(t);
}
