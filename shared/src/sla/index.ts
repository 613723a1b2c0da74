/**
 * SLA engine: which plan applies, and per metric (first reply, next reply, periodic update) the clock's state,
 * deadline, business time left, reminders and a one-line explanation. Pure: `now` is always a parameter.
 */
export { resolvePlan, type PlanResolution } from './plan.js';
export { slaStatuses } from './engine.js';
export { withUnsavedChange } from './timeline.js';
export { liveSlaState, runningClockState } from './state.js';
export { liveBusinessMinutesLeft } from './business-left.js';
export { previewDeadline, type DeadlineChangeRequest, type DeadlinePreview } from './preview.js';
export { displayZone, formatSlaInstant, policyZone } from './format.js';
