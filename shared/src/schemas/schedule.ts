import { z } from 'zod';
import { LocalDateSchema, LocalTimeSchema, TimeZoneSchema, WeekdaySchema } from './common.js';

/**
 * One weekly open interval in the schedule's zone. `end` may be `24:00`; `23:59` as an end is read as `24:00`
 * (the 24/7-loses-a-minute bug). An `end` earlier than `start` crosses midnight into the next day (22:00–06:00).
 */
export const ScheduleIntervalSchema = z.object({
  day: WeekdaySchema,
  start: LocalTimeSchema,
  end: LocalTimeSchema,
});
export type ScheduleInterval = z.infer<typeof ScheduleIntervalSchema>;

/**
 * A holiday: closed for the whole local date (through `endDate` when given), or only between `start` and `end`
 * on that date when both are given (a partial holiday such as Christmas Eve afternoon).
 */
export const HolidaySchema = z
  .object({
    name: z.string().min(1),
    date: LocalDateSchema,
    endDate: LocalDateSchema.optional(),
    start: LocalTimeSchema.optional(),
    end: LocalTimeSchema.optional(),
  })
  .refine((h) => (h.start === undefined) === (h.end === undefined), {
    message: 'a partial holiday needs both start and end',
    path: ['end'],
  })
  .refine((h) => h.endDate === undefined || h.endDate >= h.date, {
    message: 'endDate must not be before date',
    path: ['endDate'],
  });
export type Holiday = z.infer<typeof HolidaySchema>;

/** A business-hours schedule: IANA zone, weekly intervals, holidays. */
export const ScheduleSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  timeZone: TimeZoneSchema,
  intervals: z.array(ScheduleIntervalSchema),
  holidays: z.array(HolidaySchema).default([]),
  source: z.url().optional(),
});
export type Schedule = z.infer<typeof ScheduleSchema>;
/** What callers may write (holidays optional). */
export type ScheduleInput = z.input<typeof ScheduleSchema>;
