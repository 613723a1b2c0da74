import type { SlaState, SlaStatus } from '@triage-assistant/shared';

/**
 * The state to show at `now`: the assessment's state, moved on locally as the clock passes the warning window and
 * the deadline (no request per tick). Terminal states (achieved, paused, none, breached) stay as assessed.
 */
export function liveSlaState(status: Pick<SlaStatus, 'state' | 'dueAt'>, now: Date, warningWindowMinutes: number): SlaState {
  if ((status.state !== 'active' && status.state !== 'warning') || status.dueAt === null) return status.state;
  const left = Date.parse(status.dueAt) - now.getTime();
  if (left <= 0) return 'breached';
  if (left <= warningWindowMinutes * 60_000) return 'warning';
  return 'active';
}

/** Garden tag hue per state. */
export const STATE_HUE: Record<SlaState, string> = {
  none: 'grey',
  active: 'successHue',
  warning: 'warningHue',
  breached: 'dangerHue',
  achieved: 'successHue',
  paused: 'neutralHue',
};
