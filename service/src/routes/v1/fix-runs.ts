import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FixRunRequestSchema, FixRunSchema, TicketIdParamsSchema } from '@triage-assistant/shared';
import { BadRequestError } from '../../errors.js';
import type { Agent } from '../../plugins/auth.js';
import type { Storage } from '../../storage/types.js';
import { FixRunService, readFixRun, type FixRunDeps } from '../../use-cases/fix-runs/run-fix.js';
import { requireZendesk } from './assessments.js';

const security = [{ zafJwt: [] }];

/** Keys are opaque to us; printable ASCII keeps them loggable and comparable (a UUID is typical). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
/** Run ids are UUIDs; anything else (a NUL byte included, which PostgreSQL refuses) is a 400, not a lookup. */
const FIX_RUN_ID = /^[\w-]{1,100}$/;

// One runner per app (keyed by its storage, shared by every encapsulated context), so the POST that starts a run and
// a retry of it see the same in-process registry of running runs.
const services = new WeakMap<Storage, FixRunService>();

/**
 * The app's fix-run runner, created on first use. Tests may call it first with overrides (e.g. a short
 * `syncBudgetMs`); later calls return the same instance.
 */
export function fixRunServiceFor(app: FastifyInstance, overrides: Partial<FixRunDeps> = {}): FixRunService {
  let service = services.get(app.storage);
  if (service === undefined) {
    service = new FixRunService({
      zendesk: requireZendesk(app),
      fixRuns: app.storage.fixRuns,
      policy: app.policy,
      inflight: app.inflight,
      logger: app.log,
      now: app.clock,
      startDeadlineMs: app.config.fixRunStartDeadlineMs,
      ...overrides,
    });
    services.set(app.storage, service);
  }
  return service;
}

/**
 * One-click fixes run by the service against Zendesk (DOMAIN §3, §11; ZENDESK.md §4.3). Authenticated by the /v1
 * scope; a run belongs to the agent who started it.
 */
export default async function fixRunRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const agentOf = (request: { agent: Agent | null }): Agent => {
    if (request.agent === null) throw new Error('authenticate did not run');
    return request.agent;
  };

  r.post(
    '/tickets/:id/fix-runs',
    {
      schema: {
        summary: 'Run the fix plan against Zendesk: membership, organization + form, priority, problem type, notes',
        description:
          'Requires an `Idempotency-Key` header: the same key and body return the same run (resuming it where it ' +
          'stopped, never repeating a completed write); the same key with another body is 409. Answers 200 with the ' +
          'finished run (succeeded or failed, with an actionable error) or 202 while it is still running: poll ' +
          '`GET /v1/fix-runs/{id}` (the `Location` header). A Zendesk too slow to answer the reads that start a run ' +
          '(`FIX_RUN_START_DEADLINE_MS`, default 5 s) gets 503 `zendesk_too_slow` with Retry-After, and nothing is stored. ' +
          'Before anything is written: a ticket Zendesk does not have is 404 `ticket_not_found`; an ' +
          '`associate_organization` whose organization Zendesk does not have is 422 `organization_not_found` naming the ' +
          'action (as `POST /v1/assessments` answers one for a new ticket); a `set_form` whose form is ' +
          "not one of the account's active Zendesk ticket forms is 422 `fix_unknown_form`, and the form is named (in the " +
          "steps and the internal note) by the service's policy, else by Zendesk: `formName` is accepted but ignored; a " +
          '`set_problem_type` must name the problem-type field the policy gives the form the ticket will be on (the ' +
          "run's own `set_form` target, else its current form), else 422 `fix_field_not_allowed`, and a value among that " +
          "field's values in the policy, else 422 `fix_invalid_choice`: `options` is not trusted. If a step fails after " +
          'others were written, the run is `failed` and its steps record what was written (`done`); with `internalNote`, ' +
          'an internal note on the ticket lists what was changed and what failed (the `internal_note` step stays ' +
          '`pending`, its detail saying so). None is posted when Zendesk stopped the run (a rate-limit wait, no answer, ' +
          "too slow) or the service restarted: the retry's note lists the changes then. A retry with the same key notes " +
          'what no earlier note listed as changed: what it changes, and what it finds already set (a change the stop ' +
          "note called failed whose answer was lost). That note is best effort: its own failure never replaces the run's error.",
        tags: ['fix-runs'],
        security,
        params: TicketIdParamsSchema,
        body: FixRunRequestSchema,
        response: { 200: FixRunSchema, 202: FixRunSchema },
      },
    },
    async (request, reply) => {
      const header = request.headers['idempotency-key'];
      const key = Array.isArray(header) ? header[0] : header;
      if (key === undefined || key === '') {
        throw new BadRequestError(
          'Missing Idempotency-Key header: send a new unique key (e.g. a UUID) per fix, and the same key when retrying it',
          'idempotency_key_missing',
        );
      }
      if (!IDEMPOTENCY_KEY.test(key)) {
        throw new BadRequestError('Idempotency-Key header must be 1 to 200 printable ASCII characters without spaces', 'idempotency_key_invalid');
      }
      const { run } = await fixRunServiceFor(app).start({
        ticketId: request.params.id,
        agentId: agentOf(request).id,
        idempotencyKey: key,
        request: request.body,
      });
      return reply
        .code(run.state === 'running' ? 202 : 200)
        .header('location', `/v1/fix-runs/${encodeURIComponent(run.id)}`)
        .send(run);
    },
  );

  r.get(
    '/fix-runs/:id',
    {
      schema: {
        summary: "A fix run's progress, step by step (the agent's own runs only)",
        tags: ['fix-runs'],
        security,
        params: z.object({ id: z.string().regex(FIX_RUN_ID, 'expected a fix run id as returned by POST /v1/tickets/{id}/fix-runs') }),
        response: { 200: FixRunSchema },
      },
    },
    async (request) => readFixRun(app.storage.fixRuns, request.params.id, agentOf(request).id),
  );
}
