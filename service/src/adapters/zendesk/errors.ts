import { describeProblems, toProblems, type ValidationProblem } from '@triage-assistant/shared';
import type { z } from 'zod';
import { ZendeskUnavailableError } from '../../errors.js';

/**
 * Zendesk answered, but not in the shape we rely on (a field missing or of the wrong type). A 502 like any other
 * upstream failure, with the offending fields named so the log says what changed.
 */
export class ZendeskResponseError extends ZendeskUnavailableError {
  constructor(
    endpoint: string,
    readonly problems: ValidationProblem[],
  ) {
    super(
      `Zendesk returned an unexpected response for ${endpoint}: ${describeProblems(problems)}`,
      endpoint,
      null,
    );
  }
}

/** zod-parse a Zendesk body, turning a mismatch into a ZendeskResponseError that names each bad field. */
export function parseZendesk<S extends z.ZodType>(schema: S, body: unknown, endpoint: string): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw new ZendeskResponseError(endpoint, toProblems(result.error));
  return result.data;
}
