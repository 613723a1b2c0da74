import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Zendesk's OpenAPI document for the Support API, read by the contract tests. It is not in the repository: it sits
 * beside the clone as `../shared/zendesk-oas.yaml` (README, Quick start). Missing, the tests fail saying so, not with ENOENT.
 */
export const ZENDESK_OAS_PATH = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'zendesk-oas.yaml');

export function readZendeskOas(): string {
  if (!existsSync(ZENDESK_OAS_PATH)) {
    throw new Error(
      `Zendesk's OpenAPI document is not at ${ZENDESK_OAS_PATH}: the contract tests need the Support API spec there, beside the clone (README, Quick start).`,
    );
  }
  return readFileSync(ZENDESK_OAS_PATH, 'utf8');
}
