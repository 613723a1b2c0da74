import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { formatPath } from '@triage-assistant/shared';
import { BadRequestError } from '../errors.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** The only ways JSON text can carry either: the escapes `\u0000` and `\uD800`–`\uDFFF`. */
const SUSPECT_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

const PROBLEMS = {
  nul: 'must not contain the NUL character (\\u0000)',
  surrogate: 'must be valid Unicode text (it holds half of a surrogate pair, e.g. \\ud800)',
} as const;
type TextProblem = keyof typeof PROBLEMS;

function textProblem(text: string): TextProblem | null {
  if (text.includes('\u0000')) return 'nul';
  return LONE_SURROGATE.test(text) ? 'surrogate' : null;
}

/** The first string (value or key) in a parsed JSON body that PostgreSQL cannot store, with what is wrong, or null. */
export function unstorableText(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; problem: TextProblem } | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem === null ? null : { path, problem };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableText(value[i], [...path, i]);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const problem = textProblem(key);
      if (problem !== null) return { path: [...path, key], problem };
      const found = unstorableText(child, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000 or a lone UTF-16 surrogate, so a body carrying either used to be
 * stored halfway and answer 500. It is refused up front, naming the field. Bodies without such an escape in their
 * text (all but a few) are not walked.
 */
export function refuseUnstorableText(text: string, parsed: unknown): void {
  if (!SUSPECT_ESCAPE.test(text)) return;
  const found = unstorableText(parsed);
  if (found === null) return;
  const where = found.path.length === 0 ? 'body' : formatPath(found.path);
  throw new BadRequestError(`Invalid body: ${where}: ${PROBLEMS[found.problem]}`, 'invalid_request');
}

/** The JSON body parser for every route but the webhook (which keeps its raw bytes): Fastify's own, plus that check. */
export default fp(
  async function jsonBody(app: FastifyInstance) {
    const parse = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, raw, done) => {
      const body = raw as string; // parseAs: 'string'
      parse(request, body, (err, parsed) => {
        if (err !== null) return done(err, undefined);
        try {
          refuseUnstorableText(body, parsed);
          done(null, parsed);
        } catch (refused) {
          done(refused as Error, undefined);
        }
      });
    });
  },
  { name: 'json-body' },
);
