import { webcrypto } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errors as joseErrors, jwtVerify } from 'jose';
import type { Config } from '../config.js';
import { UnauthorizedError } from '../errors.js';

/**
 * The agent behind a request, from the JWT Zendesk signs for the app (ZENDESK.md §3, option 1).
 *
 * Claims the app sets in `client.request({jwt: {algorithm: 'HS256', secret_key: '{{setting.shared_secret}}',
 * expiry: 60, claims}})`:
 * - `sub`: the agent's Zendesk user id, as a decimal string (`"12345"`) — this is `agent.id`;
 * - `iss`: `<subdomain>.zendesk.com` — must be one of `ZAF_JWT_ISSUERS`; `agent.subdomain` is its first label;
 * - `aud`: the service's URL — must equal `ZAF_JWT_AUDIENCE`;
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

function explain(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'token expired';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'token algorithm not allowed (HS256 only)';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `token claim "${err.claim}" is invalid: ${err.reason}`;
  if (err instanceof joseErrors.JOSENotSupported) return 'token algorithm not supported (HS256 only)';
  return 'token is malformed';
}

// jose imports a raw secret into a CryptoKey on every verify (~half its cost); the secret is fixed per process, so
// import it once and reuse the key (BENCHMARKS.md §1: 38 → 18 µs per verify).
let hmacKey: { secret: string; key: Promise<webcrypto.CryptoKey> } | null = null;
function verificationKey(secret: string): Promise<webcrypto.CryptoKey> {
  if (hmacKey?.secret !== secret) {
    const key = webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    hmacKey = { secret, key };
  }
  return hmacKey.key;
}

export async function verifyAgentToken(token: string, auth: Config['auth'], now: Date): Promise<Agent> {
  const key = await verificationKey(auth.jwtSecret);
  let payload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: auth.issuers,
      audience: auth.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: now,
      requiredClaims: ['exp', 'sub', 'iss'],
    }));
  } catch (err) {
    throw new UnauthorizedError(`Invalid Zendesk app token: ${explain(err)}`, 'invalid_token');
  }
  const sub = payload.sub ?? '';
  if (!/^[1-9]\d{0,15}$/.test(sub)) {
    throw new UnauthorizedError('Invalid Zendesk app token: claim "sub" must be the agent\'s Zendesk user id', 'invalid_token');
  }
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  return {
    id: Number(sub),
    subdomain: (payload.iss ?? '').split('.')[0] ?? '',
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
