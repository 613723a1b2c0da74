import { tzOffset } from '@date-fns/tz';

/** Milliseconds in one minute. */
export const MS_PER_MINUTE = 60_000;
/** Milliseconds in one civil (UTC-reckoned) day; only used for calendar-date arithmetic, never for durations. */
export const MS_PER_DAY = 86_400_000;

/**
 * Offset of `zone` from UTC at the instant `ms`, in whole milliseconds (local = UTC + offset).
 * Rounded because the tz database has second-precision LMT offsets that `tzOffset` returns as fractional minutes.
 *
 * Memoised per zone and 15-minute slot of UTC: since 1980 every transition in the tz database falls on a quarter
 * hour of UTC (offsets are whole quarter hours), so one slot has one offset. Older instants are computed directly
 * (LMT-era offsets such as −0:44:30 change at odd seconds). The lookup dominated assessment time before this cache.
 */
export function offsetMs(zone: string, ms: number): number {
  if (ms < MEMO_FROM_MS) return computeOffsetMs(zone, ms);
  let slots = offsetMemo.get(zone);
  if (slots === undefined) {
    slots = new Map();
    offsetMemo.set(zone, slots);
  }
  const slot = Math.floor(ms / SLOT_MS);
  let offset = slots.get(slot);
  if (offset === undefined) {
    if (slots.size >= MEMO_SLOTS_PER_ZONE) slots.clear();
    offset = computeOffsetMs(zone, slot * SLOT_MS);
    slots.set(slot, offset);
  }
  return offset;
}

const SLOT_MS = 15 * MS_PER_MINUTE;
const MEMO_FROM_MS = Date.UTC(1980, 0, 1);
const MEMO_SLOTS_PER_ZONE = 200_000;
const offsetMemo = new Map<string, Map<number, number>>();

function computeOffsetMs(zone: string, ms: number): number {
  const minutes = tzOffset(zone, new Date(ms));
  if (Number.isNaN(minutes)) {
    throw new RangeError(`unknown time zone: ${zone}`);
  }
  return Math.round(minutes * MS_PER_MINUTE);
}

/**
 * The local calendar date of instant `ms` in `zone`, as a day number (days since 1970-01-01 on the proleptic
 * Gregorian calendar). Pure arithmetic on UTC fields, so the process time zone never leaks in (SLA-EDGE-CASES #15).
 */
export function localDayOf(zone: string, ms: number): number {
  return Math.floor((ms + offsetMs(zone, ms)) / MS_PER_DAY);
}

/** Day of the week (0 = Sunday) of a day number. */
export function weekdayOf(day: number): number {
  // 1970-01-01 was a Thursday (4); the double modulo keeps pre-1970 days positive.
  return (((day + 4) % 7) + 7) % 7;
}

/** Day number of a `YYYY-MM-DD` local date. */
export function dayFromIsoDate(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.floor(Date.UTC(y ?? NaN, (m ?? NaN) - 1, d ?? NaN) / MS_PER_DAY);
}

/** `YYYY-MM-DD` of a day number (used in messages and tests only). */
export function isoDateFromDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * The instant at which the wall clock in `zone` first reads `minuteOfDay` (0..1440) on local date `day` or later.
 *
 * Why "first reads … or later": it turns each local boundary into exactly one instant and is monotonic in the wall
 * time, so a day's intervals never overlap their neighbours on the instant timeline.
 * - Normal times map to their single instant.
 * - A time inside a spring-forward gap (02:30 on 2026-03-08 in Los Angeles) maps to the transition instant, when the
 *   clock jumps to 03:00: a shop "open from 02:30" is open as soon as the clock shows a time after 02:30.
 * - A time inside a fall-back repeated hour maps to its first occurrence, so an interval that starts or ends there
 *   keeps its real elapsed length (01:30–05:00 on 2026-11-01 in Los Angeles lasts 4 h 30 min).
 */
export function wallToInstant(zone: string, day: number, minuteOfDay: number): number {
  const wall = day * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE;
  // Offsets in force a day either side bracket any single transition near `wall` (zones change at most once a day).
  const before = offsetMs(zone, wall - MS_PER_DAY);
  const after = offsetMs(zone, wall + MS_PER_DAY);
  const candidates = before === after ? [before] : [before, after];
  let best: number | undefined;
  for (const off of candidates) {
    const t = wall - off;
    if (offsetMs(zone, t) === off && (best === undefined || t < best)) {
      best = t;
    }
  }
  if (best !== undefined) {
    return best;
  }
  if (before === after) {
    // Two transitions within two days (never seen in practice): fall back to the offset at the wall time itself.
    return wall - offsetMs(zone, wall - before);
  }
  return findTransition(zone, wall - Math.max(before, after), wall - Math.min(before, after), after);
}

/** Binary search for the first instant in (lo, hi] whose offset is `target` (the offset at `hi`). */
function findTransition(zone: string, lo: number, hi: number, target: number): number {
  let low = lo;
  let high = hi;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (offsetMs(zone, mid) === target) {
      high = mid;
    } else {
      low = mid;
    }
  }
  return high;
}
