import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AssessmentRequestSchema,
  AssessmentResponseSchema,
  BatchAssessmentRequestSchema,
  BatchAssessmentResponseSchema,
  snapshotInstantProblems,
  ValidationError,
  type TicketSnapshot,
} from '@triage-assistant/shared';
import type { ZendeskGateway } from '../../adapters/zendesk/gateway.js';
import { ServiceUnavailableError } from '../../errors.js';
import type { Storage } from '../../storage/types.js';
import { assessBatch, assessSnapshot, createEnrichmentCache, type AssessDeps, type EnrichmentCache } from '../../use-cases/assess-ticket.js';
import { createFormNames, type FormNames } from '../../use-cases/form-names.js';

const security = [{ zafJwt: [] }];

/**
 * The assessment routes answer what the shared `assess` computed from validated input, typed `Assessment` end to end:
 * validating it again against the response schema (the zod serializer's job) was a third zod pass per sidebar open
 * (~5 % of its CPU, BENCHMARKS.md §1). The schema still documents the route (OpenAPI) and the tests check answers
 * against it.
 */
const serializeTrusted = () => (data: unknown) => JSON.stringify(data);

/** The read side needs Zendesk: without it the service cannot check what the sidebar sent. */
export function requireZendesk(app: FastifyInstance): ZendeskGateway {
  if (app.zendesk === null) throw new ServiceUnavailableError('Zendesk is not configured on the service', 'zendesk_not_configured');
  return app.zendesk;
}

// One enrichment cache per app (keyed by its storage, which every encapsulated context shares), so the sidebar's
// POST and the GET by id warm the same entries.
const caches = new WeakMap<Storage, EnrichmentCache>();
// One per Zendesk account (its gateway): the read under way and the pause after a failed one are the account's.
const formNamesByGateway = new WeakMap<ZendeskGateway, FormNames>();

// When each account's gateway last said its ticket audits were unreadable: a token without access would otherwise
// log once per sidebar open.
const historyWarnedAt = new WeakMap<ZendeskGateway, number>();
const HISTORY_WARNING_EVERY_MS = 60_000;

function historyErrorLogger(app: FastifyInstance, zendesk: ZendeskGateway): (ticketId: number, err: unknown) => void {
  return (ticketId, err) => {
    const now = app.clock().getTime();
    const last = historyWarnedAt.get(zendesk);
    if (last !== undefined && now - last < HISTORY_WARNING_EVERY_MS) return;
    historyWarnedAt.set(zendesk, now);
    app.log.warn({ err, ticketId }, 'ticket audits unreadable: assessed without the field history (no "deadline moved" explanations); said at most once a minute');
  };
}

function formNamesOf(app: FastifyInstance, zendesk: ZendeskGateway): FormNames {
  let names = formNamesByGateway.get(zendesk);
  if (names === undefined) {
    // Best effort: the finding names the form by id instead. The domain error carries no credential.
    names = createFormNames({ zendesk, onError: (err) => app.log.warn({ err }, 'form names unreadable: form.unknown names forms by id for a minute') });
    formNamesByGateway.set(zendesk, names);
  }
  return names;
}

export function assessDeps(app: FastifyInstance): AssessDeps {
  let cache = caches.get(app.storage);
  if (cache === undefined) {
    cache = createEnrichmentCache({ clock: app.clock });
    caches.set(app.storage, cache);
  }
  const zendesk = requireZendesk(app);
  return {
    zendesk,
    commitments: app.storage.commitments,
    policy: app.policy,
    clock: app.clock,
    cache,
    // A sidebar open keeps the ticket's SLA reminders current, in the background and without another Zendesk read.
    onAssessed: (info) => app.slaPlanner.observe(info),
    formNames: formNamesOf(app, zendesk),
    onHistoryError: historyErrorLogger(app, zendesk),
  };
}

/** Refuse (400, naming the field) a snapshot whose instants would cost seconds of business-time arithmetic. */
function assertInstantsInWindow(ticket: TicketSnapshot, now: Date): void {
  const problems = snapshotInstantProblems(ticket, now);
  if (problems.length > 0) throw new ValidationError('request body', problems.map((p) => ({ ...p, path: `ticket.${p.path}` })));
}

/** Assessments of sidebar snapshots and of views (batches). Authenticated by the /v1 scope. */
export default async function assessmentRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/assessments',
    {
      schema: {
        summary: "Assess the sidebar's ticket snapshot, enriched with what the service reads from Zendesk",
        description:
          'Zendesk facts (status, dates, tags, organization and its plan, requester memberships, SLA breach_at) replace ' +
          "the snapshot's; the agent's unsaved priority, form, type, severity, problem type and region are kept. " +
          "Field changes (why a deadline moved) come from the ticket's audits when the snapshot sends none. " +
          'A requester Zendesk does not have (deleted, or an id made up) is assessed as belonging to no organization, as ' +
          "batches do. A new ticket's " +
          '(`id: null`) `organization.id` is the only source of its organization: one Zendesk does not have is refused ' +
          'with 422 `organization_not_found` naming `ticket.organization.id` and the id, rather than assessed with a plan ' +
          'nobody can read. 404 `ticket_not_found` only when the ticket itself is gone.',
        tags: ['assessments'],
        security,
        body: AssessmentRequestSchema,
        response: { 200: AssessmentResponseSchema },
      },
      serializerCompiler: serializeTrusted,
    },
    async (request) => {
      assertInstantsInWindow(request.body.ticket, app.clock());
      return assessSnapshot(assessDeps(app), request.body.ticket);
    },
  );

  r.post(
    '/assessments/batch',
    {
      schema: {
        summary: 'Assess up to 500 tickets (a view) by id; tickets that cannot be assessed are listed as failures',
        tags: ['assessments'],
        security,
        body: BatchAssessmentRequestSchema,
        response: { 200: BatchAssessmentResponseSchema },
      },
      serializerCompiler: serializeTrusted,
    },
    async (request) =>
      assessBatch(
        { ...assessDeps(app), onError: (ticketId, err) => request.log.warn({ err, ticketId }, 'batch assessment failed for a ticket') },
        request.body.ticketIds,
      ),
  );
}
