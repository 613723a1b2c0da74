import { z } from 'zod';

const EARLIEST_INSTANT_MS = Date.parse('0001-01-01T00:00:00Z');
const LATEST_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Within the years 0001–9999 in UTC. Outside them PostgreSQL refuses the value (it has no year 0) or cannot read it
 * (`toISOString()` writes year 10000 as `+010000-…`). Only the first and last days of that range can fall outside
 * once the offset is applied, so the rest skip the parse: snapshots carry many instants and this runs on each.
 */
function withinStorableYears(iso: string): boolean {
  if (!iso.startsWith('0000') && !iso.startsWith('0001-01-01') && !iso.startsWith('9999-12-31')) return true;
  const ms = Date.parse(iso);
  return ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS;
}

/** An instant on the timeline, written as ISO-8601 with an offset or `Z` (e.g. `2026-11-27T16:10:00Z`). */
export const InstantSchema = z.iso
  .datetime({ offset: true })
  .refine(withinStorableYears, 'expected an instant between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in UTC');
export type Instant = z.infer<typeof InstantSchema>;

/** A local wall-clock time `HH:MM`; `24:00` is allowed as the end of a day. */
export const LocalTimeSchema = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected a time as HH:MM (00:00 to 24:00)');
export type LocalTime = z.infer<typeof LocalTimeSchema>;

/** A calendar date `YYYY-MM-DD` in the schedule's own time zone. */
export const LocalDateSchema = z.iso.date();
export type LocalDate = z.infer<typeof LocalDateSchema>;

/** An IANA time-zone name (`America/Los_Angeles`), checked against the runtime's Intl database. */
export const TimeZoneSchema = z.string().refine(isValidTimeZone, {
  message: 'expected an IANA time zone such as America/Los_Angeles',
});

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const PrioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof PrioritySchema>;

export const TICKET_STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;
export const TicketStatusSchema = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatusSchema>;

/**
 * Solved or closed: the SLA clocks stop, no reply or update is due, a commitment is closed and none can be set. One
 * rule for the engine, the service's commitment and reminder checks and the webhook, so they cannot drift apart.
 */
export function isFinishedStatus(status: string | null | undefined): boolean {
  return status === 'solved' || status === 'closed';
}

/** SLA metrics the engine computes (names as Zendesk's `policy_metrics[].metric`). */
export const SLA_METRICS = ['first_reply_time', 'next_reply_time', 'periodic_update_time'] as const;
export const SlaMetricSchema = z.enum(SLA_METRICS);
export type SlaMetric = z.infer<typeof SlaMetricSchema>;

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export const WeekdaySchema = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof WeekdaySchema>;

/** A source reference: every number in a policy says where it comes from. */
export const SourceSchema = z.url();

const DECIMAL_ID = /^[1-9]\d{0,15}$/;

/**
 * A Zendesk id written as text (a path segment, a webhook placeholder) or as a JSON number. Only plain decimal
 * digits are read as a number: `z.coerce.number()` took "0x10", "1e3", " 12", `true` and `[5]` as ids, so a typo
 * reached Zendesk as some other ticket. zod's `int()` also keeps ids within JavaScript's safe integers (Zendesk's are far below).
 */
export const TextIdSchema = z.preprocess(
  (v) => (typeof v === 'string' && DECIMAL_ID.test(v) ? Number(v) : v),
  z
    .number({ error: 'expected a positive whole number (decimal digits only)' })
    .int({ error: 'expected a positive whole number (decimal digits only)' })
    .positive({ error: 'expected a positive whole number (decimal digits only)' }),
);
