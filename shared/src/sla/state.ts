import type { SlaState, SlaStatus } from '../schemas/assessment.js';

const MS_PER_MINUTE = 60_000;

/**
 * The state of a running clock at `nowMs`: `breached` from the deadline on, `warning` when the deadline is at most
 * `warningWindowMinutes` wall-clock minutes away, else `active`. The one rule behind the engine's states and the
 * sidebar's live countdown.
 */
export function runningClockState(dueMs: number, nowMs: number, warningWindowMinutes: number): 'active' | 'warning' | 'breached' {
  if (nowMs >= dueMs) return 'breached';
  return dueMs - nowMs <= warningWindowMinutes * MS_PER_MINUTE ? 'warning' : 'active';
}

/**
 * An assessed status moved on to `now` without re-assessing (a countdown ticking in the sidebar): an `active` or
 * `warning` clock becomes `warning` or `breached` as time passes its window and deadline. Other states (achieved,
 * paused, none, breached) and statuses without a deadline stay as assessed.
 */
export function liveSlaState(status: Pick<SlaStatus, 'state' | 'dueAt'>, now: Date, warningWindowMinutes: number): SlaState {
  if ((status.state !== 'active' && status.state !== 'warning') || status.dueAt === null) return status.state;
  return runningClockState(Date.parse(status.dueAt), now.getTime(), warningWindowMinutes);
}
