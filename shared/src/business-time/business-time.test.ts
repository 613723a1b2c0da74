import { ZodError } from 'zod';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  compileSchedule,
  formatBusinessDuration,
  isDstEventName,
  isOpen,
  localDateOf,
  nextOpening,
  NoOpenTimeError,
  subtractBusinessMinutes,
  tryAddBusinessMinutes,
  trySubtractBusinessMinutes,
} from './index.js';
import {
  ALWAYS_ON_HOLIDAY,
  buildSchedule,
  DST_NIGHT_LA,
  EMPTY_SCHEDULE,
  GAP_START_LA,
  GAP_START_SYDNEY,
  GITLAB_24X5,
  NINE_TO_FIVE_LA,
  NINE_TO_FIVE_NY,
  NINE_TO_FIVE_NY_HOLIDAYS,
  NINE_TO_FIVE_SAO_PAULO,
  NINE_TO_FIVE_UTC,
  OVERNIGHT_UTC,
  SAT_NIGHT_SAO_PAULO,
  SPLIT_SHIFT_UTC,
  TUESDAY_ONLY_UTC,
  TWENTY_FOUR_SEVEN_LA,
  TWENTY_FOUR_SEVEN_LA_2359,
  TWENTY_FOUR_SEVEN_SYDNEY,
} from '../testing/schedules.js';
import { naiveAddBusinessMinutes } from '../testing/naive-business-time.js';

// Every expected instant below is written in UTC with the local wall time beside it, worked out by hand from the
// zone's offset on that date (EST −5 / EDT −4, PST −8 / PDT −7, AEST +10 / AEDT +11, BRT −3 / BRST −2).
const at = (iso: string): Date => new Date(iso);
const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

describe('B1 business-hours arithmetic', () => {
  it('B1#1 Fri 16:30 + 1 h on 9–5 → Mon 09:30 (New York, EST)', () => {
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_NY, at('2026-11-27T21:30:00Z'), 60))).toBe('2026-11-30T14:30:00.000Z');
  });

  it('B1#1 before opening: Mon 07:00 + 30 min → Mon 09:30', () => {
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_NY, at('2026-11-30T12:00:00Z'), 30))).toBe('2026-11-30T14:30:00.000Z');
  });

  it('B1#1 after closing: Tue 18:00 + 1 h → Wed 10:00', () => {
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_NY, at('2026-12-01T23:00:00Z'), 60))).toBe('2026-12-02T15:00:00.000Z');
  });

  it('B1#1 weekend: Sat 12:00 + 1 h → Mon 10:00', () => {
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_NY, at('2026-11-28T17:00:00Z'), 60))).toBe('2026-11-30T15:00:00.000Z');
  });

  it('B1#1 holiday: Christmas Day 10:00 + 1 h skips the year-end shutdown → Fri 2027-01-01 10:00', () => {
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_NY_HOLIDAYS, at('2026-12-25T15:00:00Z'), 60))).toBe(
      '2027-01-01T15:00:00.000Z',
    );
  });

  it('B1#1 inside hours the clock runs at once: Mon 10:00 + 1 h → Mon 11:00', () => {
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_NY, at('2026-11-30T15:00:00Z'), 60))).toBe('2026-11-30T16:00:00.000Z');
  });

  it('B1#1 a budget used up exactly at closing returns the closing: Fri 16:00 + 1 h → Fri 17:00', () => {
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_UTC, at('2026-11-27T16:00:00Z'), 60))).toBe('2026-11-27T17:00:00.000Z');
  });

  it('B1#1 zero minutes returns the start itself, even in closed time (a 0 target is due at once)', () => {
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_UTC, at('2026-11-28T12:00:00Z'), 0))).toBe('2026-11-28T12:00:00.000Z');
    expect(iso(subtractBusinessMinutes(NINE_TO_FIVE_UTC, at('2026-11-28T12:00:00Z'), 0))).toBe(
      '2026-11-28T12:00:00.000Z',
    );
  });

  it('B1#1 fractional minutes keep millisecond precision: Mon 10:00 + 0.5 min → 10:00:30', () => {
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_UTC, at('2026-11-30T10:00:00Z'), 0.5))).toBe(
      '2026-11-30T10:00:30.000Z',
    );
    expect(businessMinutesBetween(NINE_TO_FIVE_UTC, at('2026-11-30T16:59:45Z'), at('2026-12-01T09:00:15Z'))).toBe(0.5);
  });

  it('B1#2 budget carried to the next day: Mon 16:00 + 2 h → Tue 10:00', () => {
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_UTC, at('2026-11-23T16:00:00Z'), 120))).toBe('2026-11-24T10:00:00.000Z');
  });

  it('B1#2 warn 1 business hour before a Tue 09:30 deadline → Mon 16:30 (UTC and New York)', () => {
    expect(iso(subtractBusinessMinutes(NINE_TO_FIVE_UTC, at('2026-11-24T09:30:00Z'), 60))).toBe(
      '2026-11-23T16:30:00.000Z',
    );
    expect(iso(subtractBusinessMinutes(NINE_TO_FIVE_NY, at('2026-12-01T14:30:00Z'), 60))).toBe(
      '2026-11-30T21:30:00.000Z',
    );
  });

  it('B1#2 subtract stops at an opening rather than the previous closing: Tue 10:00 − 1 h → Tue 09:00', () => {
    expect(iso(subtractBusinessMinutes(NINE_TO_FIVE_UTC, at('2026-11-24T10:00:00Z'), 60))).toBe(
      '2026-11-24T09:00:00.000Z',
    );
  });

  it('B1#2 a deadline in closed time counts back from the previous closing: Sat − 1 h → Fri 16:00', () => {
    expect(iso(subtractBusinessMinutes(NINE_TO_FIVE_UTC, at('2026-11-28T12:00:00Z'), 60))).toBe(
      '2026-11-27T16:00:00.000Z',
    );
  });

  it('B1#3 a Saturday reminder waits for the next opening (Mon 09:00), never dropped', () => {
    const saturday = at('2026-11-28T12:00:00Z');
    expect(isOpen(NINE_TO_FIVE_UTC, saturday)).toBe(false);
    expect(iso(nextOpening(NINE_TO_FIVE_UTC, saturday))).toBe('2026-11-30T09:00:00.000Z');
  });

  it('B1#3 nextOpening of an open instant is the instant itself; intervals are half-open', () => {
    expect(iso(nextOpening(NINE_TO_FIVE_UTC, at('2026-11-30T12:34:00Z')))).toBe('2026-11-30T12:34:00.000Z');
    expect(isOpen(NINE_TO_FIVE_UTC, at('2026-11-30T09:00:00Z'))).toBe(true);
    expect(isOpen(NINE_TO_FIVE_UTC, at('2026-11-30T16:59:59.999Z'))).toBe(true);
    expect(isOpen(NINE_TO_FIVE_UTC, at('2026-11-30T17:00:00Z'))).toBe(false);
  });

  it('B1#4 24/7 written 00:00–23:59 yields exactly 24 h a day and a full week across midnights', () => {
    for (const schedule of [TWENTY_FOUR_SEVEN_LA, TWENTY_FOUR_SEVEN_LA_2359]) {
      // Tue 23:00 PDT → Wed 01:00 PDT.
      expect(businessMinutesBetween(schedule, at('2026-06-10T06:00:00Z'), at('2026-06-10T08:00:00Z'))).toBe(120);
      // Mon 2026-06-01 00:00 PDT → Mon 2026-06-08 00:00 PDT.
      expect(businessMinutesBetween(schedule, at('2026-06-01T07:00:00Z'), at('2026-06-08T07:00:00Z'))).toBe(10_080);
      // 23:59:30 is open: the lost minute is back.
      expect(isOpen(schedule, at('2026-06-10T06:59:30Z'))).toBe(true);
      expect(iso(addBusinessMinutes(schedule, at('2026-06-10T06:30:00Z'), 1440))).toBe('2026-06-11T06:30:00.000Z');
    }
  });

  it('B1#5 overnight 22:00–06:00: 4 h from 23:00 → 03:00', () => {
    expect(iso(addBusinessMinutes(OVERNIGHT_UTC, at('2026-11-23T23:00:00Z'), 240))).toBe('2026-11-24T03:00:00.000Z');
  });

  it('B1#5 overnight: Friday night runs into Saturday 06:00, then waits for Monday 22:00', () => {
    // Fri 22:00–Sat 06:00 gives 8 h; the last 2 h run Mon 22:00 → Tue 00:00.
    expect(iso(addBusinessMinutes(OVERNIGHT_UTC, at('2026-11-27T22:00:00Z'), 600))).toBe('2026-12-01T00:00:00.000Z');
    expect(isOpen(OVERNIGHT_UTC, at('2026-11-28T05:59:00Z'))).toBe(true);
    // Sunday night is not a shift, so early Monday is closed.
    expect(isOpen(OVERNIGHT_UTC, at('2026-11-30T03:00:00Z'))).toBe(false);
  });

  it('B1#6 split shift 09:00–12:00 + 13:00–17:00: 2 h from 11:30 → 14:30', () => {
    expect(iso(addBusinessMinutes(SPLIT_SHIFT_UTC, at('2026-11-23T11:30:00Z'), 120))).toBe('2026-11-23T14:30:00.000Z');
    expect(isOpen(SPLIT_SHIFT_UTC, at('2026-11-23T12:30:00Z'))).toBe(false);
  });

  it('B1#60 warn 30 business minutes before a 13:15 deadline on a split shift → 11:45', () => {
    expect(iso(subtractBusinessMinutes(SPLIT_SHIFT_UTC, at('2026-11-23T13:15:00Z'), 30))).toBe(
      '2026-11-23T11:45:00.000Z',
    );
  });

  it('B1#7 Tuesday-only schedule, Wednesday ticket, 8 h target → end of next Tuesday; not overdue at creation', () => {
    const created = at('2026-11-25T10:00:00Z');
    const due = addBusinessMinutes(TUESDAY_ONLY_UTC, created, 480);
    expect(iso(due)).toBe('2026-12-01T17:00:00.000Z');
    // A day later no business time has elapsed: nothing is overdue.
    expect(businessMinutesBetween(TUESDAY_ONLY_UTC, created, at('2026-11-26T10:00:00Z'))).toBe(0);
  });

  it('B1#8 empty schedule: "no deadline" (null) from the try variants, NoOpenTimeError naming the id, fast', () => {
    const started = Date.now();
    expect(tryAddBusinessMinutes(EMPTY_SCHEDULE, at('2026-11-25T10:00:00Z'), 60)).toBeNull();
    expect(trySubtractBusinessMinutes(EMPTY_SCHEDULE, at('2026-11-25T10:00:00Z'), 60)).toBeNull();
    expect(nextOpening(EMPTY_SCHEDULE, at('2026-11-25T10:00:00Z'))).toBeNull();
    expect(businessMinutesBetween(EMPTY_SCHEDULE, at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toBe(0);
    expect(() => addBusinessMinutes(EMPTY_SCHEDULE, at('2026-11-25T10:00:00Z'), 60)).toThrow(NoOpenTimeError);
    expect(() => addBusinessMinutes(EMPTY_SCHEDULE, at('2026-11-25T10:00:00Z'), 60)).toThrow(/"empty"/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('B1#8 holidays covering the whole search horizon end the search in bounded time', () => {
    const started = Date.now();
    expect(tryAddBusinessMinutes(ALWAYS_ON_HOLIDAY, at('2026-03-01T00:00:00Z'), 60)).toBeNull();
    let error: unknown;
    try {
      subtractBusinessMinutes(ALWAYS_ON_HOLIDAY, at('2030-03-01T00:00:00Z'), 60);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NoOpenTimeError);
    expect((error as NoOpenTimeError).scheduleId).toBe('always-on-holiday');
    // After the closure ends (2032-01-01 is a Thursday) the schedule opens again.
    expect(iso(nextOpening(ALWAYS_ON_HOLIDAY, at('2031-06-01T00:00:00Z')))).toBe('2032-01-01T09:00:00.000Z');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('B1#8 a budget far longer than the horizon still completes when open time keeps coming', () => {
    // Five years of 9–5 UTC weekdays: 2026-11-30 (Mon) + 260 weeks = 2031-11-24 (Mon), same time of day.
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_UTC, at('2026-11-30T10:00:00Z'), 260 * 5 * 480))).toBe(
      '2031-11-24T10:00:00.000Z',
    );
  });

  it('B1 negative minutes count backwards: add(−60) equals subtract(60)', () => {
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_UTC, at('2026-11-24T09:30:00Z'), -60))).toBe('2026-11-23T16:30:00.000Z');
    expect(businessMinutesBetween(NINE_TO_FIVE_UTC, at('2026-11-24T09:30:00Z'), at('2026-11-23T16:30:00Z'))).toBe(-60);
  });

  it('B1 rejects invalid input instead of looping', () => {
    expect(() => addBusinessMinutes(NINE_TO_FIVE_UTC, new Date(Number.NaN), 5)).toThrow(RangeError);
    expect(() => addBusinessMinutes(NINE_TO_FIVE_UTC, at('2026-11-24T09:30:00Z'), Number.POSITIVE_INFINITY)).toThrow(
      RangeError,
    );
  });

  it('GitLab 24x5: Fri 16:00 PST + 2 h → Sun 16:00 PST; Saturday ticket waits for Sun 15:00', () => {
    expect(iso(addBusinessMinutes(GITLAB_24X5, at('2026-11-28T00:00:00Z'), 120))).toBe('2026-11-30T00:00:00.000Z');
    // Sat 10:00 PST + 30 min → Sun 15:30 PST.
    expect(iso(addBusinessMinutes(GITLAB_24X5, at('2026-11-28T18:00:00Z'), 30))).toBe('2026-11-29T23:30:00.000Z');
  });

  it('GitLab 24x5: one week is Sun 15:00 → Fri 17:00 = 122 h, in the DST-change weeks too', () => {
    // Week of 2026-11-22 (PST): Sun 15:00 PST → Fri 17:00 PST.
    expect(businessMinutesBetween(GITLAB_24X5, at('2026-11-22T00:00:00Z'), at('2026-11-29T00:00:00Z'))).toBe(7320);
    // Fall-back Sunday 2026-11-01: the change at 02:00 is before the 15:00 opening.
    expect(businessMinutesBetween(GITLAB_24X5, at('2026-11-01T00:00:00Z'), at('2026-11-08T00:00:00Z'))).toBe(7320);
    // Spring-forward Sunday 2026-03-08.
    expect(businessMinutesBetween(GITLAB_24X5, at('2026-03-08T00:00:00Z'), at('2026-03-15T00:00:00Z'))).toBe(7320);
  });

  it('B1#9 formatter: 59 min, 1 h, 1 h 30 min, 23 h 59 min, 24 h, 48 h, never days', () => {
    expect(formatBusinessDuration(59)).toBe('59 min');
    expect(formatBusinessDuration(60)).toBe('1 h');
    expect(formatBusinessDuration(90)).toBe('1 h 30 min');
    expect(formatBusinessDuration(1439)).toBe('23 h 59 min');
    expect(formatBusinessDuration(1440)).toBe('24 h');
    expect(formatBusinessDuration(2880)).toBe('48 h');
    expect(formatBusinessDuration(2905)).toBe('48 h 25 min');
  });

  it('B1#9 formatter: zero, rounding and overdue (negative) values', () => {
    expect(formatBusinessDuration(0)).toBe('0 min');
    expect(formatBusinessDuration(-0.2)).toBe('0 min');
    expect(formatBusinessDuration(59.6)).toBe('1 h');
    expect(formatBusinessDuration(-65)).toBe('-1 h 5 min');
    expect(formatBusinessDuration(-30)).toBe('-30 min');
    expect(() => formatBusinessDuration(Number.NaN)).toThrow(RangeError);
  });

  it('B1#10 a 120 h target displays as 120 h, the same for every view that formats minutes', () => {
    expect(formatBusinessDuration(7200)).toBe('120 h');
    const fiveDays = businessMinutesBetween(
      TWENTY_FOUR_SEVEN_LA,
      at('2026-06-01T07:00:00Z'),
      at('2026-06-06T07:00:00Z'),
    );
    expect(formatBusinessDuration(fiveDays)).toBe('120 h');
  });
});

describe('B2 time zones and DST', () => {
  it('B2#11 a 2006 ticket uses the offset then in force (EST until 2 April 2006), not today’s rules', () => {
    // 2006-03-20 13:30Z is 08:30 EST (pre-2007 US rules); under today's rules it would be 09:30 EDT and open.
    expect(isOpen(NINE_TO_FIVE_NY, at('2006-03-20T13:30:00Z'))).toBe(false);
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_NY, at('2006-03-20T13:30:00Z'), 60))).toBe('2006-03-20T15:00:00.000Z');
  });

  it('B2#11 business minutes across the 2026 spring change: Fri 09:00 EST → Mon 10:00 EDT = 9 h', () => {
    expect(businessMinutesBetween(NINE_TO_FIVE_NY, at('2026-03-06T14:00:00Z'), at('2026-03-09T14:00:00Z'))).toBe(540);
  });

  it('B2#12 São Paulo 2018: a deadline across the midnight spring-forward matches the tz database', () => {
    // Fri 2018-11-02 16:00 BRT + 2 h → Mon 2018-11-05 10:00 BRST (UTC−2), not 13:00Z as with the old offset.
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_SAO_PAULO, at('2018-11-02T19:00:00Z'), 120))).toBe(
      '2018-11-05T12:00:00.000Z',
    );
    // Fri 2019-02-15 16:00 BRST + 2 h → Mon 2019-02-18 10:00 BRT (UTC−3).
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_SAO_PAULO, at('2019-02-15T18:00:00Z'), 120))).toBe(
      '2019-02-18T13:00:00.000Z',
    );
  });

  it('B2#12 São Paulo: Sat 22:00–02:00 across the skipped midnight of 2018-11-04 lasts 3 real hours', () => {
    // 22:00 BRT = 01:00Z; midnight never happens, the clock jumps to 01:00 BRST at 03:00Z; 02:00 BRST = 04:00Z.
    expect(
      businessMinutesBetween(SAT_NIGHT_SAO_PAULO, at('2018-11-03T12:00:00Z'), at('2018-11-05T00:00:00Z')),
    ).toBe(180);
    expect(iso(addBusinessMinutes(SAT_NIGHT_SAO_PAULO, at('2018-11-04T01:00:00Z'), 150))).toBe(
      '2018-11-04T03:30:00.000Z',
    );
  });

  it('B2#13 elapsed time across a DST jump equals real elapsed time (01:49 → 03:15 is 26 min)', () => {
    // Los Angeles spring forward: 01:49 PST = 09:49Z, 03:15 PDT = 10:15Z.
    const la = TWENTY_FOUR_SEVEN_LA;
    expect(businessMinutesBetween(la, at('2026-03-08T09:49:00Z'), at('2026-03-08T10:15:00Z'))).toBe(26);
    // Los Angeles fall back: 01:30 PDT → 01:30 PST is a real hour.
    expect(businessMinutesBetween(la, at('2026-11-01T08:30:00Z'), at('2026-11-01T09:30:00Z'))).toBe(60);
    // Sydney spring forward (southern hemisphere): 01:49 AEST = 15:49Z, 03:15 AEDT = 16:15Z.
    expect(
      businessMinutesBetween(TWENTY_FOUR_SEVEN_SYDNEY, at('2026-10-03T15:49:00Z'), at('2026-10-03T16:15:00Z')),
    ).toBe(26);
    // Sydney fall back: 02:30 AEDT → 02:30 AEST.
    expect(
      businessMinutesBetween(TWENTY_FOUR_SEVEN_SYDNEY, at('2026-04-04T15:30:00Z'), at('2026-04-04T16:30:00Z')),
    ).toBe(60);
  });

  it('B2#13 spring forward, interval starting in the skipped hour (LA 02:30–04:00 opens at 03:00 PDT)', () => {
    expect(businessMinutesBetween(GAP_START_LA, at('2026-03-08T00:00:00Z'), at('2026-03-09T00:00:00Z'))).toBe(60);
    expect(isOpen(GAP_START_LA, at('2026-03-08T09:59:00Z'))).toBe(false);
    expect(isOpen(GAP_START_LA, at('2026-03-08T10:00:00Z'))).toBe(true);
    expect(iso(addBusinessMinutes(GAP_START_LA, at('2026-03-08T08:00:00Z'), 30))).toBe('2026-03-08T10:30:00.000Z');
    // A normal day keeps its 90 minutes.
    expect(businessMinutesBetween(GAP_START_LA, at('2026-03-09T00:00:00Z'), at('2026-03-10T00:00:00Z'))).toBe(90);
  });

  it('B2#13 spring forward, interval spanning the gap (LA 01:30–05:00 lasts 2 h 30 min on 2026-03-08)', () => {
    // 01:30 PST = 09:30Z → 05:00 PDT = 12:00Z.
    expect(iso(addBusinessMinutes(DST_NIGHT_LA, at('2026-03-08T09:00:00Z'), 150))).toBe('2026-03-08T12:00:00.000Z');
    // One more minute rolls over to the next night: 2026-03-09 01:30 PDT = 08:30Z, + 1 min.
    expect(iso(addBusinessMinutes(DST_NIGHT_LA, at('2026-03-08T09:00:00Z'), 151))).toBe('2026-03-09T08:31:00.000Z');
  });

  it('B2#13 fall back, interval starting in the repeated hour (LA 01:30–05:00 lasts 4 h 30 min on 2026-11-01)', () => {
    // Opens at the first 01:30 (PDT, 08:30Z) and closes at 05:00 PST (13:00Z).
    expect(businessMinutesBetween(DST_NIGHT_LA, at('2026-11-01T00:00:00Z'), at('2026-11-02T00:00:00Z'))).toBe(270);
    expect(iso(addBusinessMinutes(DST_NIGHT_LA, at('2026-11-01T08:00:00Z'), 240))).toBe('2026-11-01T12:30:00.000Z');
    // The second 01:45 (PST, 09:45Z) is inside the same open interval.
    expect(isOpen(DST_NIGHT_LA, at('2026-11-01T09:45:00Z'))).toBe(true);
  });

  it('B2#13 Sydney: interval starting in the skipped hour (2026-10-04) and in the repeated hour (2026-04-05)', () => {
    // Spring: 02:30 does not exist; opens at 03:00 AEDT (16:00Z), closes 04:00 AEDT (17:00Z).
    expect(businessMinutesBetween(GAP_START_SYDNEY, at('2026-10-03T14:00:00Z'), at('2026-10-04T13:00:00Z'))).toBe(60);
    expect(iso(nextOpening(GAP_START_SYDNEY, at('2026-10-03T14:00:00Z')))).toBe('2026-10-03T16:00:00.000Z');
    // Autumn: first 02:30 (AEDT, 15:30Z Apr 4) → 04:00 AEST (18:00Z) = 2 h 30 min.
    expect(businessMinutesBetween(GAP_START_SYDNEY, at('2026-04-04T13:00:00Z'), at('2026-04-05T13:00:00Z'))).toBe(150);
  });

  it('B2#13 9–5 deadlines across both LA changes land at the same local hour', () => {
    // Fri 2026-03-06 16:00 PST + 2 h → Mon 10:00 PDT (17:00Z).
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_LA, at('2026-03-07T00:00:00Z'), 120))).toBe('2026-03-09T17:00:00.000Z');
    // Fri 2026-10-30 16:00 PDT + 2 h → Mon 2026-11-02 10:00 PST (18:00Z).
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_LA, at('2026-10-30T23:00:00Z'), 120))).toBe('2026-11-02T18:00:00.000Z');
  });

  it('B2#14 same local hours in January (EST) and July (EDT)', () => {
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_NY, at('2026-01-16T21:30:00Z'), 60))).toBe('2026-01-19T14:30:00.000Z');
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_NY, at('2026-07-17T20:30:00Z'), 60))).toBe('2026-07-20T13:30:00.000Z');
    // 13:30Z is 08:30 EST (closed) in January but 09:30 EDT (open) in July.
    expect(isOpen(NINE_TO_FIVE_NY, at('2026-01-15T13:30:00Z'))).toBe(false);
    expect(isOpen(NINE_TO_FIVE_NY, at('2026-07-16T13:30:00Z'))).toBe(true);
  });

  it('B2#16 a span over a DST night counts instant-based time (24 real hours, not 25 wall-clock hours)', () => {
    // Sat 12:00 PST → Sun 13:00 PDT.
    expect(businessMinutesBetween(TWENTY_FOUR_SEVEN_LA, at('2026-03-07T20:00:00Z'), at('2026-03-08T20:00:00Z'))).toBe(
      1440,
    );
  });

  it('B2 localDateOf reads the date in the schedule zone, not UTC', () => {
    // 2026-11-28 03:00Z is still Friday evening in New York.
    expect(localDateOf(NINE_TO_FIVE_NY, at('2026-11-28T03:00:00Z'))).toBe('2026-11-27');
  });
});

describe('B3 holidays', () => {
  it('B3#18 only configured holidays count: Christmas on a schedule without holidays is a working day', () => {
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_NY, at('2026-12-25T15:00:00Z'), 60))).toBe('2026-12-25T16:00:00.000Z');
  });

  it('B3#19 a deadline over holidays skips them: Thu 24 Dec 11:30 + 1 h → Fri 1 Jan 09:30', () => {
    // 30 min before the 12:00 half-day cut-off, then Christmas and the 28–31 shutdown are closed.
    expect(iso(addBusinessMinutes(NINE_TO_FIVE_NY_HOLIDAYS, at('2026-12-24T16:30:00Z'), 60))).toBe(
      '2027-01-01T14:30:00.000Z',
    );
    expect(
      businessMinutesBetween(NINE_TO_FIVE_NY_HOLIDAYS, at('2026-12-25T00:00:00Z'), at('2027-01-01T00:00:00Z')),
    ).toBe(0);
  });

  it('B3#20 half-day holiday: Christmas Eve open 09:00–12:00 only', () => {
    expect(isOpen(NINE_TO_FIVE_NY_HOLIDAYS, at('2026-12-24T16:59:00Z'))).toBe(true);
    expect(isOpen(NINE_TO_FIVE_NY_HOLIDAYS, at('2026-12-24T17:00:00Z'))).toBe(false);
    expect(
      businessMinutesBetween(NINE_TO_FIVE_NY_HOLIDAYS, at('2026-12-24T05:00:00Z'), at('2026-12-25T05:00:00Z')),
    ).toBe(180);
  });

  it('B3#21 DST "events" in a holiday feed are ignored', () => {
    // "Daylight Saving Time ends" on Mon 2026-11-02 and "Summertime" on Mon 2026-03-09: both normal working days.
    expect(isOpen(NINE_TO_FIVE_NY_HOLIDAYS, at('2026-11-02T15:00:00Z'))).toBe(true);
    expect(isOpen(NINE_TO_FIVE_NY_HOLIDAYS, at('2026-03-09T14:00:00Z'))).toBe(true);
    expect(isDstEventName('Daylight Saving Time ends')).toBe(true);
    expect(isDstEventName('daylight-saving')).toBe(false);
    expect(isDstEventName('Daylight savings begin')).toBe(true);
    expect(isDstEventName('Summer Time starts')).toBe(true);
    expect(isDstEventName('DST')).toBe(true);
    expect(isDstEventName('Midsummer Eve')).toBe(false);
    expect(isDstEventName('Boxing Day')).toBe(false);
  });

  it('B3#22 the compiled form is cached per object; an edited copy is compiled afresh (no stale hours)', () => {
    expect(compileSchedule(NINE_TO_FIVE_UTC)).toBe(compileSchedule(NINE_TO_FIVE_UTC));
    const edited = { ...NINE_TO_FIVE_UTC, intervals: [{ day: 'mon' as const, start: '10:00', end: '17:00' }] };
    expect(isOpen(NINE_TO_FIVE_UTC, at('2026-11-30T09:30:00Z'))).toBe(true);
    expect(isOpen(edited, at('2026-11-30T09:30:00Z'))).toBe(false);
  });
});

describe('compileSchedule normalisation', () => {
  it('turns a 23:59 end into 24:00 and splits an overnight interval at midnight', () => {
    const compiled = compileSchedule(
      buildSchedule({
        id: 'norm',
        intervals: [
          { day: 'mon', start: '20:00', end: '23:59' },
          { day: 'sat', start: '22:00', end: '06:00' },
        ],
      }),
    );
    expect(compiled.weekly[1]).toEqual([[1200, 1440]]);
    expect(compiled.weekly[6]).toEqual([[1320, 1440]]);
    // Saturday's night shift wraps to Sunday morning.
    expect(compiled.weekly[0]).toEqual([[0, 360]]);
  });

  it('merges overlapping and touching intervals, drops empty ones', () => {
    const compiled = compileSchedule(
      buildSchedule({
        id: 'merge',
        intervals: [
          { day: 'tue', start: '13:00', end: '14:00' },
          { day: 'tue', start: '09:00', end: '12:00' },
          { day: 'tue', start: '11:00', end: '13:00' },
          { day: 'tue', start: '16:00', end: '17:00' },
          { day: 'wed', start: '10:00', end: '10:00' },
        ],
      }),
    );
    expect(compiled.weekly[2]).toEqual([
      [540, 840],
      [960, 1020],
    ]);
    expect(compiled.weekly[3]).toEqual([]);
    expect(compiled.neverOpen).toBe(false);
  });

  it('drops DST-named holidays and splits a partial holiday that crosses midnight', () => {
    const compiled = compileSchedule(
      buildSchedule({
        id: 'holidays',
        intervals: [{ day: 'mon', start: '00:00', end: '24:00' }],
        holidays: [
          { name: 'DST starts', date: '2026-03-08' },
          { name: 'Night works', date: '2026-11-29', start: '20:00', end: '02:00' },
        ],
      }),
    );
    expect(compiled.holidays.map((h) => h.closed)).toEqual([[[1200, 1440]], [[0, 120]]]);
    // Sun 2026-11-29 20:00 → Mon 02:00 closed; Monday opens at 02:00.
    expect(iso(nextOpening(compiled, at('2026-11-30T00:00:00Z')))).toBe('2026-11-30T02:00:00.000Z');
  });

  it('rejects a malformed schedule with a ZodError instead of computing nonsense', () => {
    expect(() => compileSchedule(buildSchedule({ id: 'bad', timeZone: 'Mars/Olympus_Mons' }))).toThrow(ZodError);
    expect(() =>
      compileSchedule(buildSchedule({ id: 'bad-time', intervals: [{ day: 'mon', start: '9:00', end: '17:00' }] })),
    ).toThrow(ZodError);
  });
});

describe('naive reference agrees with the engine on small budgets', () => {
  const schedules = [
    NINE_TO_FIVE_NY,
    NINE_TO_FIVE_NY_HOLIDAYS,
    GITLAB_24X5,
    SPLIT_SHIFT_UTC,
    OVERNIGHT_UTC,
    TUESDAY_ONLY_UTC,
    DST_NIGHT_LA,
    GAP_START_LA,
    SAT_NIGHT_SAO_PAULO,
  ];
  const starts = ['2026-03-07T23:00:00Z', '2026-10-31T20:17:00Z', '2026-12-23T21:00:00Z', '2018-11-03T00:00:00Z'];
  const budgets = [0, 1, 59, 151, 600];

  it.each(schedules.map((s) => [s.id, s] as const))('%s', (_id, schedule) => {
    for (const start of starts) {
      for (const m of budgets) {
        expect([start, m, iso(addBusinessMinutes(schedule, at(start), m))]).toEqual([
          start,
          m,
          iso(naiveAddBusinessMinutes(schedule, at(start), m)),
        ]);
      }
    }
  });
});
