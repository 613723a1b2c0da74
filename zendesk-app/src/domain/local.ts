/**
 * The policy the sidebar runs itself: offline assessment, the save guard, the due-time quick picks, the fix dialog's
 * forms and each form's problem-type field. It is the service's policy once the sidebar knows it (policy-sync.ts),
 * else the bundled GitLab policy. Without this, an account on its own POLICY_FILE had a save guard and a fix dialog
 * that followed GitLab's forms while the service followed the account's.
 */
import type { Policy } from '@triage-assistant/shared';
import { GITLAB_POLICY } from './shared-core';
import { fieldsReadFrom, problemTypeFieldIn, type FieldsRead } from './policy-fields';

export type { FieldsRead } from './policy-fields';

let fromService: Policy | null = null;

export function localPolicy(): Policy {
  return fromService ?? GITLAB_POLICY;
}

/** `null`: back to the bundled policy (the service runs it). */
export function setServicePolicy(policy: Policy | null): void {
  fromService = policy;
}

/** The problem-type field of a form: the installation setting first, then the local policy's form. */
export function problemTypeFieldFor(formId: number | null, fromSettings: Record<number, number>): number | null {
  return problemTypeFieldIn(localPolicy(), formId, fromSettings);
}

/** The custom fields a ticket is read through: the fields the installation named, else the local policy's. */
export function fieldsRead(settings: Parameters<typeof fieldsReadFrom>[1]): FieldsRead {
  return fieldsReadFrom(localPolicy(), settings);
}
