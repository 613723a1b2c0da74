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

/** A value still to look at, with the way back to the root for naming it (a path is built only when needed). */
interface Pending {
  value: unknown;
  key: string | number | null;
  parent: Pending | null;
}

function pathTo(node: Pending | null): (string | number)[] {
  const path: (string | number)[] = [];
  for (let n = node; n !== null && n.key !== null; n = n.parent) path.push(n.key);
  return path.reverse();
}

/**
 * The first string (value or key) in a parsed JSON body that PostgreSQL cannot store, with what is wrong, or null.
 * Depth first, in document order, with an explicit stack: a recursive walk overflowed the call stack on a body
 * nested ~9,000 levels deep (18 KB of `[[[…`), which answered 500 — before the webhook's signature check.
 */
export function unstorableText(value: unknown): { path: (string | number)[]; problem: TextProblem } | null {
  const stack: Pending[] = [{ value, key: null, parent: null }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    // An object's key is checked just before its value, as the recursive walk did.
    if (typeof node.key === 'string') {
      const problem = textProblem(node.key);
      if (problem !== null) return { path: pathTo(node), problem };
    }
    const v = node.value;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem !== null) return { path: pathTo(node), problem };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: node });
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], key: entries[i]![0], parent: node });
    }
  }
  return null;
}

/** Paths this long are cut in messages (a deeply nested body would otherwise be echoed level by level). */
const MAX_PATH_SEGMENTS = 32;

/**
 * PostgreSQL text and jsonb cannot hold U+0000 or a lone UTF-16 surrogate, so a body carrying either used to be
 * stored halfway and answer 500. It is refused up front, naming the field. Bodies without such an escape in their
 * text (all but a few) are not walked.
 */
export function refuseUnstorableText(text: string, parsed: unknown): void {
  if (!SUSPECT_ESCAPE.test(text)) return;
  const found = unstorableText(parsed);
  if (found === null) return;
  const where =
    found.path.length === 0
      ? 'body'
      : found.path.length > MAX_PATH_SEGMENTS
        ? `${formatPath(found.path.slice(0, MAX_PATH_SEGMENTS))}…`
        : formatPath(found.path);
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
