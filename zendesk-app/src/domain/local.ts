/**
 * The policy the sidebar runs itself: offline assessment, the save guard, the due-time quick picks, the fix dialog's
 * forms and each form's problem-type field. It is the service's policy once the sidebar knows it (policy-sync.ts),
 * else the bundled GitLab policy. Without this, an account on its own POLICY_FILE had a save guard and a fix dialog
 * that followed GitLab's forms while the service followed the account's.
 */
import type { Policy } from '@triage-assistant/shared';
import type { AppSettings } from '../zaf/settings';
import { GITLAB_POLICY } from './shared-core';

let fromService: Policy | null = null;

export function localPolicy(): Policy {
  return fromService ?? GITLAB_POLICY;
}

/** `null`: back to the bundled policy (the service runs it). */
export function setServicePolicy(policy: Policy | null): void {
  fromService = policy;
}

/** The problem-type field of a form: the installation setting first, then the policy's form. */
export function problemTypeFieldFor(formId: number | null, fromSettings: Record<number, number>): number | null {
  if (formId === null) return null;
  return fromSettings[formId] ?? localPolicy().forms.find((f) => f.id === formId)?.problemType?.fieldId ?? null;
}

/** The custom fields a ticket is read through: the fields the installation named, else the local policy's. */
export interface FieldsRead {
  severityFieldId: number | null;
  regionFieldId: number | null;
  /** Every problem-type field: the settings' per-form ids and each policy form's own. */
  problemTypeFieldIds: number[];
}

export function fieldsRead(settings: Pick<AppSettings, 'namedFields' | 'severityFieldId' | 'regionFieldId' | 'problemTypeFieldIds'>): FieldsRead {
  const policy = localPolicy();
  return {
    severityFieldId: settings.namedFields.severity ? settings.severityFieldId : policy.fields.customerSeverity,
    regionFieldId: settings.namedFields.region ? settings.regionFieldId : policy.fields.preferredRegion,
    problemTypeFieldIds: [
      ...Object.values(settings.problemTypeFieldIds),
      ...policy.forms.flatMap((form) => (form.problemType ? [form.problemType.fieldId] : [])),
    ],
  };
}
