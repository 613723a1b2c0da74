/**
 * Wall-clock parts and short zone names of instants, in a given IANA zone (never the machine's). One place for
 * every human-readable time in the domain core.
 *
 * The parts are computed from the zone's UTC offset (`offsetMs`, memoised per 15-minute slot of UTC) rather than by
 * `Intl.DateTimeFormat#formatToParts` (~10 µs a call): one assessment formats a dozen instants, and a memo of
 * formatted instants missed on most of them across a queue (BENCHMARKS.md (b)). `zoned.test.ts` checks the result
 * equals Intl's en-US parts on random instants in zones with odd offsets and DST rules.
 */
import { offsetMs } from '../business-time/zone-time.js';
import { WEEKDAYS } from '../schemas/common.js';

/** Wall-clock fields of an instant in a zone, as Intl writes them (en-US): "Fri", "27", "Nov", "2026", "16", "10". */
export interface ZonedParts {
  weekday: string;
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
}

const MEMO_LIMIT = 20_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const labelMemo = new Map<string, string>();
/** Per zone: the label it has all through 2026 and the offsets it has then, or null when the label changes with DST. */
const stableLabels = new Map<string, { label: string; offsets: readonly [number, number] } | null>();

/** Intl's en-US short weekday names, Sunday first like `getUTCDay` and the schedules' `WEEKDAYS`. */
const WEEKDAY_NAMES = WEEKDAYS.map((d) => d.charAt(0).toUpperCase() + d.slice(1));
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const twoDigits = (n: number) => (n < 10 ? `0${n}` : String(n));

function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (f === undefined) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

/**
 * Weekday, day, month, year, hour and minute of `at` in `zone` (en-US short names, 24-hour clock, seconds
 * truncated). Throws RangeError for an invalid date or an unknown zone, as Intl does.
 */
export function zonedParts(at: Date, zone: string): ZonedParts {
  const ms = at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid time value');
  // A Date whose UTC fields read the zone's wall clock.
  const wall = new Date(ms + offsetMs(zone, ms));
  return {
    weekday: WEEKDAY_NAMES[wall.getUTCDay()] ?? '',
    day: String(wall.getUTCDate()),
    month: MONTHS[wall.getUTCMonth()] ?? '',
    year: String(wall.getUTCFullYear()),
    hour: twoDigits(wall.getUTCHours()),
    minute: twoDigits(wall.getUTCMinutes()),
  };
}

function zoneNameOf(at: Date, zone: string, locale: 'en-US' | 'en-GB', style: 'short' | 'shortGeneric'): string | undefined {
  const f = formatter(`name|${locale}|${style}|${zone}`, () =>
    new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: style }),
  );
  return f.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
}

function computeLabel(at: Date, zone: string): string {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  const oneWord = (s: string | undefined): s is string =>
    s !== undefined && s !== '' && !s.includes(' ') && !s.startsWith('GMT') && !s.startsWith('UTC');
  // Intl's abbreviations differ by locale: en-US has the generic "PT"/"ET", en-GB has "CET"/"BST".
  const candidates = [
    zoneNameOf(at, zone, 'en-US', 'shortGeneric'),
    zoneNameOf(at, zone, 'en-GB', 'short'),
    zoneNameOf(at, zone, 'en-US', 'short'),
  ];
  return candidates.find(oneWord) ?? candidates[1] ?? zone;
}

/**
 * A short zone name for `at`: "PT"/"ET" where a generic one exists (the same all year), else "CET"/"CEST"/"BST",
 * else the offset ("GMT+10"); "UTC" for UTC.
 */
export function zoneLabel(at: Date, zone: string): string {
  let stable = stableLabels.get(zone);
  if (stable === undefined) {
    const [january, july] = [Date.UTC(2026, 0, 15), Date.UTC(2026, 6, 15)];
    const label = computeLabel(new Date(january), zone);
    stable = label === computeLabel(new Date(july), zone) ? { label, offsets: [offsetMs(zone, january), offsetMs(zone, july)] } : null;
    stableLabels.set(zone, stable);
  }
  // Only under the offsets it was read at: a zone whose rules changed ("GMT-3" in São Paulo since 2019, "GMT-2" in
  // its summers before) would otherwise print an older instant's wall clock with today's offset, an hour off.
  const offset = stable === null ? 0 : offsetMs(zone, at.getTime());
  if (stable !== null && (offset === stable.offsets[0] || offset === stable.offsets[1])) return stable.label;
  // Zones whose name changes with DST ("CET"/"CEST"), and instants under other rules, are looked up per instant.
  const key = `${zone}|${at.getTime()}`;
  let label = labelMemo.get(key);
  if (label === undefined) {
    if (labelMemo.size >= MEMO_LIMIT) labelMemo.clear();
    label = computeLabel(at, zone);
    labelMemo.set(key, label);
  }
  return label;
}
