import fc from 'fast-check';
import { zoneLabel, zonedParts, type ZonedParts } from './zoned.js';

/** What `zonedParts` replaced: Intl's en-US parts for the same options. */
const intlFormatters = new Map<string, Intl.DateTimeFormat>();
function intlParts(at: Date, zone: string): ZonedParts {
  const f = intlFormatters.get(zone) ?? new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  intlFormatters.set(zone, f);
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(at)) out[p.type] = p.value;
  return {
    weekday: out['weekday'] ?? '',
    day: out['day'] ?? '',
    month: out['month'] ?? '',
    year: out['year'] ?? '',
    hour: out['hour'] ?? '',
    minute: out['minute'] ?? '',
  };
}

// Whole-hour, half-hour and 45-minute offsets, southern and northern DST, a 30-minute DST shift, no DST.
const ZONES = [
  'America/Los_Angeles',
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/St_Johns',
  'UTC',
] as const;

describe('zonedParts', () => {
  it('reads the wall clock of the zone: Fri 27 Nov 2026 16:10 in Los Angeles is 00:10 UTC on the 28th', () => {
    expect(zonedParts(new Date('2026-11-28T00:10:59.999Z'), 'America/Los_Angeles')).toEqual({
      weekday: 'Fri',
      day: '27',
      month: 'Nov',
      year: '2026',
      hour: '16',
      minute: '10',
    });
    expect(zonedParts(new Date('2026-03-01T05:05:00Z'), 'Asia/Kathmandu')).toEqual({
      weekday: 'Sun',
      day: '1',
      month: 'Mar',
      year: '2026',
      hour: '10',
      minute: '50',
    });
  });

  it('on both sides of DST changes: 01:59 PST then 03:00 PDT; 01:30 PDT then 01:30 PST', () => {
    const la = (iso: string) => {
      const p = zonedParts(new Date(iso), 'America/Los_Angeles');
      return `${p.weekday} ${p.day} ${p.month} ${p.hour}:${p.minute}`;
    };
    expect(la('2026-03-08T09:59:00Z')).toBe('Sun 8 Mar 01:59');
    expect(la('2026-03-08T10:00:00Z')).toBe('Sun 8 Mar 03:00');
    expect(la('2026-11-01T08:30:00Z')).toBe('Sun 1 Nov 01:30');
    expect(la('2026-11-01T09:30:00Z')).toBe('Sun 1 Nov 01:30');
    expect(la('2026-11-01T10:00:00Z')).toBe('Sun 1 Nov 02:00');
  });

  it('equals Intl.DateTimeFormat en-US parts on random instants (1990–2060) in zones with odd offsets and DST rules', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }),
        fc.constantFrom(...ZONES),
        (ms, zone) => {
          const at = new Date(ms);
          expect(zonedParts(at, zone)).toEqual(intlParts(at, zone));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('equals Intl within minutes of every 2026 DST change in its zones (the memoised offsets switch at the right slot)', () => {
    const shifts = new Map<string, number>();
    for (const zone of ZONES) {
      // Walk 2026 in 15-minute steps and compare wherever the offset (as Intl formats it) changes.
      let previous: string | undefined;
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 15 * 60_000) {
        const at = new Date(ms);
        const parts = intlParts(at, zone);
        const hm = `${parts.hour}:${parts.minute}`;
        const expectedShift = previous !== undefined && hm !== previous;
        previous = addQuarter(hm);
        if (!expectedShift) continue;
        shifts.set(zone, (shifts.get(zone) ?? 0) + 1);
        for (const delta of [-60_000, -1, 0, 1, 60_000, 59_999]) {
          const near = new Date(ms + delta);
          expect({ zone, at: near.toISOString(), parts: zonedParts(near, zone) }).toEqual({
            zone,
            at: near.toISOString(),
            parts: intlParts(near, zone),
          });
        }
      }
    }
    // Two changes a year where the zone has DST, none where it has not (so the walk really found them).
    expect(Object.fromEntries(shifts)).toEqual({
      'America/Los_Angeles': 2,
      'America/New_York': 2,
      'Europe/London': 2,
      'Europe/Berlin': 2,
      'Australia/Sydney': 2,
      'Australia/Lord_Howe': 2,
      'Pacific/Chatham': 2,
      'America/St_Johns': 2,
    });
  });

  it('refuses an invalid date and an unknown zone with a RangeError, as Intl does', () => {
    expect(() => zonedParts(new Date(NaN), 'UTC')).toThrow(RangeError);
    expect(() => zonedParts(new Date('2026-01-01T00:00:00Z'), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('zoneLabel', () => {
  it('names zones the way messages print them', () => {
    expect(zoneLabel(new Date('2026-07-01T12:00:00Z'), 'America/Los_Angeles')).toBe('PT');
    expect(zoneLabel(new Date('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe('CET');
    expect(zoneLabel(new Date('2026-07-15T12:00:00Z'), 'Europe/Berlin')).toBe('CEST');
    expect(zoneLabel(new Date('2026-07-15T12:00:00Z'), 'UTC')).toBe('UTC');
  });

  it('names the offset an older instant had in a zone whose rules changed since (its wall clock is printed with it)', () => {
    // São Paulo kept summer time until 2019: 12:00Z on 5 Nov 2018 was 10:00 at GMT-2; today it is GMT-3 all year.
    expect(zonedParts(new Date('2018-11-05T12:00:00Z'), 'America/Sao_Paulo').hour).toBe('10');
    expect(zoneLabel(new Date('2018-11-05T12:00:00Z'), 'America/Sao_Paulo')).toBe('GMT-2');
    expect(zoneLabel(new Date('2026-11-05T12:00:00Z'), 'America/Sao_Paulo')).toBe('GMT-3');
    // Tehran dropped summer time in 2022 (+04:30 then, +03:30 now).
    expect(zoneLabel(new Date('2021-07-01T06:00:00Z'), 'Asia/Tehran')).toBe('GMT+4:30');
    expect(zoneLabel(new Date('2026-07-01T06:00:00Z'), 'Asia/Tehran')).toBe('GMT+3:30');
    // Mexico City dropped it in 2022: "CST" all year now, a July 2021 instant was Central (daylight) time.
    expect(zoneLabel(new Date('2021-07-01T15:00:00Z'), 'America/Mexico_City')).toBe('CT');
    expect(zoneLabel(new Date('2026-07-01T15:00:00Z'), 'America/Mexico_City')).toBe('CST');
  });
});

/** "HH:MM" 15 minutes later on the same wall clock (no DST): what the next step reads when nothing changed. */
function addQuarter(hm: string): string {
  const [h, m] = hm.split(':').map(Number);
  const total = ((h ?? 0) * 60 + (m ?? 0) + 15) % 1440;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
