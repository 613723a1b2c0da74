/**
 * The shared domain engine as the sidebar runs it in the browser with the local policy (the service's when known, else the bundled one). Imported dynamically
 * (`loadEngine()`): needed for degraded mode, the save guard and the quick picks, never for the first paint.
 */
import type { Assessment, PendingChange, TicketSnapshot } from '@triage-assistant/shared';
import { assess } from '@triage-assistant/shared/src/assess.js';
import { guardSave } from '@triage-assistant/shared/src/triage/guard.js';
import { localPolicy } from './local';

export { dueTimeChoices } from './due-times';
export { pendingChangeFrom } from '../ticket/pending-change';

/** The assessment computed in the browser with the local policy (the service's when known, else the bundled one) (service unreachable or slow). */
export function assessLocally(snapshot: TicketSnapshot, now: Date): Assessment {
  return assess(snapshot, localPolicy(), now);
}

export function guardLocally(snapshot: TicketSnapshot, pending: PendingChange, now: Date) {
  return guardSave(snapshot, localPolicy(), pending, now);
}
