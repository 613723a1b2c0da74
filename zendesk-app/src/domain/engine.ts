/**
 * The shared domain engine as the sidebar runs it in the browser with the bundled policy. Imported dynamically
 * (`loadEngine()`): needed for degraded mode, the save guard and the quick picks, never for the first paint.
 */
import { assess, guardSave, type Assessment, type PendingChange, type TicketSnapshot } from '@triage-assistant/shared';
import { LOCAL_POLICY } from './local';

export { dueTimeChoices } from './due-times';

/** The assessment computed in the browser with the bundled policy (service unreachable or slow). */
export function assessLocally(snapshot: TicketSnapshot, now: Date): Assessment {
  return assess(snapshot, LOCAL_POLICY, now);
}

export function guardLocally(snapshot: TicketSnapshot, pending: PendingChange, now: Date) {
  return guardSave(snapshot, LOCAL_POLICY, pending, now);
}
