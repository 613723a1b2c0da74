/**
 * What the sidebar needs from shared before its first paint, imported by deep path rather than through shared's
 * barrel (`@triage-assistant/shared`): the barrel re-exports the whole engine, and a static edge to it would pull
 * the SLA/triage engine into the initial chunk. The engine is loaded on demand through `domain/engine.ts`.
 * Type-only imports may keep using the barrel (they are erased).
 */
export * from '@triage-assistant/shared/src/schemas/common.js';
export * from '@triage-assistant/shared/src/schemas/ticket.js';
export * from '@triage-assistant/shared/src/schemas/assessment.js';
export * from '@triage-assistant/shared/src/schemas/commitment.js';
export * from '@triage-assistant/shared/src/schemas/api.js';
export { formatBusinessDuration } from '@triage-assistant/shared/src/business-time/format.js';
export { GITLAB_POLICY } from '@triage-assistant/shared/src/policy/default-policy.js';
