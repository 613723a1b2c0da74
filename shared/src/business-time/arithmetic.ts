import type { Schedule, ScheduleInput } from '../schemas/schedule.js';
import { compileSchedule, openInstantsOn, type CompiledSchedule, type Range } from './compile.js';
import { isoDateFromDay, localDayOf, MS_PER_MINUTE } from './zone-time.js';

/** Anything the arithmetic accepts: a raw schedule (compiled and cached on first use) or a compiled one. */
export type ScheduleLike = ScheduleInput | Schedule | CompiledSchedule;

/**
 * How many consecutive local days without a single open minute end a search. Three years covers any real holiday
 * calendar (a closed year-end fortnight, a sparse one-day-a-week schedule) while keeping a schedule that never opens
 * from looping (SLA-EDGE-CASES #8).
 */
export const SEARCH_HORIZON_DAYS = 3 * 366;

/** Thrown when a schedule has no open time within {@link SEARCH_HORIZON_DAYS} days of where a search started. */
export class NoOpenTimeError extends Error {
  /** Id of the schedule that never opens. */
  readonly scheduleId: string;
  /** Where the search started. */
  readonly from: Date;

  /**
   * @param scheduleId id of the schedule searched
   * @param from where the search started
   * @param direction which way the search went (worded into the message)
   */
  constructor(scheduleId: string, from: Date, direction: 'forward' | 'backward' = 'forward') {
    const side = direction === 'forward' ? 'after' : 'before';
    super(
      `schedule "${scheduleId}" has no open business time within ${SEARCH_HORIZON_DAYS} days ${side} ` +
        `${from.toISOString()}: no deadline can be computed`,
    );
    this.name = 'NoOpenTimeError';
    this.scheduleId = scheduleId;
    this.from = from;
  }
}

function instantMs(date: Date, what: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${what} is an invalid Date`);
  return ms;
}

function budgetMs(minutes: number): number {
  if (!Number.isFinite(minutes)) throw new RangeError(`minutes must be finite, got ${minutes}`);
  // Millisecond precision: Date cannot hold more, and rounding here keeps add/between exact inverses.
  return Math.round(minutes * MS_PER_MINUTE);
}

/** Open ranges clipped to start at or after `fromMs`, in time order; stops after the search horizon of closed days. */
function* openRangesForward(compiled: CompiledSchedule, fromMs: number): Generator<Range> {
  if (compiled.neverOpen) return;
  // Start a day early: a DST oddity can leave an instant's open time on the neighbouring local date's list.
  let day = localDayOf(compiled.timeZone, fromMs) - 1;
  let closedDays = 0;
  while (closedDays <= SEARCH_HORIZON_DAYS) {
    let any = false;
    for (const [s, e] of openInstantsOn(compiled, day)) {
      if (e <= fromMs) continue;
      any = true;
      yield [Math.max(s, fromMs), e];
    }
    closedDays = any ? 0 : closedDays + 1;
    day += 1;
  }
}

/** Open ranges clipped to end at or before `toMs`, latest first; stops after the search horizon of closed days. */
function* openRangesBackward(compiled: CompiledSchedule, toMs: number): Generator<Range> {
  if (compiled.neverOpen) return;
  let day = localDayOf(compiled.timeZone, toMs) + 1;
  let closedDays = 0;
  while (closedDays <= SEARCH_HORIZON_DAYS) {
    let any = false;
    const ranges = openInstantsOn(compiled, day);
    for (let i = ranges.length - 1; i >= 0; i -= 1) {
      const range = ranges[i];
      if (range === undefined || range[0] >= toMs) continue;
      any = true;
      yield [range[0], Math.min(range[1], toMs)];
    }
    closedDays = any ? 0 : closedDays + 1;
    day -= 1;
  }
}

function addMs(compiled: CompiledSchedule, fromMs: number, budget: number): number | null {
  if (budget === 0) return fromMs;
  if (budget < 0) return subtractMs(compiled, fromMs, -budget);
  let left = budget;
  for (const [s, e] of openRangesForward(compiled, fromMs)) {
    const available = e - s;
    // `<=` so a budget that ends exactly at a closing returns the closing, not the next opening.
    if (left <= available) return s + left;
    left -= available;
  }
  return null;
}

function subtractMs(compiled: CompiledSchedule, toMs: number, budget: number): number | null {
  if (budget === 0) return toMs;
  if (budget < 0) return addMs(compiled, toMs, -budget);
  let left = budget;
  for (const [s, e] of openRangesBackward(compiled, toMs)) {
    const available = e - s;
    if (left <= available) return e - left;
    left -= available;
  }
  return null;
}

/**
 * The instant when `minutes` business minutes have elapsed from `start`, or `null` when the schedule has no open
 * time within the search horizon (render "no deadline").
 *
 * - A start in closed time begins counting at the next opening (SLA-EDGE-CASES #1).
 * - `minutes === 0` returns `start` itself, even in closed time: a zero target is due (breached) at once, as in
 *   Zendesk, rather than at the next opening.
 * - A budget used up exactly at a closing returns that closing (Fri 16:00 + 1 h on 9–5 → Fri 17:00, not Mon 09:00).
 * - Negative `minutes` counts backwards, as {@link trySubtractBusinessMinutes}.
 * - Business minutes are real elapsed minutes on the instant timeline inside open intervals, so an interval on a
 *   DST night lasts what a stopwatch would show (SLA-EDGE-CASES #13). Fractions are kept to the millisecond.
 */
export function tryAddBusinessMinutes(schedule: ScheduleLike, start: Date, minutes: number): Date | null {
  const compiled = compileSchedule(schedule);
  const ms = addMs(compiled, instantMs(start, 'start'), budgetMs(minutes));
  return ms === null ? null : new Date(ms);
}

/**
 * As {@link tryAddBusinessMinutes}, but throws {@link NoOpenTimeError} (naming the schedule) instead of returning
 * `null` when the schedule never opens within the search horizon.
 */
export function addBusinessMinutes(schedule: ScheduleLike, start: Date, minutes: number): Date {
  const compiled = compileSchedule(schedule);
  const result = tryAddBusinessMinutes(compiled, start, minutes);
  if (result === null) throw new NoOpenTimeError(compiled.id, start, minutes < 0 ? 'backward' : 'forward');
  return result;
}

/**
 * The latest instant from which `minutes` business minutes elapse by `end`, or `null` when there is not that much
 * open time within the search horizon before `end`. Used for "warn N business minutes before the deadline": one
 * business hour before a Tue 09:30 deadline on 9–5 is Mon 16:30 (SLA-EDGE-CASES #2, #60).
 *
 * - An `end` in closed time counts back from the previous closing.
 * - `minutes === 0` returns `end`; negative `minutes` counts forwards.
 * - When the budget runs out exactly at an opening the opening is returned (Tue 10:00 − 1 h → Tue 09:00), so for
 *   an open `t`, subtracting what was added gives `t` back.
 */
export function trySubtractBusinessMinutes(schedule: ScheduleLike, end: Date, minutes: number): Date | null {
  const compiled = compileSchedule(schedule);
  const ms = subtractMs(compiled, instantMs(end, 'end'), budgetMs(minutes));
  return ms === null ? null : new Date(ms);
}

/** As {@link trySubtractBusinessMinutes}, but throws {@link NoOpenTimeError} instead of returning `null`. */
export function subtractBusinessMinutes(schedule: ScheduleLike, end: Date, minutes: number): Date {
  const compiled = compileSchedule(schedule);
  const result = trySubtractBusinessMinutes(compiled, end, minutes);
  if (result === null) throw new NoOpenTimeError(compiled.id, end, minutes < 0 ? 'forward' : 'backward');
  return result;
}

/**
 * Open business minutes in `[a, b)` (fractional, millisecond precision); negative when `b` is before `a`.
 * Never throws for a schedule without open time: it returns 0.
 */
export function businessMinutesBetween(schedule: ScheduleLike, a: Date, b: Date): number {
  const compiled = compileSchedule(schedule);
  const from = instantMs(a, 'a');
  const to = instantMs(b, 'b');
  // `0 -` rather than unary minus so an empty span is 0, never -0.
  if (to < from) return 0 - businessMinutesBetween(compiled, b, a);
  if (to === from || compiled.neverOpen) return 0;
  let total = 0;
  const lastDay = localDayOf(compiled.timeZone, to) + 1;
  for (let day = localDayOf(compiled.timeZone, from) - 1; day <= lastDay; day += 1) {
    for (const [s, e] of openInstantsOn(compiled, day)) {
      const overlap = Math.min(e, to) - Math.max(s, from);
      if (overlap > 0) total += overlap;
    }
  }
  return total / MS_PER_MINUTE;
}

/** Whether the schedule is open at instant `at` (open intervals are half-open: open at 09:00, closed at 17:00). */
export function isOpen(schedule: ScheduleLike, at: Date): boolean {
  const compiled = compileSchedule(schedule);
  const ms = instantMs(at, 'at');
  if (compiled.neverOpen) return false;
  const day = localDayOf(compiled.timeZone, ms);
  for (let d = day - 1; d <= day + 1; d += 1) {
    for (const [s, e] of openInstantsOn(compiled, d)) {
      if (ms >= s && ms < e) return true;
    }
  }
  return false;
}

/**
 * The earliest instant at or after `at` when the schedule is open: `at` itself when already open, else the next
 * opening; `null` when nothing opens within the search horizon.
 */
export function nextOpening(schedule: ScheduleLike, at: Date): Date | null {
  const compiled = compileSchedule(schedule);
  for (const [s] of openRangesForward(compiled, instantMs(at, 'at'))) {
    return new Date(s);
  }
  return null;
}

/** Local date (`YYYY-MM-DD`) of `at` in the schedule's zone; handy for explanations ("due Monday 2026-03-09"). */
export function localDateOf(schedule: ScheduleLike, at: Date): string {
  const compiled = compileSchedule(schedule);
  return isoDateFromDay(localDayOf(compiled.timeZone, instantMs(at, 'at')));
}
