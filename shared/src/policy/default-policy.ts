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
 * GitLab Support's handbook rules as a policy (data: `gitlab.policy.json` next to this file; decisions in its
 * `description` and in each plan rule's `description`). Treat as immutable: clone before changing.
 *
 * Used as it is, not parsed at import: the JSON is kept canonical (every default written out, nothing to strip), which
 * default-policy.test.ts checks by parsing it, and the service parses it again at start (compose.ts), so a broken edit
 * fails CI and the service's start-up. Parsing it at import cost every sidebar open a cold zod parse on the way to
 * its first render (each open is a new iframe document): the sidebar's core chunk imported in 33–35 ms with it and
 * 26–27 ms without it (median of 22 fresh pages in headless Chromium, BENCHMARKS.md §4).
 */
export const GITLAB_POLICY: Policy = data as unknown as Policy;
