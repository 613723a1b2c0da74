/**
 * @triage-assistant/shared — the pure domain core the service and the sidebar both run.
 * No I/O and no clock reads: every function that depends on time takes `now`.
 */
export * from './schemas/common.js';
export * from './schemas/schedule.js';
export * from './schemas/ticket.js';
export * from './schemas/policy.js';
export * from './schemas/commitment.js';
export * from './schemas/assessment.js';
export * from './schemas/api.js';
export * from './schemas/instant-window.js';
export * from './validation.js';
export * from './policy/index.js';
export * from './business-time/index.js';
export * from './sla/index.js';
export * from './triage/index.js';
export * from './commitments/index.js';
export * from './assess.js';
