/**
 * Fix runs: the one-click "associate organization, then change form, priority, problem type" against Zendesk,
 * journaled step by step so a retry with the same key, after a failure, a crash or a shutdown, resumes where the run
 * stopped and never repeats a write (nothing resumes a run without that retry).
 *
 * Before the run is stored, nothing is written: the ticket is read, and the request is checked against it, the
 * service's policy and Zendesk's ticket forms (plan.ts: a form Zendesk would refuse, a custom field other than the
 * form's problem-type field, a value outside the policy's), so a refusal cannot come after the membership is created.
 *
 * Safety rules, per step:
 * - re-read before writing; a field already at its target is `skipped` ("already set"), which is what makes a
 *   resumed or retried run never write twice;
 * - a field is only overwritten while it still holds the value the run started from (or the value our own previous
 *   write left): someone else's different value fails the step instead of being overwritten;
 * - ticket updates use `safe_update` with the fresh `updated_at`; a 409 re-reads and re-plans (up to
 *   `maxConflictRetries` times); the adapter's own retry of a PUT that did land comes back as 409 and is recognised
 *   the same way, as "already set";
 * - set organization + set form go out in ONE update once the membership exists: Zendesk applies all fields of an
 *   update before running triggers, so the form-change triggers see the organization and the "Ask for support
 *   entitlement" auto-reply does not fire (DOMAIN §3, ZENDESK.md §4.3 step 3). Both steps journal that one answer.
 * - a rate limit or an outage fails the run with an actionable message; retrying with the same Idempotency-Key
 *   resumes at the first step not done.
 * - a run asked for an internal note that stops on a failure after changing something still posts one, listing what
 *   was changed and what failed (noteOnStop): the ticket's other agents must learn that, say, its organization was
 *   changed. Each change is listed in one note only, so the retry's note lists what the retry changed or found already
 *   made (a write whose answer was lost lands as "already set" on the retry, after the stop's note said it failed).
 */
import { randomUUID } from 'node:crypto';
import { formRequiresOrganization, type FixRun, type FixRunRequest, type Policy } from '@triage-assistant/shared';
import type { ZendeskGateway, ZendeskTicket, ZendeskTicketForm, TicketPatch } from '../../adapters/zendesk/gateway.js';
import {
  AppError,
  ConflictError,
  NotFoundError,
  organizationOrUnknown,
  ticketOrGone,
  UnprocessableError,
  ZendeskConflictError,
  ZendeskRateLimitedError,
  ZendeskTooSlowError,
  ZendeskUnavailableError,
} from '../../errors.js';
import { withinDeadline } from '../../deadline.js';
import type { Inflight } from '../../plugins/inflight.js';
import type { FixRunRepository, StoredFixRun } from '../../storage/types.js';
import {
  fieldsOf,
  planSteps,
  resolveForm,
  stableStringify,
  targetsOf,
  userNoteLine,
  validateActions,
  validateAgainstTicket,
  type FixStepKind,
  type FixTargets,
  type StoredFixRequest,
  type TicketFields,
} from './plan.js';

export interface FixRunLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface FixRunDeps {
  zendesk: ZendeskGateway;
  fixRuns: FixRunRepository;
  /** Decides which forms need an organization (DOMAIN §2); without it every form is assumed to. */
  policy?: Policy;
  /** Shutdown lets the current step finish, then stops the run (resumable). */
  inflight?: Inflight;
  logger?: FixRunLogger;
  now?: () => Date;
  newId?: () => string;
  /** How long `start` waits for the run before answering with its progress (default 8 s). */
  syncBudgetMs?: number;
  /**
   * Overall deadline for the Zendesk reads a new run starts with (ticket, organization; the adapter's retries
   * included), default 5 s. Past it `start` throws ZendeskTooSlowError and stores nothing; the reads still under
   * way are abandoned (their answers are dropped and nothing further is read).
   */
  startDeadlineMs?: number;
  /**
   * A `running` run not running in this process is taken over after this long without progress (a crashed
   * instance). Default 60 s: longer than one step can take with the adapter's retries.
   */
  staleAfterMs?: number;
  /** Re-read-and-re-plan rounds after a 409 from safe_update (default 2). */
  maxConflictRetries?: number;
}

export interface StartFixRunInput {
  ticketId: number;
  agentId: number;
  idempotencyKey: string;
  request: FixRunRequest;
}

export interface StartFixRunResult {
  run: FixRun;
  /** False when the key was seen before (same run returned, resumed if it had stopped). */
  created: boolean;
}

type StepOutcome = { index: number; state: 'done' | 'skipped' | 'failed'; detail: string; response?: unknown };

/** A step failure the agent can act on; ends the run as failed. */
class StepFailure extends Error {}

const STEP_ERROR_HINT = 'Retry the fix: completed steps are not repeated.';
/** Retry-After for a start refused because Zendesk was too slow: a short wait, as for other passing failures. */
const START_RETRY_AFTER_S = 10;

function toPublicRun(run: StoredFixRun): FixRun {
  const { idempotencyKey: _k, request: _r, ...pub } = run;
  return pub;
}

/** A run's progress for its agent (needs no Zendesk); another agent's run is reported as not found. */
export async function readFixRun(fixRuns: FixRunRepository, runId: string, agentId: number): Promise<FixRun> {
  const run = await fixRuns.get(runId);
  if (!run || run.agentId !== agentId) throw new NotFoundError(`Fix run ${runId} not found`, 'fix_run_not_found');
  return toPublicRun(run);
}

function describeError(err: unknown, step: string): string {
  if (err instanceof StepFailure) return err.message;
  if (err instanceof ZendeskRateLimitedError) {
    return `Zendesk asked us to wait ${err.retryAfterSeconds} s (rate limit) at step "${step}". ${STEP_ERROR_HINT}`;
  }
  if (err instanceof ZendeskUnavailableError) return `Zendesk did not answer at step "${step}": ${err.message}. ${STEP_ERROR_HINT}`;
  if (err instanceof NotFoundError) return `Step "${step}": ${err.message}. Check that the ticket, requester and organization still exist.`;
  if (err instanceof AppError) return `Zendesk refused step "${step}": ${err.message}`;
  return `Step "${step}" failed unexpectedly. ${STEP_ERROR_HINT}`;
}

function label(field: keyof TicketFields, t: FixTargets, value: unknown): string {
  if (value === null) return 'empty';
  if (field === 'organizationId' && value === t.organizationId && t.organizationName) return `${t.organizationName} (#${String(value)})`;
  if (field === 'formId' && value === t.formId && t.formName) return `"${t.formName}"`;
  return typeof value === 'number' ? `#${value}` : JSON.stringify(value);
}

const FIELD_OF: Partial<Record<FixStepKind, keyof TicketFields>> = {
  set_organization: 'organizationId',
  set_form: 'formId',
  set_priority: 'priority',
  set_problem_type: 'problemType',
};
const FIELD_NAME: Record<keyof TicketFields, string> = {
  organizationId: 'organization',
  formId: 'form',
  priority: 'priority',
  problemType: 'problem type',
};

export class FixRunService {
  private readonly active = new Map<string, Promise<void>>();
  /** Start reads still under way after their deadline passed (see readWithinDeadline). */
  private readonly abandoned = new Set<Promise<void>>();
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(private readonly deps: FixRunDeps) {
    this.now = deps.now ?? (() => new Date());
    this.newId = deps.newId ?? randomUUID;
  }

  /**
   * Start a run, or return the run already started with this key (resuming it when it stopped: failed, interrupted
   * by a shutdown, or abandoned by a crashed instance). Waits up to `syncBudgetMs` for it to finish.
   */
  async start(input: StartFixRunInput): Promise<StartFixRunResult> {
    const key = `${input.agentId}:${input.idempotencyKey}`;
    const existing = await this.deps.fixRuns.getByIdempotencyKey(key);
    if (existing) return { run: await this.continueExisting(existing, input), created: false };

    validateActions(input.request);
    const { ticket, targets, organizationName, formName } = await this.readWithinDeadline(input);
    const stored: StoredFixRequest = {
      body: input.request,
      requesterId: ticket.requesterId,
      organizationName,
      formName,
      baseline: fieldsOf(ticket, targets.problemType?.fieldId ?? null),
    };
    const { run, created } = await this.deps.fixRuns.create({
      id: this.newId(),
      idempotencyKey: key,
      ticketId: input.ticketId,
      agentId: input.agentId,
      request: stored,
      steps: planSteps(stored),
      at: this.now(),
    });
    if (!created) return { run: await this.continueExisting(run, input), created: false };
    return { run: await this.launch(run.id), created: true };
  }

  /**
   * The reads before a new run is stored, under `startDeadlineMs`: each read has its own timeout and retries, so
   * without an overall deadline a slow Zendesk could hold the start for minutes (and the sidebar gives up at 15 s).
   * Nothing is written before or during these reads, so missing the deadline leaves nothing behind.
   */
  private async readWithinDeadline(input: StartFixRunInput) {
    const deadlineMs = this.deps.startDeadlineMs ?? 5000;
    const abandon = new AbortController();
    const reads = this.startReads(input, abandon.signal);
    const result = await withinDeadline(reads, performance.now() + deadlineMs);
    if (result.settled) return result.value;
    abandon.abort();
    // Kept for idle(); its outcome no longer matters to anyone.
    const settled = reads.then(
      () => undefined,
      () => undefined,
    );
    this.abandoned.add(settled);
    void settled.then(() => this.abandoned.delete(settled));
    throw new ZendeskTooSlowError(
      `Zendesk was too slow: it did not answer the reads that start the fix within ${deadlineMs / 1000} s, ` +
        'so nothing was changed. Try again in a moment.',
      START_RETRY_AFTER_S,
    );
  }

  /**
   * The forms to check the run's set_form against: the gateway keeps them 10 minutes, so a form missing or inactive
   * in that list (one an admin just created or activated) is looked up once more, fresh, before it is refused.
   */
  private async withFormAsked(request: FixRunRequest, forms: ZendeskTicketForm[]): Promise<ZendeskTicketForm[]> {
    const asked = request.actions.find((a) => a.kind === 'set_form');
    if (asked?.kind !== 'set_form' || forms.some((f) => f.id === asked.formId && f.active)) return forms;
    return this.deps.zendesk.listTicketForms({ fresh: true });
  }

  private async startReads(input: StartFixRunInput, signal: AbortSignal) {
    // The account's forms (cached by the gateway) only when the run changes the form: checked before any write. Read
    // beside the ticket, not after it: both count against the start's deadline.
    const wantsForm = input.request.actions.some((a) => a.kind === 'set_form');
    const [ticket, forms] = await Promise.all([
      // A 404 here is the ticket itself: answered as the assessment answers it (ticket_not_found).
      ticketOrGone(this.deps.zendesk.getTicket(input.ticketId), input.ticketId),
      wantsForm ? this.deps.zendesk.listTicketForms() : null,
    ]);
    signal.throwIfAborted();
    const form = forms === null ? null : resolveForm(input.request, this.deps.policy, await this.withFormAsked(input.request, forms));
    signal.throwIfAborted();
    const formName = form?.name ?? null;
    validateAgainstTicket(input.request, ticket, this.deps.policy, formName);
    const targets = targetsOf(input.request, { organizationName: null, formName });
    let organizationName: string | null = null;
    if (targets.organizationId !== null) {
      // The id comes from the body, so it is the request's fault (422, as a new ticket's assessment answers an unknown
      // organization and this run an unknown form), not a resource of the URL gone missing (404: the ticket).
      const index = input.request.actions.findIndex((a) => a.kind === 'associate_organization');
      const read = this.deps.zendesk.getOrganization(targets.organizationId);
      organizationName = (await organizationOrUnknown(read, targets.organizationId, `actions[${index}] associate_organization`)).name;
    }
    return { ticket, targets, organizationName, formName };
  }

  /**
   * Resume a stopped run by id from its first step not done. Nothing calls this at startup: a run stopped by a
   * shutdown or a crash waits for its agent to retry with the same key ({@link start}).
   */
  async resume(runId: string): Promise<FixRun> {
    const run = await this.deps.fixRuns.get(runId);
    if (!run) throw new NotFoundError(`Fix run ${runId} not found`, 'fix_run_not_found');
    if (run.state === 'succeeded' || this.active.has(run.id)) return toPublicRun(run);
    return this.launch(run.id);
  }

  /** The run's progress; another agent's run is reported as not found. */
  get(runId: string, agentId: number): Promise<FixRun> {
    return readFixRun(this.deps.fixRuns, runId, agentId);
  }

  /** Settles when every run executing in this process has stopped, and every start abandoned at its deadline (tests). */
  async idle(): Promise<void> {
    while (this.active.size > 0 || this.abandoned.size > 0) await Promise.all([...this.active.values(), ...this.abandoned]);
  }

  private async continueExisting(run: StoredFixRun, input: StartFixRunInput): Promise<FixRun> {
    const stored = run.request as StoredFixRequest;
    if (run.ticketId !== input.ticketId || stableStringify(stored.body) !== stableStringify(input.request)) {
      throw new ConflictError(
        'Idempotency-Key reused with a different request: use a new key for a different fix',
        'idempotency_key_reused',
      );
    }
    if (run.state === 'succeeded' || this.active.has(run.id)) return toPublicRun(run);
    if (run.state === 'running') {
      // Running elsewhere (another replica) unless it has made no progress for a while: then its instance died.
      const idleMs = this.now().getTime() - Date.parse(run.updatedAt);
      if (idleMs < (this.deps.staleAfterMs ?? 60_000)) return toPublicRun(run);
    }
    return this.launch(run.id);
  }

  /** Run in the background (tracked for shutdown) and wait up to the budget for it. */
  private async launch(runId: string): Promise<FixRun> {
    // Registered synchronously after the caller's last await, so a concurrent retry sees it and does not start twice.
    const work = this.execute(runId)
      .catch((err: unknown) => this.deps.logger?.error({ err, runId }, 'fix run stopped on an internal error'))
      .finally(() => this.active.delete(runId));
    this.active.set(runId, work);
    this.deps.inflight?.track(work);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      work,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.deps.syncBudgetMs ?? 8000);
      }),
    ]);
    clearTimeout(timer);
    const run = await this.deps.fixRuns.get(runId);
    if (!run) throw new NotFoundError(`Fix run ${runId} not found`, 'fix_run_not_found');
    return toPublicRun(run);
  }

  private async execute(runId: string): Promise<void> {
    const repo = this.deps.fixRuns;
    const run = await repo.get(runId);
    if (!run || run.state === 'succeeded') return;
    const stored = run.request as StoredFixRequest;
    const targets = targetsOf(stored.body, stored);
    if (run.state === 'failed') await repo.finish(runId, 'running', null, this.now());

    // Values a field may be overwritten from: where the run started, and whatever our own writes left behind.
    const knownFrom: TicketFields[] = [stored.baseline];
    for (const step of run.steps) {
      if (step.state !== 'done') continue;
      const answer = (await repo.stepResponse(runId, step.index)) as { ticketAfter?: TicketFields } | undefined;
      if (answer?.ticketAfter) knownFrom.push(answer.ticketAfter);
    }
    const states = run.steps.map((s) => s.state);
    const ctx: RunContext = { run, stored, targets, knownFrom, states };

    for (const step of run.steps) {
      const state = states[step.index];
      if (state === 'done' || state === 'skipped') continue;
      if (this.deps.inflight?.signal.aborted) {
        await this.stopForShutdown(ctx, step.description);
        return;
      }
      const startedAt = this.now();
      await repo.updateStep(runId, step.index, { state: 'running', detail: null, startedAt, finishedAt: null }, startedAt);
      let outcomes: StepOutcome[];
      let cause: unknown;
      try {
        outcomes = await this.runStep(ctx, step.index, step.kind as FixStepKind);
      } catch (err) {
        cause = err;
        if (!(err instanceof StepFailure) && !(err instanceof AppError)) {
          this.deps.logger?.error({ err, runId, step: step.kind }, 'fix run step failed unexpectedly');
        }
        outcomes = [{ index: step.index, state: 'failed', detail: describeError(err, step.description) }];
      }
      const at = this.now();
      for (const o of outcomes) {
        await repo.updateStep(
          runId,
          o.index,
          {
            state: o.state,
            detail: o.detail,
            ...(o.response === undefined ? {} : { zendeskResponse: o.response }),
            ...(o.index === step.index ? {} : { startedAt }),
            finishedAt: at,
          },
          at,
        );
        states[o.index] = o.state;
      }
      const failed = outcomes.find((o) => o.state === 'failed');
      if (failed) {
        await this.noteOnStop(ctx, failed, cause);
        await repo.finish(runId, 'failed', failed.detail, this.now());
        return;
      }
    }
    await repo.finish(runId, 'succeeded', null, this.now());
  }

  /**
   * Ends a run the shutdown interrupted. Nothing resumes it by itself (no startup recovery): its agent's retry with the
   * same key does, and only then is its internal note added, so the message says so rather than promising one now.
   */
  private async stopForShutdown(ctx: RunContext, stepDescription: string): Promise<void> {
    const repo = this.deps.fixRuns;
    const note = ctx.run.steps.find((s) => s.kind === 'internal_note');
    const stopped = `The service restarted before step "${stepDescription}".`;
    let message = `${stopped} ${STEP_ERROR_HINT}`;
    if (note !== undefined && ctx.states[note.index] !== 'done' && ctx.states[note.index] !== 'skipped') {
      if (await this.hasUnnotedChanges(ctx, note.index)) {
        message = `${stopped} Retry the fix: completed steps are not repeated, and the internal note listing the changes is added then.`;
        const detail = 'No internal note yet: the service restarted. Retry the fix to add it with the changes.';
        await repo.updateStep(ctx.run.id, note.index, { state: 'pending', detail }, this.now());
      }
    }
    await repo.finish(ctx.run.id, 'failed', message, this.now());
  }

  /** Whether the run made a change that no note on the ticket lists yet (per the note step's journal). */
  private async hasUnnotedChanges(ctx: RunContext, noteIndex: number): Promise<boolean> {
    const listedBefore = new Set((await this.noteJournal(ctx, noteIndex)).noted ?? []);
    return this.listable(ctx).some((i) => ctx.states[i] === 'done' && !listedBefore.has(i));
  }

  private runStep(ctx: RunContext, index: number, kind: FixStepKind): Promise<StepOutcome[]> {
    switch (kind) {
      case 'create_membership':
        return this.createMembership(ctx, index);
      case 'set_organization': {
        // The form rides along in the same update (see the module comment).
        const next = ctx.run.steps[index + 1];
        const group = next?.kind === 'set_form' && ctx.states[index + 1] !== 'done' && ctx.states[index + 1] !== 'skipped' ? [index, index + 1] : [index];
        return this.updateFields(ctx, group);
      }
      case 'set_form':
      case 'set_priority':
      case 'set_problem_type':
        return this.updateFields(ctx, [index]);
      case 'internal_note':
        return this.internalNote(ctx, index);
      case 'user_note':
        return this.userNote(ctx, index);
    }
  }

  private async createMembership(ctx: RunContext, index: number): Promise<StepOutcome[]> {
    const orgId = ctx.targets.organizationId!;
    const userId = ctx.stored.requesterId;
    const memberships = await this.deps.zendesk.listUserMemberships(userId);
    const existing = memberships.find((m) => m.organizationId === orgId);
    if (existing) {
      return [{ index, state: 'skipped', detail: 'Already a member', response: { observed: { membershipId: existing.id } } }];
    }
    const result = await this.deps.zendesk.createMembership(userId, orgId);
    if (result.alreadyMember) {
      return [{ index, state: 'done', detail: 'Already a member (Zendesk answered 422)', response: { status: 422, alreadyMember: true } }];
    }
    return [
      {
        index,
        state: 'done',
        detail: `Membership #${result.membership.id} created`,
        response: { status: 201, membership: result.membership },
      },
    ];
  }

  /** One safe_update for the fields of `indices`; re-read and re-plan on 409; never overwrite someone else's value. */
  private async updateFields(ctx: RunContext, indices: number[]): Promise<StepOutcome[]> {
    const zendesk = this.deps.zendesk;
    const { targets } = ctx;
    const ptFieldId = targets.problemType?.fieldId ?? null;
    const rounds = (this.deps.maxConflictRetries ?? 2) + 1;
    let sawConflict = false;
    for (let round = 0; round < rounds; round += 1) {
      const ticket = await zendesk.getTicket(ctx.run.ticketId);
      const current = fieldsOf(ticket, ptFieldId);
      const outcomes: StepOutcome[] = [];
      const patch: TicketPatch = {};
      const writing: number[] = [];
      for (const index of indices) {
        const kind = ctx.run.steps[index]!.kind as FixStepKind;
        const field = FIELD_OF[kind]!;
        const target = this.targetValue(targets, field);
        const now = current[field];
        if (now === target) {
          const detail = sawConflict ? 'Already set (confirmed after a concurrent update)' : 'Already set';
          outcomes.push({ index, state: 'skipped', detail, response: { observed: current } });
          continue;
        }
        if (!ctx.knownFrom.some((known) => known[field] === now)) {
          outcomes.push({
            index,
            state: 'failed',
            detail:
              `Not overwritten: the ticket's ${FIELD_NAME[field]} was changed to ${label(field, targets, now)} by someone else ` +
              `since the fix started. Review the ticket; start a new fix if ${label(field, targets, target)} is still right.`,
            response: { observed: current },
          });
          break; // later fields wait for this one (fix order)
        }
        if (kind === 'set_form') {
          const orgAfter = patch.organizationId ?? current.organizationId;
          if (orgAfter === null && formRequiresOrganization(this.deps.policy, targets.formId!, true)) {
            outcomes.push({
              index,
              state: 'failed',
              detail: `Not changed: ticket #${ticket.id} has no organization, and changing its form now would send the customer an auto-reply. Associate the organization first.`,
              response: { observed: current },
            });
            break;
          }
        }
        this.addToPatch(patch, field, targets);
        writing.push(index);
      }
      if (writing.length === 0) return outcomes;
      let updated: ZendeskTicket;
      try {
        updated = await zendesk.updateTicket(ticket.id, patch, ticket.updatedAt);
      } catch (err) {
        if (err instanceof ZendeskConflictError) {
          sawConflict = true;
          continue;
        }
        throw err;
      }
      const ticketAfter = fieldsOf(updated, ptFieldId);
      ctx.knownFrom.push(ticketAfter);
      const response = { status: 200, request: patch, updatedStamp: ticket.updatedAt, ticketAfter, updatedAt: updated.updatedAt };
      const together = writing.length > 1 ? ` (one update with ${writing.length} changes)` : '';
      const written = writing.map<StepOutcome>((index) => {
        const field = FIELD_OF[ctx.run.steps[index]!.kind as FixStepKind]!;
        return { index, state: 'done', detail: `Set to ${label(field, targets, ticketAfter[field])}${together}`, response };
      });
      return [...outcomes, ...written].sort((a, b) => a.index - b.index);
    }
    throw new StepFailure(
      `The ticket kept changing while we updated it (${rounds} conflicts in a row); nothing was overwritten. ${STEP_ERROR_HINT}`,
    );
  }

  private targetValue(t: FixTargets, field: keyof TicketFields): unknown {
    if (field === 'organizationId') return t.organizationId;
    if (field === 'formId') return t.formId;
    if (field === 'priority') return t.priority;
    return t.problemType?.value ?? null;
  }

  private addToPatch(patch: TicketPatch, field: keyof TicketFields, t: FixTargets): void {
    if (field === 'organizationId') patch.organizationId = t.organizationId!;
    else if (field === 'formId') patch.formId = t.formId!;
    else if (field === 'priority') patch.priority = t.priority!;
    else patch.customFields = [{ id: t.problemType!.fieldId, value: t.problemType!.value }];
  }

  /**
   * The note listing the run's changes. A run that stopped on a failure may already have listed some of them
   * ({@link noteOnStop}): this note lists only the others, and none when there are none.
   */
  private async internalNote(ctx: RunContext, index: number): Promise<StepOutcome[]> {
    const journal = await this.noteJournal(ctx, index);
    const { noted, landed } = await this.settleNote(ctx, journal);
    const unlisted = this.listable(ctx).filter((i) => !noted.has(i));
    const resumed = noted.size > 0;
    // After a note on a stop, a change found already set is listed too: that note said it failed or was not done,
    // while its write may have landed with the answer lost (or someone made it). Without one, "already set" alone
    // changed nothing worth a note.
    if (resumed ? unlisted.length === 0 : !unlisted.some((i) => ctx.states[i] === 'done')) {
      const response: NoteJournal = { noted: [...noted] };
      if (landed === 'final') {
        return [{ index, state: 'done', detail: 'Internal note already on the ticket (an earlier attempt landed)', response }];
      }
      if (noted.size > 0) {
        return [{ index, state: 'skipped', detail: 'The changes are in the internal note added when the fix stopped', response }];
      }
      // A note saying "nothing to do" is noise on the ticket and one more write against its rate limit.
      return [{ index, state: 'skipped', detail: 'Nothing was changed, so no internal note was added', response: { observed: 'no changes' } }];
    }
    const header = `Triage Assistant fix run ${ctx.run.id}, requested by agent #${ctx.run.agentId}${resumed ? ', resumed after it stopped' : ''}:`;
    const body = [header, ...this.noteLines(ctx, unlisted)].join('\n');
    const posted = await this.postNote(ctx, index, body, { noted: [...noted], lists: unlisted });
    const detail = resumed
      ? 'Internal note added (the changes made since the fix stopped)'
      : posted.afterConflict
        ? 'Internal note added (confirmed after a conflict)'
        : 'Internal note added';
    return [{ index, state: 'done', detail, response: posted.journal }];
  }

  /**
   * A run that stops on a failure after writing some of its changes still records them on the ticket, so its other
   * agents learn that, say, the organization was changed: an internal note lists what was changed and what failed. Only
   * for a run asked for an internal note, and stopped before that note's step (after it, everything is listed). Each
   * change is listed once (the note step's journal keeps which), so a retry that stops again, or finishes, does not list
   * it again. Best effort: its own failure is logged and the run fails as it was going to. Not added when Zendesk asked
   * for a wait or failed to answer (see whyNoNoteNow): the retry's note lists the changes then.
   */
  private async noteOnStop(ctx: RunContext, failed: StepOutcome, cause: unknown): Promise<void> {
    const note = ctx.run.steps.find((s) => s.kind === 'internal_note');
    if (note === undefined || failed.index >= note.index) return;
    const repo = this.deps.fixRuns;
    try {
      if (!(await this.hasUnnotedChanges(ctx, note.index))) return;
      const notNow = whyNoNoteNow(cause);
      if (notNow !== null) {
        const detail = `No internal note yet: ${notNow}. Retry the fix to add it with the changes.`;
        await repo.updateStep(ctx.run.id, note.index, { state: 'pending', detail }, this.now());
        return;
      }
      const { noted } = await this.settleNote(ctx, await this.noteJournal(ctx, note.index));
      const unlisted = this.listable(ctx).filter((i) => !noted.has(i));
      if (!unlisted.some((i) => ctx.states[i] === 'done')) return;
      const failedStep = ctx.run.steps[failed.index]!;
      const notDone = ctx.run.steps.filter((s) => s.index > failed.index && s.kind !== 'internal_note' && ctx.states[s.index] === 'pending');
      const body = [
        `Triage Assistant fix run ${ctx.run.id}, requested by agent #${ctx.run.agentId}, stopped before it finished:`,
        ...this.noteLines(ctx, unlisted),
        `Failed: ${failedStep.description} — ${failed.detail}`,
        ...(notDone.length > 0 ? [`Not done: ${notDone.map((s) => s.description).join('; ')}`] : []),
      ].join('\n');
      const posted = await this.postNote(ctx, note.index, body, { noted: [...noted], lists: unlisted, onStop: true });
      const detail = 'Internal note added about the changes made before the fix stopped';
      await repo.updateStep(ctx.run.id, note.index, { state: 'pending', detail, zendeskResponse: posted.journal }, this.now());
    } catch (err) {
      this.deps.logger?.warn(
        { err, runId: ctx.run.id, ticketId: ctx.run.ticketId },
        'fix run stopped after changing the ticket; the internal note listing those changes could not be added',
      );
      const reason = err instanceof AppError || err instanceof StepFailure ? err.message : 'unexpected error';
      const detail = `Could not add an internal note about the changes made before the fix stopped: ${reason}`;
      // The journal keeps an attempt whose outcome is unknown (postNote drops one that did not land): the next note
      // checks whether it landed.
      await repo.updateStep(ctx.run.id, note.index, { state: 'pending', detail }, this.now()).catch(() => undefined);
    }
  }

  /**
   * Posts an internal note with safe_update. A note is a comment, which no field read can show as "already set", so
   * the stamp is journaled before the write, with the steps the note lists; if the outcome is unknown (crash, timeout),
   * an internal note created since that stamp is taken as ours and not posted again (see settleNote). A write known
   * not to have landed (refused, rate limited, conflicts exhausted) drops the stamp again.
   */
  private async postNote(
    ctx: RunContext,
    index: number,
    body: string,
    attempt: { noted: number[]; lists: number[]; onStop?: true },
  ): Promise<{ journal: NoteJournal; afterConflict: boolean }> {
    const zendesk = this.deps.zendesk;
    const ticketId = ctx.run.ticketId;
    const rounds = (this.deps.maxConflictRetries ?? 2) + 1;
    const noted = [...attempt.noted, ...attempt.lists].sort((a, b) => a - b);
    for (let round = 0; round < rounds; round += 1) {
      const ticket = await zendesk.getTicket(ticketId);
      const intent: NoteJournal = { ...attempt, intentStamp: ticket.updatedAt };
      await this.deps.fixRuns.updateStep(ctx.run.id, index, { state: 'running', zendeskResponse: intent }, this.now());
      try {
        const updated = await zendesk.updateTicket(ticketId, { comment: { body, public: false } }, ticket.updatedAt);
        return { journal: { noted, status: 200, updatedAt: updated.updatedAt }, afterConflict: false };
      } catch (err) {
        if (!(err instanceof ZendeskConflictError)) {
          if (noteNotWritten(err)) await this.dropNoteIntent(ctx, index, attempt.noted);
          throw err;
        }
        // The adapter retries a PUT whose answer was lost; the replay meets a newer updated_at and gets 409.
        if (await this.internalNoteSince(ticketId, ticket.updatedAt)) return { journal: { noted }, afterConflict: true };
      }
    }
    // Every round's 409 found no internal note since its stamp: none of ours landed.
    await this.dropNoteIntent(ctx, index, attempt.noted);
    throw new StepFailure(`The ticket kept changing while we added the internal note; it was not added. ${STEP_ERROR_HINT}`);
  }

  /**
   * Forgets a note attempt known not to have landed. Its stamp would otherwise make the next note take any internal
   * note added since (a colleague's) for ours, and mark the changes it was to list as noted when no note lists them.
   */
  private async dropNoteIntent(ctx: RunContext, index: number, noted: number[]): Promise<void> {
    const journal: NoteJournal = { noted };
    await this.deps.fixRuns.updateStep(ctx.run.id, index, { state: 'running', zendeskResponse: journal }, this.now());
  }

  private async noteJournal(ctx: RunContext, index: number): Promise<NoteJournal> {
    return ((await this.deps.fixRuns.stepResponse(ctx.run.id, index)) ?? {}) as NoteJournal;
  }

  /** The steps listed in notes on the ticket, an earlier attempt's included when it landed (and which note it was). */
  private async settleNote(ctx: RunContext, journal: NoteJournal): Promise<{ noted: Set<number>; landed: 'final' | 'stop' | null }> {
    const noted = new Set(journal.noted ?? []);
    if (journal.intentStamp === undefined || !(await this.internalNoteSince(ctx.run.ticketId, journal.intentStamp))) {
      return { noted, landed: null };
    }
    // A journal from before notes on a stop names no steps: its note was the final one, listing every change.
    for (const i of journal.lists ?? this.listable(ctx)) noted.add(i);
    return { noted, landed: journal.onStop === true ? 'stop' : 'final' };
  }

  /**
   * Whether an internal note by a non-end-user was created since `stamp`. Not proof that it is ours: the gateway's
   * comments carry no body, and the service does not know its own API user's id, so a colleague's internal note
   * counts too. That is why a stamp is kept only while the outcome is unknown (see postNote).
   */
  private async internalNoteSince(ticketId: number, stamp: string): Promise<boolean> {
    const comments = await this.deps.zendesk.getTicketComments(ticketId);
    const since = Date.parse(stamp);
    return comments.some((c) => !c.public && c.authorRole !== 'end-user' && Date.parse(c.createdAt) >= since);
  }

  /** The changes a note lists: done, or found already made ("already set"). */
  private listable(ctx: RunContext): number[] {
    return ctx.run.steps
      .filter((s) => CHANGE_KINDS.has(s.kind as FixStepKind) && (ctx.states[s.index] === 'done' || ctx.states[s.index] === 'skipped'))
      .map((s) => s.index);
  }

  private noteLines(ctx: RunContext, indices: readonly number[]): string[] {
    return indices.map((i) => {
      const step = ctx.run.steps[i]!;
      if (ctx.states[i] !== 'skipped') return `- ${step.description}`;
      return `- ${step.description}${step.kind === 'create_membership' ? ' (already a member)' : ' (already set)'}`;
    });
  }

  private async userNote(ctx: RunContext, index: number): Promise<StepOutcome[]> {
    const { targets, stored } = ctx;
    const line = userNoteLine(targets.organizationName ?? `organization #${targets.organizationId}`, ctx.run.ticketId);
    const user = await this.deps.zendesk.getUser(stored.requesterId);
    if (user.notes.includes(line)) return [{ index, state: 'skipped', detail: 'Already noted on the requester', response: { observed: line } }];
    await this.deps.zendesk.appendUserNotes(stored.requesterId, line);
    return [{ index, state: 'done', detail: `Added "${line}" to the requester's notes`, response: { status: 200, appended: line } }];
  }
}

/**
 * Why a run that stopped this way adds no note now, or null. After a rate limit one more ticket update would be
 * refused too (Zendesk limits updates per ticket as well). After a step that used up its retries against a failing or
 * slow Zendesk, the note's reads and write (each with its own retries) would most likely fail too, while holding the
 * failure's report for up to a minute, near `staleAfterMs`, when another replica may take the run over. The retry notes.
 */
function whyNoNoteNow(cause: unknown): string | null {
  if (cause instanceof ZendeskRateLimitedError) return `Zendesk asked us to wait ${cause.retryAfterSeconds} s`;
  if (cause instanceof ZendeskTooSlowError) return 'Zendesk was too slow';
  if (cause instanceof ZendeskUnavailableError) return 'Zendesk did not answer';
  return null;
}

/**
 * A note write that failed this way did not land: Zendesk refused it (4xx) or asked for a wait. A replay of an attempt
 * that did land would have met safe_update's 409 instead. (A 429 on the adapter's replay after a timed-out attempt
 * can hide a note that landed: the retry then lists those changes twice, which is noise rather than a false record.)
 * Timeouts and 5xx leave the outcome unknown.
 */
function noteNotWritten(err: unknown): boolean {
  return err instanceof UnprocessableError || err instanceof NotFoundError || err instanceof ZendeskRateLimitedError;
}

/** The changes a run makes, in the order they run (the notes come after them). */
const CHANGE_KINDS: ReadonlySet<FixStepKind> = new Set(['create_membership', 'set_organization', 'set_form', 'set_priority', 'set_problem_type']);

/** The internal_note step's journal (Zendesk's answer for it). */
interface NoteJournal {
  /** Change steps an internal note on the ticket already lists (one added when the run stopped on a failure). */
  noted?: number[];
  /** Set before a note is written: its outcome is unknown until the note step finishes or the next note checks. */
  intentStamp?: string;
  /** The steps that note lists; absent in journals from before notes on a stop (the note listed every change). */
  lists?: number[];
  /** That note was the one added when the run stopped ({@link FixRunService.noteOnStop}). */
  onStop?: true;
  status?: number;
  updatedAt?: string;
}

interface RunContext {
  run: StoredFixRun;
  stored: StoredFixRequest;
  targets: FixTargets;
  knownFrom: TicketFields[];
  /** Live step states (the run snapshot is not re-read during execution). */
  states: StoredFixRun['steps'][number]['state'][];
}
