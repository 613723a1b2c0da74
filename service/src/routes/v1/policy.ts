import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PolicyResponseSchema } from '@triage-assistant/shared';

const security = [{ zafJwt: [] }];

/**
 * The policy this service runs (POLICY_FILE, or the bundled GitLab one). Authenticated by the /v1 scope: a policy
 * names an account's forms, plans and schedules, which are not for the public. It changes only with a restart, so a
 * sidebar keeps it (per name and version) instead of asking again.
 */
export default async function policyRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/policy',
    {
      schema: {
        summary: 'The policy the service assesses with: schedules, plans, SLA targets, forms, priority rules',
        tags: ['policy'],
        security,
        response: { 200: PolicyResponseSchema },
      },
    },
    async (_request, reply) => {
      void reply.header('cache-control', 'private, max-age=300');
      return app.policy;
    },
  );
}
