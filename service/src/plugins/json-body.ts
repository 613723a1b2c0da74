import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { formatPath } from '@triage-assistant/shared';
import { BadRequestError } from '../errors.js';

/** Where the first string (value or key) holding U+0000 sits in a parsed JSON body, or null. */
export function nulCharacterPath(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulCharacterPath(value[i], [...path, i]);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\u0000')) return [...path, key];
      const found = nulCharacterPath(child, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000, so a body carrying `\u0000` used to be stored halfway and answer 500.
 * It is refused up front, naming the field. JSON can only carry U+0000 as the escape `\u0000`, so bodies without
 * that text (all but a few) are not walked.
 */
export function refuseNulCharacters(text: string, parsed: unknown): void {
  if (!text.includes('\\u0000')) return;
  const path = nulCharacterPath(parsed);
  if (path === null) return;
  const where = path.length === 0 ? 'body' : formatPath(path);
  throw new BadRequestError(`Invalid body: ${where}: must not contain the NUL character (\\u0000)`, 'invalid_request');
}

/** The JSON body parser for every route but the webhook (which keeps its raw bytes): Fastify's own, plus the NUL check. */
export default fp(
  async function jsonBody(app: FastifyInstance) {
    const parse = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, raw, done) => {
      const body = raw as string; // parseAs: 'string'
      parse(request, body, (err, parsed) => {
        if (err !== null) return done(err, undefined);
        try {
          refuseNulCharacters(body, parsed);
          done(null, parsed);
        } catch (refused) {
          done(refused as Error, undefined);
        }
      });
    });
  },
  { name: 'json-body' },
);
