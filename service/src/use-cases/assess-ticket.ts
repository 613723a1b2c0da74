/**
 * Assessments: the sidebar's snapshot (or a ticket id) → enriched TicketSnapshot → the shared `assess`.
 *
 * Trust model (ZENDESK.md §3): the body comes from iframe JavaScript an agent can alter, so every fact the service
 * can read with its own credentials is re-read and wins. Merge rule for `POST /v1/assessments` with a ticket id:
 *
 * | from Zendesk (service wins)                                   | from the snapshot (the agent's unsaved edits) |
 * |---------------------------------------------------------------|-----------------------------------------------|
 * | createdAt, updatedAt, status, tags, channel, `slas`           | priority, formId, type                        |
 * | organization (tags, fields: the plan) — by the saved org id   | customerSeverity, problemType, region         |
 * | requester id and memberships (`organizationIds`)              |                                               |
 * | comments, when the snapshot carries none                      | comments, when the snapshot carries some      |
 * | field changes from the audits, when the snapshot carries none | field changes, when the snapshot carries some |
 * | submitter: kept only when its id is Zendesk's submitter       | requester email/name when the id matches      |
 *
 * The kept fields are what the agent is editing right now, so the preview shows what saving would do; the plan
 * (organization + tags) and the clock (createdAt, status, breach_at) cannot be forged. A snapshot without an id (new
 * ticket) has nothing to re-read except its organization and the requester's memberships, which are re-read too.
 *
 * What Zendesk no longer has (or never had): a requester it answers 404 for has no memberships (as in batches), and the
 * ticket is still assessed. The ticket's own 404 is `ticket_not_found`; a new ticket's organization id, which only the
 * snapshot gives, is 422 `organization_not_found` naming `ticket.organization.id`; a saved organization's 404 stays
 * an error (it sets the plan: see `enrich`).
 *
 * Zendesk calls per sidebar open: one Show Ticket (with `slas`) + one memberships list (both on a cold open; the
 * memberships and the organization come from the adapter's 2-minute caches after that) + the ticket's audits, read
 * beside the ticket (the field changes that say why a deadline moved; the sidebar sends none, and they are reused
 * while the ticket's `updated_at` stays the same), comments only when the snapshot has none; for a form the policy does not list, the account's forms for its name (cached by the adapter with
 * the other account configuration). The result of that enrichment is kept for a short TTL
 * keyed by ticket id and `updated_at`: a re-open of an unchanged ticket costs no Zendesk call at all.
 */
import { LRUCache } from 'lru-cache';
import {
  assessParsed,
  formOf,
  type Assessment,
  type CommentEvent,
  type FieldChange,
  type OrganizationSnapshot,
  type Policy,
  type Priority,
  type SlaStatus,
  type TicketSnapshot,
  type TicketStatus,
  type TriageContext,
  isFinishedStatus,
  withUnsavedChange,
} from '@triage-assistant/shared';
import type { TicketHistory, ZendeskGateway, ZendeskTicket, ZendeskUser } from '../adapters/zendesk/gateway.js';
import { requesterFromTicket, ticketFieldIds, toTicketSnapshot, type TicketFieldIds } from '../adapters/zendesk/map-ticket.js';
import { NotFoundError, organizationOrUnknown, ticketOrGone } from '../errors.js';
import type { CommitmentRepository } from '../storage/types.js';
import { toCommitment } from './commitments.js';
import type { FormNames } from './form-names.js';

/** How long an enrichment is reused: short, because a webhook-less change (org re-sync) must show up soon. */
export const ENRICHMENT_TTL_MS = 45_000;

/** What the service read from Zendesk for one ticket. */
export interface Enrichment {
  ticket: ZendeskTicket;
  organization: OrganizationSnapshot | null;
  organizationIds: number[];
  /** Undefined until some request needed them (the sidebar usually sends its own). */
  comments?: CommentEvent[];
  /** Undefined until an id-only assessment needed the requester's email and role. */
  requester?: ZendeskUser;
  /** The ticket's field changes from its audits; undefined as for comments, and after a failed read. */
  changes?: FieldChange[];
}

export interface EnrichmentCache {
  get(ticketId: number): Enrichment | undefined;
  /** The entry even when its TTL has passed: what it read may still hold for the same `updated_at`. */
  getStale(ticketId: number): Enrichment | undefined;
  set(ticketId: number, value: Enrichment): void;
}

/** An LRU with a TTL on the injected clock (tests move time by hand). */
export function createEnrichmentCache(options: { ttlMs?: number; max?: number; clock: () => Date }): EnrichmentCache {
  const cache = new LRUCache<number, Enrichment>({
    max: options.max ?? 5000,
    ttl: options.ttlMs ?? ENRICHMENT_TTL_MS,
    ttlResolution: 0,
    perf: { now: () => options.clock().getTime() },
  });
  return {
    get: (id) => cache.get(id),
    // peek: a stale entry stays for the read that follows, in case it fails.
    getStale: (id) => cache.peek(id, { allowStale: true }),
    set: (id, v) => void cache.set(id, v),
  };
}

export interface AssessDeps {
  zendesk: ZendeskGateway;
  commitments: Pick<CommitmentRepository, 'findOpenByTicket' | 'findOpenByTickets'>;
  policy: Policy;
  clock: () => Date;
  cache?: EnrichmentCache;
  /** Where severity and region live (default: the policy's `fields`). */
  fieldIds?: Omit<TicketFieldIds, 'forms'>;
  /**
   * Called after a single-ticket assessment with the Zendesk ticket and the SLA statuses just computed; `saved` is
   * false when the sidebar's unsaved priority or form went into them. Must not throw or block (SLA reminder planning
   * hooks in here to replan in the background without another Zendesk read).
   */
  onAssessed?: (info: { ticket: ZendeskTicket; sla: SlaStatus[]; saved: boolean }) => void;
  /** Zendesk's form names, for a form the policy does not list (without it, `form.unknown` names forms by id). */
  formNames?: FormNames;
  /**
   * Told when the ticket's audits could not be read: the assessment goes on without the history (the deadlines are
   * recomputed from the current fields, as without audits; only the "deadline moved" explanations are missing).
   */
  onHistoryError?: (ticketId: number, err: unknown) => void;
}

function fieldIds(deps: AssessDeps): TicketFieldIds {
  return ticketFieldIds(deps.policy, deps.fieldIds);
}

async function membershipIds(zendesk: ZendeskGateway, userId: number): Promise<number[]> {
  try {
    // Cached by the gateway (organization TTL): a re-open after the enrichment expired costs one Zendesk call, not two.
    return (await zendesk.listUserMemberships(userId, { cached: true })).map((m) => m.organizationId);
  } catch (err) {
    // Zendesk answers 404 for the memberships of a user it does not have: a requester deleted since (spam clean-up,
    // GDPR deletion) or an id typed into a new ticket. Such a requester belongs to no organization, as `getUser`'s 404
    // is read below and as batches read every requester; failing here made the ticket unassessable and its webhooks
    // 404 for ever.
    if (err instanceof NotFoundError) return [];
    throw err;
  }
}

/**
 * A new ticket's organization, as the sidebar sent it, re-read from Zendesk. The snapshot is the only source here, so
 * an id Zendesk does not know is the request's fault and is refused naming the field (422), rather than assessed with
 * the organization (its plan cannot be read, and the agent's form shows one) or without it (the checklist would ask
 * for an organization the agent sees selected).
 */
function newTicketOrganization(zendesk: ZendeskGateway, organizationId: number): Promise<OrganizationSnapshot> {
  return organizationOrUnknown(zendesk.getOrganization(organizationId), organizationId, 'ticket.organization.id');
}

/**
 * A saved ticket's organization is gone from Zendesk (404), though the ticket itself was just read. Answered as the
 * organization's 404 (same message and code); `ticketStatus` is the status that read gave, for a caller that can go
 * on without the organization's plan (the webhook: a solved ticket's commitment closes whatever its plan).
 */
export class SavedOrganizationNotFoundError extends NotFoundError {
  constructor(
    cause: NotFoundError,
    readonly ticketId: number,
    readonly organizationId: number,
    readonly ticketStatus: ZendeskTicket['status'],
  ) {
    super(cause.message, cause.code);
  }
}

async function savedOrganization(zendesk: ZendeskGateway, ticket: ZendeskTicket, organizationId: number): Promise<OrganizationSnapshot> {
  try {
    return await zendesk.getOrganization(organizationId);
  } catch (err) {
    if (err instanceof NotFoundError) throw new SavedOrganizationNotFoundError(err, ticket.id, organizationId, ticket.status);
    throw err;
  }
}

/**
 * The ticket's enrichment, from the cache when it is younger than the TTL and (when the caller knows it) still at the
 * same `updated_at`; otherwise read: Show Ticket with `slas`, the organization (adapter-cached), the memberships.
 */
async function enrich(deps: AssessDeps, ticketId: number, expectedUpdatedAt: string | undefined, fresh = false): Promise<Enrichment> {
  const hit = fresh ? undefined : deps.cache?.get(ticketId);
  if (hit && (expectedUpdatedAt === undefined || Date.parse(hit.ticket.updatedAt) === Date.parse(expectedUpdatedAt))) return hit;
  const ticket = await ticketOrGone(deps.zendesk.getTicket(ticketId), ticketId);
  const [organization, organizationIds] = await Promise.all([
    // A saved organization Zendesk no longer has stays an error (its plan decides the SLA): the webhook's replan keeps
    // the ticket's reminders and says why (sla-reminders.ts), rather than replanning them as without a plan.
    ticket.organizationId === null ? null : savedOrganization(deps.zendesk, ticket, ticket.organizationId),
    membershipIds(deps.zendesk, ticket.requesterId),
  ]);
  const value: Enrichment = { ticket, organization, organizationIds };
  deps.cache?.set(ticketId, value);
  return value;
}

/**
 * That Zendesk has the ticket, and its saved status, before the service stores something about it (a commitment):
 * free when the enrichment cache holds a read of it younger than its TTL (the sidebar that just assessed it),
 * otherwise one Show Ticket. A cached solved or closed status is read again: it refuses the commitment, and the
 * ticket may have been reopened since (the agent reopens, then promises). Rejects with {@link TicketNotFoundError}
 * when Zendesk has no such ticket.
 */
export async function savedTicketStatus(deps: Pick<AssessDeps, 'zendesk' | 'cache'>, ticketId: number): Promise<TicketStatus> {
  const cached = deps.cache?.get(ticketId);
  if (cached !== undefined && !isFinishedStatus(cached.ticket.status)) return cached.ticket.status;
  return (await ticketOrGone(deps.zendesk.getTicket(ticketId), ticketId)).status;
}

/** The ticket's field history, or undefined when it could not be read (told to `onHistoryError`). Never rejects. */
async function readHistory(deps: AssessDeps, ticketId: number): Promise<TicketHistory | undefined> {
  try {
    return await deps.zendesk.getTicketHistory(ticketId);
  } catch (err) {
    // A ticket gone is said by the ticket read beside this one.
    if (!(err instanceof NotFoundError)) deps.onHistoryError?.(ticketId, err);
    return undefined;
  }
}

const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b);
/** The history holds the audit of the update at `updatedAt` (or a later one). */
const readThrough = (history: TicketHistory, updatedAt: string) =>
  history.latestAuditAt !== null && Date.parse(history.latestAuditAt) >= Date.parse(updatedAt);
/** Never updated since it was created (its triggers run within the creation): its audits hold no change. */
const untouched = (t: { createdAt: string; updatedAt?: string | undefined }) => t.updatedAt !== undefined && sameInstant(t.createdAt, t.updatedAt);

/**
 * The enrichment with the ticket's field changes (its audits). Every update of a ticket adds an audit and moves its
 * `updated_at`, so changes read for one `updated_at` are reused while the ticket stays there, also past the cache's
 * TTL: a re-open a minute later re-reads the ticket only. A ticket never updated since its creation has none to read
 * (the new tickets of the first-reply window). Otherwise the audits are read beside the ticket, not after; `seen` is
 * what the caller knows of the ticket's instants (the sidebar's), to tell that before Zendesk does.
 */
async function enrichWithChanges(
  deps: AssessDeps,
  ticketId: number,
  seen: { createdAt: string; updatedAt?: string | undefined } | undefined,
  fresh = false,
): Promise<Enrichment> {
  const expectedUpdatedAt = seen?.updatedAt;
  const previous = fresh ? undefined : deps.cache?.getStale(ticketId);
  const known = previous?.changes === undefined ? undefined : { changes: previous.changes, updatedAt: previous.ticket.updatedAt };
  const reusable = known !== undefined && (expectedUpdatedAt === undefined || sameInstant(known.updatedAt, expectedUpdatedAt));
  const historyRead = reusable || (seen !== undefined && untouched(seen)) ? undefined : readHistory(deps, ticketId);
  // Read beside the ticket: a rejection is handled inside, so leaving it unawaited when the ticket read fails is safe.
  const e = await enrich(deps, ticketId, expectedUpdatedAt, fresh);
  if (e.changes !== undefined) return e;
  let changes: FieldChange[] | undefined;
  if (untouched(e.ticket)) changes = [];
  else if (known !== undefined && sameInstant(known.updatedAt, e.ticket.updatedAt)) changes = known.changes;
  else {
    let history = await (historyRead ?? readHistory(deps, ticketId));
    // Read beside the ticket, the audits may predate an update the ticket read saw. Kept under that update's
    // `updated_at`, they would hide its change for as long as the ticket stays there: read them again, after it.
    if (history !== undefined && historyRead !== undefined && !readThrough(history, e.ticket.updatedAt)) history = await readHistory(deps, ticketId);
    changes = history?.changes;
  }
  if (changes !== undefined) {
    e.changes = changes;
    deps.cache?.set(ticketId, e);
  }
  return e;
}

async function withComments(deps: AssessDeps, e: Enrichment): Promise<CommentEvent[]> {
  if (e.comments === undefined) {
    e.comments = await ticketOrGone(deps.zendesk.getTicketComments(e.ticket.id), e.ticket.id);
    deps.cache?.set(e.ticket.id, e);
  }
  return e.comments;
}

/**
 * Knowledge for the findings, both lookups at once: the one organization the requester belongs to, when there is
 * exactly one (organization finding), and Zendesk's name of a form the policy does not list (`form.unknown`).
 */
async function triageContext(deps: AssessDeps, snapshot: TicketSnapshot, formNameRead: Promise<string | undefined>): Promise<TriageContext> {
  const [organization, formName] = await Promise.all([onlyOrganization(deps, snapshot), formNameRead]);
  return {
    ...(organization === undefined ? {} : { slaIfAssociated: { organization } }),
    ...(formName === undefined ? {} : { formName }),
  };
}

async function onlyOrganization(deps: AssessDeps, snapshot: TicketSnapshot): Promise<OrganizationSnapshot | undefined> {
  if (snapshot.organization !== null || snapshot.requester.organizationIds.length !== 1) return undefined;
  const only = snapshot.requester.organizationIds[0]!;
  try {
    return await deps.zendesk.getOrganization(only);
  } catch (err) {
    // A membership of a deleted organization: the finding falls back to the policy's best plan.
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}

/**
 * Zendesk's name of the ticket's form when the policy does not list it. Only then is Zendesk asked (see
 * {@link createFormNames}: best effort, a short wait, no retry storm): a ticket on a policy form costs no request.
 * Never rejects, so it can start before the enrichment and be awaited after it.
 */
function unknownFormName(deps: AssessDeps, formId: number | null): Promise<string | undefined> {
  if (formId === null || deps.formNames === undefined || formOf(deps.policy, formId) !== undefined) return Promise.resolve(undefined);
  return deps.formNames.nameOf(formId);
}

async function assessEnriched(
  deps: AssessDeps,
  snapshot: TicketSnapshot,
  now: Date,
  formNameRead: Promise<string | undefined> = unknownFormName(deps, snapshot.formId),
): Promise<Assessment> {
  const open = snapshot.id === null ? null : await deps.commitments.findOpenByTicket(snapshot.id);
  return assessParsed(snapshot, deps.policy, now, {
    commitment: open ? toCommitment(open) : undefined,
    triage: await triageContext(deps, snapshot, formNameRead),
  });
}

/**
 * Zendesk's history, with the agent's unsaved priority and form each as a change now when the history has changes
 * of that field: the engine gives the snapshot's value to the last epoch, so the last recorded change would otherwise
 * be told as a move to the unsaved value. Without recorded ones the unsaved value is read as the ticket's all along,
 * as it always was (the deadline previews what saving would do).
 */
function historyWithEdits(
  changes: FieldChange[],
  saved: { priority: Priority | null; formId: number | null },
  unsaved: { priority: Priority | null; formId: number | null },
  now: Date,
): FieldChange[] {
  let out = changes;
  if (changes.some((c) => c.field === 'priority')) out = withUnsavedChange(out, 'priority', saved.priority, unsaved.priority, now);
  if (changes.some((c) => c.field === 'form')) out = withUnsavedChange(out, 'form', saved.formId, unsaved.formId, now);
  return out;
}

/**
 * The snapshot with the service-read facts merged in (see the table at the top of this file). Not parsed again: the
 * input was parsed by the route, the Zendesk facts by the adapter, and the merge is typed (`assessParsed` trusts it).
 */
export async function enrichSnapshot(deps: AssessDeps, input: TicketSnapshot): Promise<TicketSnapshot> {
  if (input.id === null) {
    const [organization, organizationIds] = await Promise.all([
      input.organization === null ? null : newTicketOrganization(deps.zendesk, input.organization.id),
      membershipIds(deps.zendesk, input.requester.id),
    ]);
    return { ...input, organization, requester: { ...input.requester, organizationIds } };
  }
  const e = input.changes.length > 0 ? await enrich(deps, input.id, input.updatedAt) : await enrichWithChanges(deps, input.id, input);
  const t = e.ticket;
  const comments = input.comments.length > 0 ? input.comments : await withComments(deps, e);
  const sameRequester = input.requester.id === t.requesterId;
  // The snapshot's submitter is kept only when it is Zendesk's; otherwise the merged snapshot has none.
  const { submitter, ...sent } = input;
  return {
    ...sent,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    status: t.status,
    organization: e.organization,
    requester: {
      id: t.requesterId,
      email: sameRequester ? input.requester.email : (e.requester?.email ?? null),
      ...(sameRequester && input.requester.name !== undefined ? { name: input.requester.name } : {}),
      role: sameRequester ? input.requester.role : (e.requester?.role ?? 'end-user'),
      organizationIds: e.organizationIds,
    },
    ...(submitter !== undefined && submitter.id === t.submitterId ? { submitter } : {}),
    tags: t.tags,
    via: { channel: t.channel ?? input.via.channel },
    comments,
    changes: input.changes.length > 0 ? input.changes : historyWithEdits(e.changes ?? [], t, input, deps.clock()),
    slas: t.slas ?? [],
  };
}

/** `POST /v1/assessments`: the sidebar's snapshot, enriched, assessed at the clock's now. */
export async function assessSnapshot(deps: AssessDeps, input: TicketSnapshot): Promise<Assessment> {
  // The form is the agent's (the merge keeps it): its name is read while the ticket is, not after.
  const formNameRead = unknownFormName(deps, input.formId);
  const snapshot = await enrichSnapshot(deps, input);
  const assessment = await assessEnriched(deps, snapshot, deps.clock(), formNameRead);
  if (deps.onAssessed !== undefined && input.id !== null) {
    const ticket = deps.cache?.get(input.id)?.ticket;
    // The agent's unsaved priority or form change the clocks: those statuses are a preview, not the saved ticket's.
    if (ticket !== undefined) deps.onAssessed({ ticket, sla: assessment.sla, saved: ticket.priority === input.priority && ticket.formId === input.formId });
  }
  return assessment;
}

/**
 * The ticket as saved in Zendesk, entirely read by the service (ticket, comments, requester, memberships), with the
 * snapshot built from it. `fresh` skips the enrichment cache for the ticket (a webhook says it just changed) and
 * refreshes the cache with what it read.
 */
export async function readTicketById(
  deps: AssessDeps,
  ticketId: number,
  options: { fresh?: boolean } = {},
): Promise<{ ticket: ZendeskTicket; snapshot: TicketSnapshot }> {
  const e = await enrichWithChanges(deps, ticketId, undefined, options.fresh === true);
  const comments = await withComments(deps, e);
  let requester = e.requester;
  if (requester === undefined) {
    try {
      requester = await deps.zendesk.getUser(e.ticket.requesterId);
      e.requester = requester;
      deps.cache?.set(ticketId, e);
    } catch (err) {
      // A requester deleted since (a spam clean-up, a GDPR deletion) still leaves a ticket with clocks: it is read as
      // the ticket tells it, as batches do. Failing here answered the webhook 404, which Zendesk never retries, and left
      // the ticket's SLA reminders as they were.
      if (!(err instanceof NotFoundError)) throw err;
      // Kept like a read user, so reads within the cache's lifetime do not ask Zendesk for it again.
      requester = requesterFromTicket(e.ticket);
      e.requester = requester;
      deps.cache?.set(ticketId, e);
    }
  }
  const snapshot = toTicketSnapshot(
    { ticket: e.ticket, comments, requester, requesterOrganizationIds: e.organizationIds, organization: e.organization, changes: e.changes ?? [] },
    fieldIds(deps),
  );
  return { ticket: e.ticket, snapshot };
}

/** `GET /v1/tickets/:id/assessment`: everything read by the service (ticket, comments, requester, memberships). */
export async function assessTicketById(deps: AssessDeps, ticketId: number): Promise<Assessment> {
  const { ticket, snapshot } = await readTicketById(deps, ticketId);
  const assessment = await assessEnriched(deps, snapshot, deps.clock());
  deps.onAssessed?.({ ticket, sla: assessment.sla, saved: true });
  return assessment;
}

/** Tickets a batch assesses at most (the request schema says the same). */
export const MAX_BATCH = 500;
/** Concurrent comment reads in a batch (only for tickets Zendesk gave no `slas` for). */
const COMMENT_CONCURRENCY = 8;

/** `fn` over `items` with at most `limit` running at once; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function failureMessage(err: unknown): string {
  if (err instanceof Error && err.name !== 'Error') return err.message;
  return 'could not be assessed (the error was logged)';
}

/**
 * `POST /v1/assessments/batch` (a view of up to 500 tickets): one show_many per 100 ids (with `slas`), one
 * organizations show_many for the uncached ones and one open-commitments query, no per-ticket user or membership
 * reads. Comments are read only for
 * tickets without an `slas` sideload: where Zendesk gives `slas`, first-reply fulfilment comes from its stage
 * (`achieved`), not from comments. The requester's memberships are taken as the ticket's organization only.
 * A ticket that cannot be assessed is listed in `failures`; only a failure of the shared reads fails the batch.
 */
export async function assessBatch(
  deps: AssessDeps & { onError?: (ticketId: number, err: unknown) => void },
  ticketIds: readonly number[],
): Promise<{ assessments: Assessment[]; failures: { ticketId: number; message: string }[] }> {
  const now = deps.clock();
  const ids = [...new Set(ticketIds)];
  const tickets = await deps.zendesk.showManyTickets(ids);
  const byId = new Map(tickets.map((t) => [t.id, t]));
  const orgIds = [...new Set(tickets.map((t) => t.organizationId).filter((id): id is number => id !== null))];
  const [organizations, openCommitments] = await Promise.all([
    orgIds.length === 0 ? [] : deps.zendesk.getOrganizations(orgIds),
    deps.commitments.findOpenByTickets(tickets.map((t) => t.id)),
  ]);
  const orgs = new Map(organizations.map((o) => [o.id, o]));
  const fields = fieldIds(deps);

  type Result = { ok: Assessment } | { failure: { ticketId: number; message: string } };
  const results = await mapLimit(ids, COMMENT_CONCURRENCY, async (id): Promise<Result> => {
    const ticket = byId.get(id);
    if (ticket === undefined) return { failure: { ticketId: id, message: `ticket ${id} was not found in Zendesk` } };
    try {
      const comments = ticket.slas === null ? await deps.zendesk.getTicketComments(id) : [];
      const organization = ticket.organizationId === null ? null : (orgs.get(ticket.organizationId) ?? null);
      const snapshot = toTicketSnapshot({ ticket, comments, requester: requesterFromTicket(ticket), organization }, fields);
      const open = openCommitments.get(id);
      // The account's form list is read once for the whole batch (the gateway caches it and shares the read).
      const formName = await unknownFormName(deps, ticket.formId);
      return {
        ok: assessParsed(snapshot, deps.policy, now, {
          commitment: open ? toCommitment(open) : undefined,
          triage: formName === undefined ? {} : { formName },
        }),
      };
    } catch (err) {
      deps.onError?.(id, err);
      return { failure: { ticketId: id, message: failureMessage(err) } };
    }
  });
  return {
    assessments: results.flatMap((r) => ('ok' in r ? [r.ok] : [])),
    failures: results.flatMap((r) => ('failure' in r ? [r.failure] : [])),
  };
}
