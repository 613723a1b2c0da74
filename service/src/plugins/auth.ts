import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { createDecoder, createVerifier, TokenError } from 'fast-jwt';
import type { Config } from '../config.js';
import { UnauthorizedError } from '../errors.js';

/**
 * The agent behind a request, from the JWT Zendesk signs for the app (ZENDESK.md §3, option 1).
 *
 * Claims the app sets in `client.request({jwt: {algorithm: 'HS256', secret_key: '{{setting.shared_secret}}',
 * expiry: 60, claims}})`:
 * - `sub`: the agent's Zendesk user id, as a decimal string (`"12345"`) — this is `agent.id`;
 * - `iss`: `<subdomain>.zendesk.com` — must be one of `ZAF_JWT_ISSUERS`; `agent.subdomain` is its first label;
 * - `aud`: the fixed string `triage-assistant` the app sends — must equal `ZAF_JWT_AUDIENCE`;
 * - `exp` (set by ZAF from `expiry`), optional `name` and `email` for display.
 *
 * Trust model: the signature proves the call went through this installation's proxy with the secure setting, but
 * the claims come from iframe JavaScript an agent can alter. Use `agent.id` for ownership and rate limiting, never
 * to grant Zendesk permissions: the service re-reads what it acts on with its own credentials.
 */
export interface Agent {
  id: number;
  subdomain: string;
  name: string | null;
  email: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `authenticate` on every `/v1` route except the webhook. */
    agent: Agent | null;
  }
  interface FastifyInstance {
    authenticate(request: FastifyRequest): Promise<void>;
  }
}

/** Seconds of clock skew tolerated between Zendesk and us. */
export const CLOCK_TOLERANCE_SECONDS = 30;

type Claims = Record<string, unknown>;

/**
 * fast-jwt checks the signature and the algorithm with node:crypto's HMAC, synchronously (3–5 µs; jose's WebCrypto
 * path cost 25–60 µs per request and was the largest single cost of a sidebar open, BENCHMARKS.md §1). The time
 * claims are checked below against the service's injected clock, which fast-jwt cannot take per call; `iss` and `aud`
 * there too, to name the claim in the message.
 */
let verifier: { secret: string; verify: (token: string) => Claims } | null = null;
function verifierFor(secret: string): (token: string) => Claims {
  // One secret per process (tests may switch): built once, rebuilt only when the secret changes.
  if (verifier?.secret !== secret) {
    const verify = createVerifier({
      key: secret,
      algorithms: ['HS256'],
      ignoreExpiration: true,
      ignoreNotBefore: true,
      requiredClaims: ['exp', 'sub', 'iss'],
    }) as (token: string) => Claims;
    verifier = { secret, verify };
  }
  return verifier.verify;
}

const decodeHeader = createDecoder({ complete: true });

function explain(err: unknown, token: string): string {
  if (!(err instanceof TokenError)) return 'token is malformed';
  switch (err.code) {
    case TokenError.codes.invalidSignature:
      return 'token signature is invalid';
    case TokenError.codes.invalidAlgorithm:
      return 'token algorithm not allowed (HS256 only)';
    case TokenError.codes.missingSignature: {
      // `alg: none` tokens carry no signature: say which rule they broke.
      let alg: unknown;
      try {
        alg = (decodeHeader(token) as { header: { alg?: unknown } }).header.alg;
      } catch {
        return 'token is malformed';
      }
      return alg === 'HS256' ? 'token signature is missing' : 'token algorithm not allowed (HS256 only)';
    }
    case TokenError.codes.missingRequiredClaim:
      return `token claim "${/The (\w+) claim/.exec(err.message)?.[1] ?? '?'}" is missing`;
    default:
      return 'token is malformed';
  }
}

function invalid(reason: string): UnauthorizedError {
  return new UnauthorizedError(`Invalid Zendesk app token: ${reason}`, 'invalid_token');
}

/** exp/nbf at `now` with the tolerance, iss among the allowed issuers, aud the service (RFC 7519 §4.1). */
function checkClaims(payload: Claims, auth: Config['auth'], now: Date): void {
  const t = now.getTime() / 1000;
  const { exp, nbf, iss, aud } = payload;
  if (typeof exp !== 'number') throw invalid('token claim "exp" must be a number');
  if (t - CLOCK_TOLERANCE_SECONDS >= exp) throw invalid('token expired');
  if (nbf !== undefined && (typeof nbf !== 'number' || t + CLOCK_TOLERANCE_SECONDS < nbf)) throw invalid('token is not valid yet ("nbf")');
  if (typeof iss !== 'string' || !auth.issuers.includes(iss)) throw invalid('token claim "iss" is not an allowed Zendesk account');
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(auth.audience)) throw invalid('token claim "aud" is not this service');
}

export async function verifyAgentToken(token: string, auth: Config['auth'], now: Date): Promise<Agent> {
  let payload: Claims;
  try {
    payload = verifierFor(auth.jwtSecret)(token);
  } catch (err) {
    throw invalid(explain(err, token));
  }
  checkClaims(payload, auth, now);
  const sub = payload['sub'];
  if (typeof sub !== 'string' || !/^[1-9]\d{0,15}$/.test(sub) || !Number.isSafeInteger(Number(sub))) {
    throw invalid('claim "sub" must be the agent\'s Zendesk user id');
  }
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  return {
    id: Number(sub),
    subdomain: (payload['iss'] as string).split('.')[0] ?? '',
    name: text(payload['name']),
    email: text(payload['email']),
  };
}

export default fp(
  async function auth(app: FastifyInstance, opts: { config: Config; clock: () => Date }) {
    app.decorateRequest('agent', null);
    app.decorate('authenticate', async function authenticate(request: FastifyRequest) {
      const header = request.headers.authorization;
      if (header === undefined || header === '') {
        throw new UnauthorizedError('Missing Authorization header: expected "Bearer <Zendesk app JWT>"', 'missing_token');
      }
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (match === null || match[1] === undefined) {
        throw new UnauthorizedError('Authorization header must be "Bearer <Zendesk app JWT>"', 'missing_token');
      }
      request.agent = await verifyAgentToken(match[1], opts.config.auth, opts.clock());
    });
  },
  { name: 'auth' },
);
