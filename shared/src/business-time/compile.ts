import { WEEKDAYS } from '../schemas/common.js';
import { ScheduleSchema, type Schedule, type ScheduleInput } from '../schemas/schedule.js';
import { dayFromIsoDate, MS_PER_DAY, MS_PER_MINUTE, offsetMs, wallToInstant, weekdayOf } from './zone-time.js';

/** A half-open range `[start, end)`: minutes of a local day (0..1440), or epoch milliseconds. */
export type Range = readonly [start: number, end: number];

/** A holiday reduced to the local days it covers and the minutes it closes on each of those days. */
export interface CompiledHoliday {
  /** Holiday name, kept for explanations. */
  readonly name: string;
  /** First local day number covered (inclusive). */
  readonly firstDay: number;
  /** Last local day number covered (inclusive). */
  readonly lastDay: number;
  /** Closed minute ranges applied to every covered day; `[[0, 1440]]` for a whole-day holiday. */
  readonly closed: readonly Range[];
}

/**
 * A schedule normalised once for arithmetic: per-weekday open minute ranges (sorted, merged, midnight-split) and
 * holidays as day ranges. Built by {@link compileSchedule}; treat it as opaque outside `business-time`.
 */
export interface CompiledSchedule {
  /** Schedule id, used in error messages. */
  readonly id: string;
  /** IANA zone the weekly hours and holidays are written in. */
  readonly timeZone: string;
  /** Index 0 = Sunday; each entry sorted, non-overlapping, non-adjacent `[startMinute, endMinute)` ranges. */
  readonly weekly: readonly (readonly Range[])[];
  /** True when no weekday has any open minute: arithmetic can fail fast instead of walking the search horizon. */
  readonly neverOpen: boolean;
  /** Holidays that close time (DST-named feed entries already dropped). */
  readonly holidays: readonly CompiledHoliday[];
  /** Open instant ranges per local day number; a bounded memo so repeated queries over the same days are cheap. */
  readonly dayCache: Map<number, readonly Range[]>;
}

const MINUTES_PER_DAY = 1440;
const DAY_CACHE_LIMIT = 4096;

// Holiday feeds (Zammad, Google calendars) include DST changes as "events"; they are not closures (SLA-EDGE-CASES #21).
const DST_EVENT_NAME = /daylight\s*saving|summer\s*time|\bdst\b/i;

const compiledCache = new WeakMap<object, CompiledSchedule>();

/** True when a holiday name looks like a daylight-saving event from an imported feed rather than a real closure. */
export function isDstEventName(name: string): boolean {
  return DST_EVENT_NAME.test(name);
}

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Sort and merge overlapping or touching ranges. */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = ranges.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && s <= last[1]) {
      last[1] = Math.max(last[1], e);
    } else {
      merged.push([s, e]);
    }
  }
  return merged;
}

/** Remove `cuts` from sorted, merged `ranges`. */
export function subtractRanges(ranges: readonly Range[], cuts: readonly Range[]): Range[] {
  let out: Range[] = [...ranges];
  for (const [cs, ce] of cuts) {
    const next: Range[] = [];
    for (const [s, e] of out) {
      if (ce <= s || cs >= e) {
        next.push([s, e]);
        continue;
      }
      if (cs > s) next.push([s, cs]);
      if (ce < e) next.push([ce, e]);
    }
    out = next;
  }
  return out;
}

/**
 * Normalise a schedule for business-time arithmetic. The input is validated with `ScheduleSchema` (so a malformed
 * time or unknown zone throws a `ZodError` here, not an endless loop later), then:
 * - an `end` of `23:59` becomes `24:00`, so a 24/7 schedule written 00:00–23:59 loses no minute (SLA-EDGE-CASES #4);
 * - an interval whose end is before its start crosses midnight and is split into `start–24:00` on its day and
 *   `00:00–end` on the next (#5); an interval whose start equals its end is empty;
 * - overlapping and touching intervals of a day are merged;
 * - holidays (whole dates, `date`..`endDate` ranges, partial `start`–`end` windows on each covered date; a window
 *   ending before it starts runs on into the next date) close time; entries named like a DST event are ignored (#21).
 *
 * The result is cached per schedule object (WeakMap), so schedules must be treated as immutable once used.
 */
export function compileSchedule(schedule: ScheduleInput | Schedule | CompiledSchedule): CompiledSchedule {
  if (isCompiled(schedule)) {
    return schedule;
  }
  const cached = compiledCache.get(schedule);
  if (cached !== undefined) {
    return cached;
  }
  const parsed = ScheduleSchema.parse(schedule);
  const perDay: Range[][] = WEEKDAYS.map(() => []);
  for (const interval of parsed.intervals) {
    const day = WEEKDAYS.indexOf(interval.day);
    const start = minutesOf(interval.start);
    const end = interval.end === '23:59' ? MINUTES_PER_DAY : minutesOf(interval.end);
    if (end >= start) {
      perDay[day]?.push([start, end]);
    } else {
      perDay[day]?.push([start, MINUTES_PER_DAY]);
      perDay[(day + 1) % 7]?.push([0, end]);
    }
  }
  const weekly = perDay.map(mergeRanges);

  const holidays: CompiledHoliday[] = [];
  for (const h of parsed.holidays) {
    if (isDstEventName(h.name)) continue;
    const firstDay = dayFromIsoDate(h.date);
    const lastDay = h.endDate === undefined ? firstDay : dayFromIsoDate(h.endDate);
    if (h.start === undefined || h.end === undefined) {
      holidays.push({ name: h.name, firstDay, lastDay, closed: [[0, MINUTES_PER_DAY]] });
      continue;
    }
    const start = minutesOf(h.start);
    const end = h.end === '23:59' ? MINUTES_PER_DAY : minutesOf(h.end);
    if (end >= start) {
      holidays.push({ name: h.name, firstDay, lastDay, closed: [[start, end]] });
    } else {
      holidays.push({ name: h.name, firstDay, lastDay, closed: [[start, MINUTES_PER_DAY]] });
      holidays.push({ name: h.name, firstDay: firstDay + 1, lastDay: lastDay + 1, closed: [[0, end]] });
    }
  }

  const compiled: CompiledSchedule = {
    id: parsed.id,
    timeZone: parsed.timeZone,
    weekly,
    neverOpen: weekly.every((ranges) => ranges.length === 0),
    holidays,
    dayCache: new Map(),
  };
  compiledCache.set(schedule, compiled);
  return compiled;
}

function isCompiled(value: ScheduleInput | Schedule | CompiledSchedule): value is CompiledSchedule {
  return 'dayCache' in value && value.dayCache instanceof Map;
}

/** Open local minute ranges of local day number `day`, after holidays. */
export function openMinutesOn(compiled: CompiledSchedule, day: number): Range[] {
  const weekly = compiled.weekly[weekdayOf(day)] ?? [];
  if (weekly.length === 0) return [];
  const cuts: Range[] = [];
  for (const h of compiled.holidays) {
    if (day >= h.firstDay && day <= h.lastDay) cuts.push(...h.closed);
  }
  return cuts.length === 0 ? [...weekly] : subtractRanges(weekly, mergeRanges(cuts));
}

/**
 * Open time of local day number `day` as sorted epoch-millisecond ranges, DST-correct via {@link wallToInstant}.
 * Ranges that a spring-forward gap reduces to nothing are dropped.
 */
export function openInstantsOn(compiled: CompiledSchedule, day: number): readonly Range[] {
  const hit = compiled.dayCache.get(day);
  if (hit !== undefined) return hit;
  const ranges: Range[] = [];
  const minutes = openMinutesOn(compiled, day);
  if (minutes.length > 0) {
    const fixed = fixedOffsetOn(compiled.timeZone, day);
    const toInstant =
      fixed === null
        ? (m: number) => wallToInstant(compiled.timeZone, day, m)
        : (m: number) => day * MS_PER_DAY + m * MS_PER_MINUTE - fixed;
    for (const [s, e] of minutes) {
      const start = toInstant(s);
      const end = toInstant(e);
      if (end > start) ranges.push([start, end]);
    }
  }
  if (compiled.dayCache.size >= DAY_CACHE_LIMIT) compiled.dayCache.clear();
  compiled.dayCache.set(day, ranges);
  return ranges;
}

// UTC offsets span −12 h to +14 h, so every instant of a local day lies between these margins around its UTC date.
const BEFORE_DAY_MS = 15 * 3_600_000;
const AFTER_DAY_MS = 13 * 3_600_000;

/**
 * The offset in force for the whole of local day `day`, or `null` when it may change during the day. Why: on the
 * ~363 days a year without a transition, two offset look-ups replace three per interval boundary, which is what
 * keeps long `businessMinutesBetween` spans cheap. Assumes a zone never changes offset twice within ~52 h and ends
 * where it started (no tz database entry does).
 */
function fixedOffsetOn(zone: string, day: number): number | null {
  const first = offsetMs(zone, day * MS_PER_DAY - BEFORE_DAY_MS);
  const last = offsetMs(zone, (day + 1) * MS_PER_DAY + AFTER_DAY_MS);
  return first === last ? first : null;
}
