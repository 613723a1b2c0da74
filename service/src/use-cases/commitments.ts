import { randomUUID } from 'node:crypto';
import {
  commitmentStatusWithReply,
  isFinishedStatus,
  validateCommitmentDue,
  ValidationError,
  type Commitment,
  type CommitmentStatus,
  type Notification,
  type Policy,
  type TicketStatus,
} from '@triage-assistant/shared';
import { withinDeadline } from '../deadline.js';
import { ConflictError, NotFoundError, TicketNotFoundError } from '../errors.js';
import type { CommitmentRecord, NewReminder, ReminderRecord, Storage } from '../storage/types.js';

const MINUTE = 60_000;
export const COMMITMENT_SOURCE = 'commitment';

export function toCommitment(r: CommitmentRecord): Commitment {
  return {
    id: r.id,
    ticketId: r.ticketId,
    agentId: r.agentId,
    dueAt: r.dueAt.toISOString(),
    note: r.note,
    createdAt: r.createdAt.toISOString(),
    cancelledAt: r.cancelledAt?.toISOString() ?? null,
  };
}

/**
 * The due-time rules the sidebar shows the agent (shared `validateCommitmentDue`), enforced: its errors (in the past,
 * more than 30 days ahead) refuse the commitment; its warning (outside business hours) is the agent's call.
 */
export function validateDue(dueAt: Date, now: Date, policy: Policy): void {
  const errors = validateCommitmentDue(dueAt, now, policy).filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new ValidationError('commitment', errors.map((p) => ({ path: 'dueAt', message: p.message })));
}

/** The reminders for a commitment: one per `policy.warnings.commitmentReminderMinutes` offset still ahead of `now`. */
export function commitmentReminders(c: CommitmentRecord, policy: Policy, now: Date): NewReminder[] {
  const offsets = [...new Set(policy.warnings.commitmentReminderMinutes)].sort((a, b) => b - a);
  return offsets
    .map((minutes) => ({ minutes, at: new Date(c.dueAt.getTime() - minutes * MINUTE) }))
    .filter(({ at }) => at.getTime() >= now.getTime())
    .map(({ minutes, at }) => ({
      id: randomUUID(),
      source: COMMITMENT_SOURCE,
      sourceId: c.id,
      ticketId: c.ticketId,
      agentId: c.agentId,
      kind: 'commitment_due',
      dueAt: at,
      message:
        (minutes === 0
          ? `Your update on ticket #${c.ticketId} is due now`
          : `Your update on ticket #${c.ticketId} is due in ${minutes} min (${c.dueAt.toISOString()})`) + (c.note ? `: ${c.note}` : ''),
      payload: { commitmentId: c.id, dueAt: c.dueAt.toISOString(), minutesBefore: minutes },
      createdAt: now,
    }));
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | null;
  return e?.code === '23505' || e?.cause?.code === '23505';
}

export interface CommitmentDeps {
  storage: Storage;
  policy: Policy;
  clock: () => Date;
  /**
   * The ticket's saved status; rejects (TicketNotFoundError) when Zendesk has no such ticket. Without it (Zendesk not
   * configured) any ticket id is taken, as the webhook applies its database effects without Zendesk.
   */
  ticketStatus?: (ticketId: number) => Promise<TicketStatus>;
  /** How long a PUT waits for that check before storing the commitment unchecked (default {@link TICKET_CHECK_MS}). */
  ticketCheckMs?: number;
  /** Told when the check could not answer (Zendesk slow, rate-limited or failing) and the commitment was stored unchecked. */
  onTicketCheckSkipped?: (ticketId: number, err: unknown) => void;
}

/** The sidebar waits on the PUT: a Zendesk that has not answered the ticket check by then is not waited for. */
export const TICKET_CHECK_MS = 2_000;

/**
 * The ticket check, bounded: only Zendesk's answer refuses the commitment, "no such ticket" (404) or a solved or
 * closed ticket (409). A slow, rate-limited or failing Zendesk must not cost an agent the promise they just made, so
 * then it is stored unchecked and the reason told.
 */
async function checkTicket(deps: CommitmentDeps, ticketId: number): Promise<void> {
  if (deps.ticketStatus === undefined) return;
  const waitMs = deps.ticketCheckMs ?? TICKET_CHECK_MS;
  const check = deps.ticketStatus(ticketId);
  let status: TicketStatus;
  try {
    const read = await withinDeadline(check, performance.now() + waitMs);
    if (!read.settled) {
      check.catch(() => undefined); // its outcome no longer matters
      deps.onTicketCheckSkipped?.(ticketId, new Error(`Zendesk did not answer within ${waitMs} ms`));
      return;
    }
    status = read.value;
  } catch (err) {
    if (err instanceof TicketNotFoundError) throw err;
    deps.onTicketCheckSkipped?.(ticketId, err);
    return;
  }
  // No update is due on a finished ticket: the webhook closes its commitment, so one set now would remind its agent of
  // a promise nobody is waiting for.
  if (isFinishedStatus(status)) {
    const reopen = status === 'solved' ? ' (reopen it to promise one)' : '';
    throw new ConflictError(`Ticket #${ticketId} is ${status}: no update is due on a ${status} ticket${reopen}`, 'ticket_solved');
  }
}

/**
 * Who may change a commitment: any agent, by design. The promise is the ticket's to the customer, not one agent's:
 * tickets change hands at every regional handover, and a promise nobody else can move is a promise that breaks when
 * its agent is off. What must not happen is that its agent loses it silently, so an agent whose commitment another
 * agent replaced or cancelled gets a notice in their inbox (delivered by the scheduler like any reminder).
 */
function takenOverNotice(previous: CommitmentRecord, actorId: number, now: Date, replacement: CommitmentRecord | null): NewReminder[] {
  if (previous.agentId === actorId) return [];
  const was = `was due ${previous.dueAt.toISOString()}`;
  const what = replacement === null ? `cancelled your commitment on ticket #${previous.ticketId} (${was})` : `replaced your commitment on ticket #${previous.ticketId} (${was}; now due ${replacement.dueAt.toISOString()}, their reminders)`;
  return [
    {
      id: randomUUID(),
      source: COMMITMENT_SOURCE,
      sourceId: previous.id,
      ticketId: previous.ticketId,
      agentId: previous.agentId,
      kind: 'commitment_taken_over',
      dueAt: now,
      message: `Agent #${actorId} ${what}`,
      payload: { commitmentId: previous.id, byAgentId: actorId, replacedBy: replacement?.id ?? null },
      createdAt: now,
    },
  ];
}

/** The open commitment is already this one (same agent, due time and note): putting it again changes nothing. */
function samePromise(open: CommitmentRecord, input: { agentId: number; dueAt: Date; note: string }): boolean {
  return open.agentId === input.agentId && open.dueAt.getTime() === input.dueAt.getTime() && open.note === input.note;
}

/**
 * Thrown inside putCommitment's transaction to roll it back: the open commitment it replaced was this same promise.
 * `open` is that row as the rollback leaves it (the replace's UPDATE returned it cancelled).
 */
class SamePromiseAlreadyOpen extends Error {
  constructor(readonly open: CommitmentRecord) {
    super('the same commitment is already open');
  }
}

/**
 * Set (or replace) the ticket's commitment and its reminders, in one transaction. Idempotent, as a PUT: the same
 * commitment put again (a double click, a retried request, several at once) answers the open one and stores nothing,
 * where each used to replace the last, leaving "cancelled" copies in the agent's list for a day.
 */
export async function putCommitment(
  deps: CommitmentDeps,
  input: { ticketId: number; agentId: number; dueAt: Date; note: string },
): Promise<Commitment> {
  const now = deps.clock();
  validateDue(input.dueAt, now, deps.policy);
  // A commitment on a ticket that does not exist would stay open for ever (no reply, no status change ever closes it)
  // and remind its agent about nothing; one on a solved ticket would remind them although the webhook closes it.
  await checkTicket(deps, input.ticketId);
  try {
    return await deps.storage.transaction(async (tx) => {
      const { commitment, replaced } = await tx.commitments.replace({ id: randomUUID(), ...input, createdAt: now });
      // The open commitment was already this one (put again, or by a PUT at the same moment that committed first):
      // roll back the replace and answer that one.
      if (replaced !== null && samePromise(replaced, input)) throw new SamePromiseAlreadyOpen({ ...replaced, cancelledAt: null });
      if (replaced) await tx.reminders.cancelBySource(COMMITMENT_SOURCE, replaced.id, now);
      const notice = replaced ? takenOverNotice(replaced, input.agentId, now, commitment) : [];
      await tx.reminders.schedule([...commitmentReminders(commitment, deps.policy, now), ...notice]);
      return toCommitment(commitment);
    });
  } catch (err) {
    if (err instanceof SamePromiseAlreadyOpen) return toCommitment(err.open);
    if (!isUniqueViolation(err)) throw err;
    // On PostgreSQL, two PUTs at once may both find no open commitment and both insert: the second hits the one-open
    // index. When the one that won is the same promise, this PUT is done too.
    const open = await deps.storage.commitments.findOpenByTicket(input.ticketId);
    if (open !== null && samePromise(open, input)) return toCommitment(open);
    throw new ConflictError('Another commitment was set on this ticket at the same moment; reload and retry', 'commitment_conflict');
  }
}

/** Cancel the ticket's open commitment and its pending reminders (`agentId`: who cancels); 404 when there is none. */
export async function cancelCommitment(deps: CommitmentDeps, ticketId: number, agentId: number): Promise<void> {
  const now = deps.clock();
  await deps.storage.transaction(async (tx) => {
    const cancelled = await tx.commitments.cancelOpen(ticketId, now);
    if (cancelled === null) throw new NotFoundError(`Ticket #${ticketId} has no open commitment`, 'commitment_not_found');
    await tx.reminders.cancelBySource(COMMITMENT_SOURCE, cancelled.id, now);
    await tx.reminders.schedule(takenOverNotice(cancelled, agentId, now, null));
  });
}

/**
 * The agent's open commitments, and those met or cancelled in the last 24 hours (not those the agent replaced with a
 * newer one: a moved due time is not a cancellation).
 */
export async function listMyCommitments(deps: CommitmentDeps, agentId: number): Promise<CommitmentStatus[]> {
  const now = deps.clock();
  const records = await deps.storage.commitments.listForAgent(agentId, new Date(now.getTime() - 1440 * MINUTE));
  // `met` comes from the webhook (a public agent reply), stored as `metAt`: no ticket re-read per commitment.
  return records.map((r) => commitmentStatusWithReply(toCommitment(r), r.metAt?.toISOString() ?? null, deps.policy, now));
}

/** How long a notification handed to a poller waits for its acknowledgement before it is handed out again. */
export const NOTIFICATION_LEASE_MS = 60_000;

/** Delivered reminders the agent has not seen; each is returned once (marked read in the same statement). */
export async function takeNotifications(deps: CommitmentDeps, agentId: number): Promise<Notification[]> {
  return (await deps.storage.reminders.takeInbox(agentId, deps.clock())).map(toNotification);
}

/**
 * Delivered reminders the agent has not acknowledged and no poller holds: each handed out for
 * {@link NOTIFICATION_LEASE_MS}, then again until `acknowledgeNotifications` marks it read. Another poller of the same
 * agent (a second Zendesk tab) gets none of them meanwhile.
 */
export async function leaseNotifications(deps: CommitmentDeps, agentId: number): Promise<Notification[]> {
  return (await deps.storage.reminders.leaseInbox(agentId, deps.clock(), NOTIFICATION_LEASE_MS)).map(toNotification);
}

/** Marks the agent's notifications among `ids` read (shown); returns how many were still unread. */
export function acknowledgeNotifications(deps: CommitmentDeps, agentId: number, ids: readonly string[]): Promise<number> {
  return deps.storage.reminders.ackInbox(agentId, ids, deps.clock());
}

function toNotification(r: ReminderRecord): Notification {
  return {
    id: r.id,
    ticketId: r.ticketId,
    kind: r.kind as Notification['kind'],
    message: r.message,
    dueAt: r.dueAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
  };
}
