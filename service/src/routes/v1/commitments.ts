import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AckNotificationsRequestSchema,
  AckNotificationsResponseSchema,
  CommitmentResponseSchema,
  MyCommitmentsResponseSchema,
  NotificationsQuerySchema,
  NotificationsResponseSchema,
  PutCommitmentRequestSchema,
  TicketIdParamsSchema,
} from '@triage-assistant/shared';
import type { Agent } from '../../plugins/auth.js';
import { savedTicketStatus } from '../../use-cases/assess-ticket.js';
import {
  acknowledgeNotifications,
  cancelCommitment,
  leaseNotifications,
  listMyCommitments,
  putCommitment,
  takeNotifications,
  type CommitmentDeps,
} from '../../use-cases/commitments.js';
import { assessDeps } from './assessments.js';

const security = [{ zafJwt: [] }];

/** Commitments ("you will hear from us by …") and the agent's reminder inbox. Authenticated by the /v1 scope. */
export default async function commitmentRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps: CommitmentDeps = {
    storage: app.storage,
    policy: app.policy,
    clock: app.clock,
    // The assessments' enrichment cache: a commitment set from a sidebar that just assessed the ticket reads nothing.
    ...(app.zendesk === null ? {} : { ticketStatus: (ticketId: number) => savedTicketStatus(assessDeps(app), ticketId) }),
    onTicketCheckSkipped: (ticketId, err) =>
      app.log.warn({ err, ticketId }, 'commitment stored without checking the ticket (that Zendesk has it, and that it is not solved or closed): the check did not answer'),
  };
  const agentOf = (request: { agent: Agent | null }): Agent => {
    if (request.agent === null) throw new Error('authenticate did not run');
    return request.agent;
  };

  r.put(
    '/tickets/:id/commitment',
    {
      schema: {
        summary: "Set or replace the ticket's commitment; schedules its reminders",
        description:
          'Idempotent: the open commitment put again (same agent, due time and note) is answered as it is, nothing stored. ' +
          '404 `ticket_not_found` when Zendesk has no such ticket (one Show Ticket, none when the ticket was assessed in ' +
          'the last 45 s), as the other ticket routes; 409 `ticket_solved` when that read says the ticket is solved or ' +
          "closed (no update is due, and a solved ticket's commitment is closed by the webhook); when Zendesk does not " +
          'answer that check within 2 s (slow, rate-limited, down) the commitment is stored unchecked, not lost; without ' +
          'Zendesk configured the ticket is not checked.',
        tags: ['commitments'],
        security,
        params: TicketIdParamsSchema,
        body: PutCommitmentRequestSchema,
        response: { 200: CommitmentResponseSchema },
      },
    },
    async (request) =>
      putCommitment(deps, {
        ticketId: request.params.id,
        agentId: agentOf(request).id,
        dueAt: new Date(request.body.dueAt),
        note: request.body.note,
      }),
  );

  r.delete(
    '/tickets/:id/commitment',
    {
      schema: {
        summary: "Cancel the ticket's open commitment and its pending reminders",
        tags: ['commitments'],
        security,
        params: TicketIdParamsSchema,
        response: { 204: z.null().describe('Cancelled') },
      },
    },
    async (request, reply) => {
      await cancelCommitment(deps, request.params.id, agentOf(request).id);
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/agents/me/commitments',
    {
      schema: {
        summary: "The agent's open commitments and those met or cancelled in the last 24 h",
        description: "A commitment the agent replaced with a newer one on the same ticket is not listed (one another agent replaced is, as cancelled).",
        tags: ['commitments'],
        security,
        response: { 200: MyCommitmentsResponseSchema },
      },
    },
    async (request) => ({ commitments: await listMyCommitments(deps, agentOf(request).id) }),
  );

  r.get(
    '/agents/me/notifications',
    {
      schema: {
        summary:
          'Reminders delivered to the agent: each returned once, or with ack=explicit handed out for a minute until acknowledged',
        tags: ['notifications'],
        security,
        querystring: NotificationsQuerySchema,
        response: { 200: NotificationsResponseSchema },
      },
    },
    async (request) => {
      const agentId = agentOf(request).id;
      const notifications = request.query.ack === 'explicit' ? await leaseNotifications(deps, agentId) : await takeNotifications(deps, agentId);
      return { notifications };
    },
  );

  r.post(
    '/agents/me/notifications/read',
    {
      schema: {
        summary: 'Acknowledge notifications shown to the agent (ack=explicit): they are not handed out again',
        tags: ['notifications'],
        security,
        body: AckNotificationsRequestSchema,
        response: { 200: AckNotificationsResponseSchema },
      },
    },
    async (request) => ({ read: await acknowledgeNotifications(deps, agentOf(request).id, request.body.ids) }),
  );
}
