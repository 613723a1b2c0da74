const MS_PER_DAY = 86_400_000;

const cache = new Map<string, Intl.DateTimeFormat>();

function partsOf(at: Date, zone: string, locale: 'en-GB' | 'en-US', zoneName: 'short' | 'shortGeneric'): Record<string, string> {
  const key = `${locale}|${zone}|${zoneName}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: zone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: zoneName,
    });
    cache.set(key, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(at)) out[p.type] = p.value;
  return out;
}

/**
 * A short zone name: "PT"/"ET" (en-US generic) where one exists, else "CET"/"BST" (en-GB), else whatever abbreviation
 * Intl has ("PST"), else the offset ("GMT+10"). Intl's abbreviations differ by locale, hence the cascade.
 */
function zoneLabel(at: Date, zone: string): string {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  const oneWord = (s: string | undefined) => s !== undefined && s !== '' && !s.includes(' ') && !s.startsWith('GMT');
  const candidates = [
    partsOf(at, zone, 'en-US', 'shortGeneric').timeZoneName,
    partsOf(at, zone, 'en-GB', 'short').timeZoneName,
    partsOf(at, zone, 'en-US', 'short').timeZoneName,
  ];
  return candidates.find(oneWord) ?? candidates[1] ?? zone;
}

/**
 * "Mon 14:00 PT"; with the date ("Mon 7 Dec 14:00 PT") when `at` is six days or more away from `now`, where a
 * weekday alone would be ambiguous.
 */
export function formatDueTime(at: Date, zone: string, now: Date): string {
  const p = partsOf(at, zone, 'en-GB', 'short');
  const time = `${p.hour}:${p.minute} ${zoneLabel(at, zone)}`;
  const far = Math.abs(at.getTime() - now.getTime()) >= 6 * MS_PER_DAY;
  return far ? `${p.weekday} ${p.day} ${p.month} ${time}` : `${p.weekday} ${time}`;
}
