import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';

/**
 * Helmet headers, CORS for the configured origins only, and our own rate limit per agent.
 *
 * The limit runs at `preHandler`, after `/v1`'s `onRequest` authentication, so it keys on the verified agent; other
 * requests key on the client address. Routes opt out with `config: {rateLimit: false}` (health probes, and the signed
 * Zendesk webhook, whose deliveries all come from Zendesk's few addresses).
 */
export default fp(
  async function security(app: FastifyInstance, opts: { config: Config }) {
    await app.register(helmet, {
      // /docs serves Swagger UI's inline bootstrap; the JSON API itself has nothing a CSP would protect.
      contentSecurityPolicy: false,
    });
    await app.register(cors, { origin: opts.config.corsOrigins.length > 0 ? opts.config.corsOrigins : false });
    await app.register(rateLimit, {
      max: opts.config.rateLimitPerMinute,
      timeWindow: 60_000,
      hook: 'preHandler',
      keyGenerator: (request) => (request.agent ? `agent:${request.agent.subdomain}:${request.agent.id}` : `ip:${request.ip}`),
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        error: 'Too Many Requests',
        code: 'rate_limited',
        message: `Rate limit exceeded: ${context.max} requests per minute; retry in ${Math.ceil(context.ttl / 1000)} s`,
      }),
    });
  },
  { name: 'security', dependencies: ['auth'] },
);
