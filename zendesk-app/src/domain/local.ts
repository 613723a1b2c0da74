/**
 * The bundled GitLab policy: which field holds a form's problem type. The engine itself (assess, guard, due-time
 * picks) lives in `engine.ts`, loaded on demand so it stays out of the sidebar's initial JS.
 */
import { GITLAB_POLICY } from '@triage-assistant/shared';

export const LOCAL_POLICY = GITLAB_POLICY;

/** The problem-type field of a form: the installation setting first, then the policy's form. */
export function problemTypeFieldFor(formId: number | null, fromSettings: Record<number, number>): number | null {
  if (formId === null) return null;
  return fromSettings[formId] ?? LOCAL_POLICY.forms.find((f) => f.id === formId)?.problemType?.fieldId ?? null;
}

/** Loads the shared engine chunk (degraded-mode assessment, save guard, due-time quick picks). */
export const loadEngine = () => import('./engine');
