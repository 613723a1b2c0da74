import fc from 'fast-check';
import { WEEKDAYS } from '../schemas/common.js';
import type { Holiday, Schedule, ScheduleInterval } from '../schemas/schedule.js';
import { naiveAddBusinessMinutes } from '../testing/naive-business-time.js';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  isOpen,
  subtractBusinessMinutes,
  tryAddBusinessMinutes,
  trySubtractBusinessMinutes,
} from './index.js';

// Zones chosen for awkward rules: both hemispheres, a midnight transition (São Paulo until 2019), a 30-minute DST
// shift (Lord Howe) and a 45-minute offset (Chatham).
const ZONES = [
  'UTC',
  'America/Los_Angeles',
  'America/New_York',
  'America/Sao_Paulo',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Europe/Berlin',
  'Pacific/Chatham',
  'Asia/Kolkata',
] as const;

const pad = (n: number): string => String(n).padStart(2, '0');
const hhmm = (minutes: number): string => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

// Quarter hours hit DST transition times (02:00, 03:00, 00:00) often; odd minutes catch everything else.
const minuteOfDay = fc.oneof(
  fc.integer({ min: 0, max: 95 }).map((q) => q * 15),
  fc.integer({ min: 0, max: 1439 }),
);

const interval: fc.Arbitrary<ScheduleInterval> = fc.record({
  day: fc.constantFrom(...WEEKDAYS),
  start: minuteOfDay.map(hhmm),
  // An end before the start is an overnight interval; 23:59 and 24:00 exercise the end-of-day normalisation.
  end: fc.oneof(minuteOfDay.map(hhmm), fc.constantFrom('23:59', '24:00')),
});

const dayMs = 86_400_000;
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const holiday: fc.Arbitrary<Holiday> = fc
  .record({
    day: fc.integer({ min: Date.UTC(2020, 0, 1) / dayMs, max: Date.UTC(2030, 11, 31) / dayMs }),
    span: fc.integer({ min: 0, max: 10 }),
    ranged: fc.boolean(),
    partial: fc.option(fc.tuple(minuteOfDay, minuteOfDay), { nil: undefined }),
    name: fc.constantFrom('Company day', 'Summer Time begins', 'Bank holiday'),
  })
  .map(({ day, span, ranged, partial, name }) => ({
    name,
    date: isoDate(day * dayMs),
    ...(ranged ? { endDate: isoDate((day + span) * dayMs) } : {}),
    ...(partial === undefined ? {} : { start: hhmm(partial[0]), end: hhmm(partial[1]) }),
  }));

let scheduleCount = 0;
const schedule: fc.Arbitrary<Schedule> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    intervals: fc.array(interval, { minLength: 1, maxLength: 8 }),
    holidays: fc.array(holiday, { maxLength: 4 }),
  })
  .map((s) => {
    scheduleCount += 1;
    return { id: `prop-${scheduleCount}`, name: 'generated', ...s };
  });

// Transition instants of the zones above; uniform dates alone would rarely land on a DST night.
const TRANSITIONS = [
  '2026-03-08T10:00:00Z', // Los Angeles spring forward
  '2026-11-01T09:00:00Z', // Los Angeles fall back
  '2026-03-08T07:00:00Z', // New York spring forward
  '2026-10-03T16:00:00Z', // Sydney spring forward
  '2026-04-04T16:00:00Z', // Sydney fall back
  '2026-10-03T15:30:00Z', // Lord Howe spring forward (30 min)
  '2026-04-04T15:00:00Z', // Lord Howe fall back (30 min)
  '2026-03-29T01:00:00Z', // Berlin spring forward
  '2026-10-25T01:00:00Z', // Berlin fall back
  '2026-09-26T14:00:00Z', // Chatham spring forward
  '2018-11-04T03:00:00Z', // São Paulo spring forward at midnight
  '2019-02-17T02:00:00Z', // São Paulo fall back at midnight
].map((t) => new Date(t).getTime());
const instant = fc.oneof(
  fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
  fc
    .tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -2 * 86_400_000, max: 2 * 86_400_000 }))
    .map(([t, delta]) => new Date(t + delta)),
);
const budget = fc.integer({ min: 0, max: 60 * 24 * 40 });
const NUM_RUNS = 200;

describe('business-time properties', () => {
  it('add then between gives back the budget', () => {
    fc.assert(
      fc.property(schedule, instant, budget, (s, t, m) => {
        const due = tryAddBusinessMinutes(s, t, m);
        fc.pre(due !== null);
        expect(Math.abs(businessMinutesBetween(s, t, due) - m)).toBeLessThan(1e-6);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('the deadline is monotonic in the budget', () => {
    fc.assert(
      fc.property(schedule, instant, budget, budget, (s, t, m1, m2) => {
        const [lo, hi] = m1 <= m2 ? [m1, m2] : [m2, m1];
        const a = tryAddBusinessMinutes(s, t, lo);
        const b = tryAddBusinessMinutes(s, t, hi);
        fc.pre(a !== null && b !== null);
        expect(a.getTime()).toBeLessThanOrEqual(b.getTime());
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('a positive budget ends in open time or exactly at the end of an open interval', () => {
    fc.assert(
      fc.property(schedule, instant, fc.integer({ min: 1, max: 60 * 24 * 40 }), (s, t, m) => {
        const due = tryAddBusinessMinutes(s, t, m);
        fc.pre(due !== null);
        // The millisecond just before the deadline was counted, so it was open.
        expect(isOpen(s, new Date(due.getTime() - 1))).toBe(true);
        expect(due.getTime()).toBeGreaterThan(t.getTime());
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('subtract inverts add: back to the start when it is open, else to the next opening', () => {
    fc.assert(
      fc.property(schedule, instant, fc.integer({ min: 1, max: 60 * 24 * 40 }), (s, t, m) => {
        const due = tryAddBusinessMinutes(s, t, m);
        fc.pre(due !== null);
        const back = subtractBusinessMinutes(s, due, m);
        expect(back.getTime()).toBeGreaterThanOrEqual(t.getTime());
        expect(businessMinutesBetween(s, t, back)).toBe(0);
        if (isOpen(s, t)) expect(back.getTime()).toBe(t.getTime());
        expect(addBusinessMinutes(s, back, m).getTime()).toBe(due.getTime());
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('add inverts subtract: back to the end when the moment before it is open', () => {
    fc.assert(
      fc.property(schedule, instant, fc.integer({ min: 1, max: 60 * 24 * 40 }), (s, end, m) => {
        const from = trySubtractBusinessMinutes(s, end, m);
        fc.pre(from !== null);
        const again = addBusinessMinutes(s, from, m);
        expect(again.getTime()).toBeLessThanOrEqual(end.getTime());
        expect(businessMinutesBetween(s, again, end)).toBe(0);
        if (isOpen(s, new Date(end.getTime() - 1))) expect(again.getTime()).toBe(end.getTime());
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('between is additive and antisymmetric', () => {
    fc.assert(
      fc.property(schedule, instant, instant, instant, (s, a, b, c) => {
        const ab = businessMinutesBetween(s, a, b);
        const bc = businessMinutesBetween(s, b, c);
        expect(Math.abs(ab + bc - businessMinutesBetween(s, a, c))).toBeLessThan(1e-6);
        expect(businessMinutesBetween(s, b, a) + ab).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('agrees with the minute-stepping reference for small budgets', () => {
    const minuteInstant = instant.map((d) => new Date(Math.floor(d.getTime() / 60_000) * 60_000));
    fc.assert(
      fc.property(schedule, minuteInstant, fc.integer({ min: 0, max: 240 }), (s, t, m) => {
        const due = tryAddBusinessMinutes(s, t, m);
        // Keep the oracle cheap: skip schedules that stay closed for more than about two weeks.
        fc.pre(due !== null && due.getTime() - t.getTime() < 14 * dayMs);
        expect(naiveAddBusinessMinutes(s, t, m).toISOString()).toBe(due.toISOString());
      }),
      { numRuns: Math.ceil(NUM_RUNS / 5) },
    );
  });
});
