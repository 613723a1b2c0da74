import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { httpRequestDuration } from '../metrics.js';

/** Request durations by route pattern (`/v1/tickets/:id/commitment`), never the raw URL (unbounded labels). */
export default fp(
  async function requestMetrics(app: FastifyInstance) {
    app.addHook('onResponse', async (request, reply) => {
      httpRequestDuration.observe(
        { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
  },
  { name: 'request-metrics' },
);
