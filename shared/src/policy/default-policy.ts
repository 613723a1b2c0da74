import { PolicySchema, type Policy } from '../schemas/policy.js';
import { parseOrThrow } from '../validation.js';
import data from './gitlab.policy.json' with { type: 'json' };

/**
 * Validate an account policy (parsed JSON) and fill its defaults.
 * @throws ValidationError naming every bad field, e.g. `forms[3].problemType.values: expected array, received string`.
 */
export function loadPolicy(input: unknown): Policy {
  return parseOrThrow(PolicySchema, input, 'policy');
}

/**
 * GitLab Support's handbook rules as a validated policy (data: `gitlab.policy.json` next to this file; decisions in
 * its `description` and in each plan rule's `description`). Parsed once at import, so a broken edit to the JSON fails
 * loudly at start-up rather than at the first ticket. Treat as immutable: clone before changing.
 */
export const GITLAB_POLICY: Policy = loadPolicy(data);
