/**
 * The shared domain engine as the sidebar runs it in the browser with the local policy (the service's when known, else the bundled one). Imported dynamically
 * (`loadEngine()`): needed for degraded mode, the save guard, the quick picks and the live business time left, never for the first paint.
 */
import type { Assessment, PendingChange, SlaStatus, TicketSnapshot } from '@triage-assistant/shared';
import { businessMinutesBetween } from '@triage-assistant/shared/src/business-time/arithmetic.js';
import { CALENDAR } from '@triage-assistant/shared/src/schemas/policy.js';
import { assess } from '@triage-assistant/shared/src/assess.js';
import { guardSave } from '@triage-assistant/shared/src/triage/guard.js';
import { localPolicy } from './local';

export { dueTimeChoices } from './due-times';
export { localPolicy } from './local';
export { pendingChangeFrom } from '../ticket/pending-change';

/** The assessment computed in the browser with the local policy (the service's when known, else the bundled one) (service unreachable or slow). */
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

/**
 * Business minutes from `now` to a running clock's deadline, on the schedule its target runs on: what the SLA row
 * shows as "business time left" while the sidebar stays open (the assessment's figure is as of its own instant).
 * Null when it cannot be told here (no running clock, or a schedule the local policy does not have): the row keeps
 * the assessed figure.
 */
export function businessMinutesLeft(status: SlaStatus, now: Date): number | null {
  if ((status.state !== 'active' && status.state !== 'warning') || status.dueAt === null || status.target === null) return null;
  const due = new Date(status.dueAt);
  if (due.getTime() <= now.getTime()) return 0;
  if (status.target.schedule === CALENDAR) return (due.getTime() - now.getTime()) / 60_000;
  const schedule = localPolicy().schedules.find((s) => s.id === status.target!.schedule);
  return schedule === undefined ? null : businessMinutesBetween(schedule, now, due);
}
