import type { SlaState } from '@triage-assistant/shared';

/** Garden tag hue per state. */
export const STATE_HUE: Record<SlaState, string> = {
  none: 'grey',
  active: 'successHue',
  warning: 'warningHue',
  breached: 'dangerHue',
  achieved: 'successHue',
  paused: 'neutralHue',
};
