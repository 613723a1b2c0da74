/**
 * The shared domain core the sidebar runs in the browser: the bundled GitLab policy for degraded mode and the
 * save-time guard. Kept in one module so the lazy sidebar chunk is the only one that pulls it in.
 */
import { assess, guardSave, GITLAB_POLICY, type Assessment, type PendingChange, type TicketSnapshot } from '@triage-assistant/shared';

export const LOCAL_POLICY = GITLAB_POLICY;

/** The assessment computed in the browser with the bundled policy (service unreachable or slow). */
export function assessLocally(snapshot: TicketSnapshot, now: Date): Assessment {
  return assess(snapshot, LOCAL_POLICY, now);
}

export function guardLocally(snapshot: TicketSnapshot, pending: PendingChange, now: Date) {
  return guardSave(snapshot, LOCAL_POLICY, pending, now);
}

/** The problem-type field of a form: the installation setting first, then the policy's form. */
export function problemTypeFieldFor(formId: number | null, fromSettings: Record<number, number>): number | null {
  if (formId === null) return null;
  return fromSettings[formId] ?? LOCAL_POLICY.forms.find((f) => f.id === formId)?.problemType?.fieldId ?? null;
}
