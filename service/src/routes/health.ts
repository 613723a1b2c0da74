import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { metricsRegistry } from '../metrics.js';

const ReadinessSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.object({ database: z.enum(['ok', 'unreachable']), zendesk: z.enum(['configured', 'not_configured']) }),
});

/** Liveness, readiness and Prometheus metrics; never rate limited (probes and scrapers poll them). */
export default async function healthRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const config = { rateLimit: false as const };

  r.get(
    '/healthz',
    { config, schema: { summary: 'Liveness: the process answers', tags: ['health'], response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );

  r.get(
    '/readyz',
    {
      config,
      schema: {
        summary: 'Readiness: database reachable and Zendesk configured (503 otherwise)',
        tags: ['health'],
        response: { 200: ReadinessSchema, 503: ReadinessSchema },
      },
    },
    async (request, reply) => {
      let database: 'ok' | 'unreachable' = 'ok';
      try {
        await app.storage.ping();
      } catch (err) {
        request.log.warn({ err }, 'database ping failed');
        database = 'unreachable';
      }
      const zendesk = app.config.zendesk !== null && app.zendesk !== null ? 'configured' : 'not_configured';
      const ok = database === 'ok' && zendesk === 'configured';
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks: { database, zendesk } });
    },
  );

  r.get('/metrics', { config, schema: { summary: 'Prometheus metrics (text format)', tags: ['health'], hide: false } }, async (_request, reply) => {
    reply.header('content-type', metricsRegistry.contentType);
    return metricsRegistry.metrics();
  });
}
