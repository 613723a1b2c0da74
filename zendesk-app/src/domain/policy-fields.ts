/**
 * Which custom fields a ticket is read through, from a policy and the installation's settings. No zod here: the
 * sidebar's first read (first-assessment.ts) uses these before the schema chunk has loaded; local.ts applies them to
 * the local policy.
 */
import type { Policy } from '@triage-assistant/shared';
import type { AppSettings } from '../zaf/settings';

/** Where the sidebar keeps the service's policy between sessions (policy-sync.ts). */
export const POLICY_STORAGE_KEY = 'triage-assistant.service-policy';

/** The parts of a policy that name fields. */
export type PolicyFields = Pick<Policy, 'fields' | 'forms'>;

/** The custom fields a ticket is read through: the fields the installation named, else the policy's. */
export interface FieldsRead {
  severityFieldId: number | null;
  regionFieldId: number | null;
  /** Every problem-type field: the settings' per-form ids and each policy form's own. */
  problemTypeFieldIds: number[];
}

/** The problem-type field of a form: the installation setting first, then the policy's form. */
export function problemTypeFieldIn(policy: PolicyFields, formId: number | null, fromSettings: Record<number, number>): number | null {
  if (formId === null) return null;
  return fromSettings[formId] ?? policy.forms.find((f) => f.id === formId)?.problemType?.fieldId ?? null;
}

export function fieldsReadFrom(
  policy: PolicyFields,
  settings: Pick<AppSettings, 'namedFields' | 'severityFieldId' | 'regionFieldId' | 'problemTypeFieldIds'>,
): FieldsRead {
  return {
    severityFieldId: settings.namedFields.severity ? settings.severityFieldId : policy.fields.customerSeverity,
    regionFieldId: settings.namedFields.region ? settings.regionFieldId : policy.fields.preferredRegion,
    problemTypeFieldIds: [
      ...Object.values(settings.problemTypeFieldIds),
      ...policy.forms.flatMap((form) => (form.problemType ? [form.problemType.fieldId] : [])),
    ],
  };
}
