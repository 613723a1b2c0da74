import { businessMinutesBetween } from '../business-time/arithmetic.js';
import type { SlaStatus } from '../schemas/assessment.js';
import { CALENDAR, type Policy } from '../schemas/policy.js';

/**
 * Business minutes from `now` to a running clock's deadline, on the schedule its target runs on (24/7 for
 * `calendar`): the status's `businessMinutesLeft` moved on to `now` without re-assessing, as a sidebar left open shows
 * it. Null when it cannot be told: no running clock or deadline, or a schedule `policy` does not have. Not in state.ts
 * on purpose: that module is in the sidebar's first paint, and this one brings the business-time arithmetic.
 */
export function liveBusinessMinutesLeft(status: Pick<SlaStatus, 'state' | 'dueAt' | 'target'>, policy: Policy, now: Date): number | null {
  if ((status.state !== 'active' && status.state !== 'warning') || status.dueAt === null || status.target === null) return null;
  const dueMs = Date.parse(status.dueAt);
  if (dueMs <= now.getTime()) return 0;
  if (status.target.schedule === CALENDAR) return (dueMs - now.getTime()) / 60_000;
  const schedule = policy.schedules.find((s) => s.id === status.target!.schedule);
  return schedule === undefined ? null : businessMinutesBetween(schedule, now, new Date(dueMs));
}
