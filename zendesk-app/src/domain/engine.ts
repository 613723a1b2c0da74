/**
 * The shared domain engine as the sidebar runs it in the browser, on the local policy (the service's when known, else
 * the bundled one). Imported dynamically (`loadEngine()`): needed for degraded mode, the save guard, the quick picks
 * and the live business time left, never for the first paint.
 */
import type { Assessment, PendingChange, SlaStatus, TicketSnapshot } from '@triage-assistant/shared';
import { liveBusinessMinutesLeft } from '@triage-assistant/shared/src/sla/business-left.js';
import { assess } from '@triage-assistant/shared/src/assess.js';
import { guardSave } from '@triage-assistant/shared/src/triage/guard.js';
import { localPolicy } from './local';

export { dueTimeChoices } from './due-times';
export { localPolicy } from './local';
export { pendingChangeFrom } from '../ticket/pending-change';

/** The assessment computed in the browser on the local policy (service unreachable or slow). */
export function assessLocally(snapshot: TicketSnapshot, now: Date): Assessment {
  return assess(snapshot, localPolicy(), now);
}

export function guardLocally(snapshot: TicketSnapshot, pending: PendingChange, now: Date) {
  return guardSave(snapshot, localPolicy(), pending, now);
}

/**
 * {@link businessMinutesLeft} when the assessment was made with the policy the sidebar runs; undefined otherwise (the
 * same schedule id may have other hours in another policy: the row keeps the service's figure).
 */
export function businessLeftFor(policy: { name: string; version: number }): typeof businessMinutesLeft | undefined {
  const local = localPolicy();
  return policy.name === local.name && policy.version === local.version ? businessMinutesLeft : undefined;
}

/** The status's business time left moved on to `now` on the local policy's schedules (shared `liveBusinessMinutesLeft`). */
export function businessMinutesLeft(status: SlaStatus, now: Date): number | null {
  return liveBusinessMinutesLeft(status, localPolicy(), now);
}
