/** Intl formatting in the agent's locale and time zone. */

/**
 * ZAF's `currentUser.timeZone` is an object (`{ianaName: 'America/Los_Angeles', name, offset, …}`) in current
 * Zendesk and a plain string in older docs and fixtures: accept both, fall back to UTC.
 */
export function agentTimeZone(value: unknown): string {
  const candidate =
    typeof value === 'string' ? value : value && typeof value === 'object' ? (value as { ianaName?: unknown }).ianaName : undefined;
  if (typeof candidate === 'string' && candidate.length > 0) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: candidate });
      return candidate;
    } catch {
      return 'UTC';
    }
  }
  return 'UTC';
}

/** A locale Intl accepts, else `en-US`. */
export function safeLocale(locale: unknown): string {
  if (typeof locale !== 'string' || locale.length === 0) return 'en-US';
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en-US';
  } catch {
    return 'en-US';
  }
}

/** "Fri, Nov 27, 4:10 PM PST" in the agent's locale and zone. */
export function formatDateTime(iso: string | Date, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(typeof iso === 'string' ? new Date(iso) : iso);
}

/**
 * Wall-clock countdown `H:MM:SS` (sign dropped; the caller says "left" or "overdue"). Partial seconds round up, so
 * "0:00:00 left" never shows while time remains.
 */
export function formatClock(ms: number): string {
  const total = Math.ceil(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** Offset of `zone` from UTC at `instant`, in minutes. */
function zoneOffsetMinutes(instant: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - instant.getTime()) / 60000);
}

/**
 * A `datetime-local` value (`2026-11-27T16:30`) read as wall-clock time in `zone` → the instant. In a DST gap the
 * result moves forward by the gap, like Zendesk's own pickers.
 */
export function zonedLocalToInstant(local: string, zone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  // Two passes settle the offset across a DST change near the guess.
  const first = guess - zoneOffsetMinutes(new Date(guess), zone) * 60000;
  const second = guess - zoneOffsetMinutes(new Date(first), zone) * 60000;
  if (first === second) return new Date(second);
  // The two offsets differ: near a change one candidate reads back as the time typed; in a spring-forward gap neither
  // does, and the later one is the time moved forward by the gap (which of the two is later depends on the zone's
  // side of UTC: taking the second pass moved Los Angeles's 02:30 back to 01:30 PST).
  for (const candidate of [second, first]) if (instantToZonedLocal(new Date(candidate), zone) === local) return new Date(candidate);
  return new Date(Math.max(first, second));
}

/** The instant as a `datetime-local` value in `zone`. */
export function instantToZonedLocal(instant: Date, zone: string): string {
  const shifted = new Date(instant.getTime() + zoneOffsetMinutes(instant, zone) * 60000);
  return shifted.toISOString().slice(0, 16);
}

/** An ISO-8601 UTC instant as the service writes them into reminder texts (`2026-11-27T17:00:00.000Z`). */
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?Z\b/g;

/**
 * A service-written text with each UTC instant in it rewritten in the agent's locale and time zone. The service writes
 * reminders once for whoever reads them and does not know their zone, so it writes instants as ISO-8601 UTC; the
 * agent reads "Fri, Nov 27, 9:00 AM PST", not "2026-11-27T17:00:00.000Z".
 */
export function localizeInstants(text: string, locale: string, timeZone: string): string {
  return text.replace(ISO_INSTANT, (iso) => {
    const at = new Date(iso);
    return Number.isNaN(at.getTime()) ? iso : formatDateTime(at, locale, timeZone);
  });
}
