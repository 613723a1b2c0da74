/** The bundled GitLab policy and what the sidebar reads from it directly. */
import { GITLAB_POLICY } from './shared-core';

export const LOCAL_POLICY = GITLAB_POLICY;

/** The problem-type field of a form: the installation setting first, then the policy's form. */
export function problemTypeFieldFor(formId: number | null, fromSettings: Record<number, number>): number | null {
  if (formId === null) return null;
  return fromSettings[formId] ?? LOCAL_POLICY.forms.find((f) => f.id === formId)?.problemType?.fieldId ?? null;
}
