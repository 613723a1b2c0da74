import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AssessmentResponseSchema, OrganizationSuggestionsResponseSchema, TicketIdParamsSchema } from '@triage-assistant/shared';
import { assessTicketById } from '../../use-cases/assess-ticket.js';
import { suggestOrganizations } from '../../use-cases/organization-suggestions.js';
import { assessDeps, requireZendesk } from './assessments.js';

const security = [{ zafJwt: [] }];

/** Per-ticket reads the service does entirely by itself. Authenticated by the /v1 scope. */
export default async function ticketRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/tickets/:id/assessment',
    {
      schema: {
        summary: 'Assess a ticket read entirely from Zendesk (ticket, SLA sideload, comments, requester, organization)',
        tags: ['assessments'],
        security,
        params: TicketIdParamsSchema,
        response: { 200: AssessmentResponseSchema },
      },
    },
    async (request) => assessTicketById(assessDeps(app), request.params.id),
  );

  r.get(
    '/tickets/:id/organization-suggestions',
    {
      schema: {
        summary: "Ranked organizations for the ticket's requester, with reasons, plan and contact count",
        tags: ['organizations'],
        security,
        params: TicketIdParamsSchema,
        response: { 200: OrganizationSuggestionsResponseSchema },
      },
    },
    async (request) => suggestOrganizations({ zendesk: requireZendesk(app), policy: app.policy }, request.params.id),
  );
}
