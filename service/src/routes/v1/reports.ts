import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { FrtAttainmentQuerySchema, FrtAttainmentResponseSchema } from '@triage-assistant/shared';
import { frtAttainment } from '../../use-cases/frt-report.js';

const security = [{ zafJwt: [] }];

/** Reports over recorded outcomes (no Zendesk call). Authenticated by the /v1 scope. */
export default async function reportRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/reports/frt-attainment',
    {
      schema: {
        summary: 'Share of tickets whose first reply met its target in [from, to), overall and by priority, against 95 %',
        tags: ['reports'],
        security,
        querystring: FrtAttainmentQuerySchema,
        response: { 200: FrtAttainmentResponseSchema },
      },
    },
    async (request) =>
      frtAttainment(
        { frtOutcomes: app.storage.frtOutcomes },
        {
          from: new Date(request.query.from),
          to: new Date(request.query.to),
          ...(request.query.group === undefined ? {} : { groupId: request.query.group }),
        },
      ),
  );
}
