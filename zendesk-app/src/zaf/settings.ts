import { fields as policyFields } from '@triage-assistant/shared/src/policy/gitlab.policy.json';

/** Installation settings (manifest `parameters`) parsed into what the app uses. Secure ones never reach the iframe. */
export interface AppSettings {
  /** Customer Severity drop-down field id (null: the policy names none and neither does the setting). */
  severityFieldId: number | null;
  /** Problem-type field id per form id (`problem_type_field_ids`). */
  problemTypeFieldIds: Record<number, number>;
  /** Preferred Region drop-down field id: picks the regional first-reply schedule (null: none). */
  regionFieldId: number | null;
  composerWarnings: boolean;
  warningWindowMinutes: number;
  /**
   * Which of the two field ids the installation named. An id left empty follows the policy the sidebar runs: the
   * service's once known (an account's POLICY_FILE may name other fields), the bundled one's until then.
   */
  namedFields: { severity: boolean; region: boolean };
}

/**
 * Field ids when the installation names none: the bundled policy's `fields`, the same ones the service reads, so the
 * sidebar countdown and the service's at-risk list run the same (regional) schedule. Read from the policy JSON, not
 * `GITLAB_POLICY`: its module also holds `loadPolicy` (zod), and zod stays out of the initial chunk (domain/core.ts).
 */
export const DEFAULT_SEVERITY_FIELD_ID: number | null = policyFields.customerSeverity ?? null;
export const DEFAULT_REGION_FIELD_ID: number | null = policyFields.preferredRegion ?? null;
export const DEFAULT_WARNING_WINDOW_MINUTES = 120;
/**
 * The severity id the manifest pre-filled until it stopped doing so: installations made then still store it although
 * nobody chose it. Read as "not named", so it follows the policy; for GitLab that is the same field.
 */
const FORMER_MANIFEST_SEVERITY_DEFAULT = 360020735319;

function positiveInt(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isInteger(n) && n > 0 ? n : null;
}

/**
 * `problem_type_field_ids` accepts JSON (`{"360000818199": 360020614420}`) or a comma list (`formId:fieldId, …`).
 * Malformed entries are ignored: the policy's own problem-type fields still apply.
 */
export function parseProblemTypeFieldIds(value: unknown): Record<number, number> {
  const out: Record<number, number> = {};
  if (typeof value !== 'string' || value.trim() === '') return out;
  const text = value.trim();
  let pairs: [unknown, unknown][] = [];
  if (text.startsWith('{')) {
    try {
      pairs = Object.entries(JSON.parse(text) as Record<string, unknown>);
    } catch {
      return out;
    }
  } else {
    pairs = text.split(',').map((entry) => entry.split(':').map((s) => s.trim()) as [string, string]);
  }
  for (const [form, field] of pairs) {
    const formId = positiveInt(form);
    const fieldId = positiveInt(field);
    if (formId !== null && fieldId !== null) out[formId] = fieldId;
  }
  return out;
}

function bool(value: unknown, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return fallback;
}

export function parseSettings(raw: Record<string, unknown>): AppSettings {
  const severity = positiveInt(raw['severity_field_id']);
  const region = positiveInt(raw['region_field_id']);
  return {
    severityFieldId: severity ?? DEFAULT_SEVERITY_FIELD_ID,
    problemTypeFieldIds: parseProblemTypeFieldIds(raw['problem_type_field_ids']),
    regionFieldId: region ?? DEFAULT_REGION_FIELD_ID,
    composerWarnings: bool(raw['composer_warnings'], true),
    warningWindowMinutes: positiveInt(raw['warning_window_minutes']) ?? DEFAULT_WARNING_WINDOW_MINUTES,
    namedFields: { severity: severity !== null && severity !== FORMER_MANIFEST_SEVERITY_DEFAULT, region: region !== null },
  };
}
