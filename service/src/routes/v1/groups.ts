import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AtRiskResponseSchema, TicketIdParamsSchema } from '@triage-assistant/shared';
import { listAtRisk } from '../../use-cases/at-risk.js';
import { requireZendesk } from './assessments.js';

const security = [{ zafJwt: [] }];

/** A group's at-risk list. Authenticated by the /v1 scope. */
export default async function groupRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/groups/:id/at-risk',
    {
      schema: {
        summary: "The group's first replies near or past breach and its overdue or due-soon commitments, soonest first",
        tags: ['groups'],
        security,
        params: TicketIdParamsSchema,
        response: { 200: AtRiskResponseSchema },
      },
    },
    async (request) =>
      listAtRisk({ zendesk: requireZendesk(app), commitments: app.storage.commitments, policy: app.policy, clock: app.clock }, request.params.id),
  );
}
