/** Loads the sanitised Zendesk fixtures in service/test/fixtures/zendesk (tests only). */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const FIXTURE_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'zendesk');

export function loadFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(FIXTURE_DIR, `${name}.json`), 'utf8')) as Record<string, unknown>;
}
