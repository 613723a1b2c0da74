/**
 * Wall-clock parts and short zone names of instants, in a given IANA zone (never the machine's). One place for
 * every human-readable time in the domain core, memoised: `formatToParts` costs ~10 µs and one assessment formats
 * the same few deadlines many times (it dominated the 10,000-assessment benchmark before this cache).
 */

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
const partsMemo = new Map<string, ZonedParts>();
const labelMemo = new Map<string, string>();
const stableLabels = new Map<string, string | null>();

function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (f === undefined) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

function remember<V>(memo: Map<string, V>, key: string, compute: () => V): V {
  let value = memo.get(key);
  if (value === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    value = compute();
    memo.set(key, value);
  }
  return value;
}

/** Weekday, day, month, year, hour and minute of `at` in `zone` (en-US short names, 24-hour clock). */
export function zonedParts(at: Date, zone: string): ZonedParts {
  return remember(partsMemo, `${zone}|${at.getTime()}`, () => {
    const f = formatter(`parts|${zone}`, () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
    );
    const out: Record<string, string> = {};
    for (const p of f.formatToParts(at)) out[p.type] = p.value;
    return {
      weekday: out.weekday ?? '',
      day: out.day ?? '',
      month: out.month ?? '',
      year: out.year ?? '',
      hour: out.hour ?? '',
      minute: out.minute ?? '',
    };
  });
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
    const january = computeLabel(new Date(Date.UTC(2026, 0, 15)), zone);
    stable = january === computeLabel(new Date(Date.UTC(2026, 6, 15)), zone) ? january : null;
    stableLabels.set(zone, stable);
  }
  if (stable !== null) return stable;
  // Zones whose name changes with DST ("CET"/"CEST") are looked up per instant.
  return remember(labelMemo, `${zone}|${at.getTime()}`, () => computeLabel(at, zone));
}
