import { formatBusinessDuration } from '../business-time/index.js';
import type { Commitment, CommitmentState, CommitmentStatus } from '../schemas/commitment.js';
import type { Policy } from '../schemas/policy.js';
import { policyZone } from '../sla/format.js';
import type { CommentEvent, TicketSnapshot } from '../schemas/ticket.js';
import { formatDueTime } from './format.js';

const MS_PER_MINUTE = 60_000;

/** Options of {@link commitmentStatus}. */
export interface CommitmentStatusOptions {
  /** Zone the explanation is written in; default the policy's first schedule's zone (GitLab: Pacific). */
  timeZone?: string;
}

/**
 * The reply that fulfils a commitment: the first public comment by an agent at or after the commitment was set
 * (and not after `now`). Internal notes, bots and system messages tell the customer nothing, so they never count.
 */
export function commitmentReply(commitment: Commitment, ticket: TicketSnapshot, now: Date): CommentEvent | null {
  const from = Date.parse(commitment.createdAt);
  const to = now.getTime();
  let first: CommentEvent | null = null;
  for (const c of ticket.comments) {
    if (!c.public || c.authorRole !== 'agent') continue;
    const at = Date.parse(c.createdAt);
    if (at < from || at > to) continue;
    if (first === null || at < Date.parse(first.createdAt)) first = c;
  }
  return first;
}

/** Whole wall-clock minutes until `due`: rounded up while ahead (30 s left → 1), down once past (30 s late → -1). */
function minutesUntil(due: number, now: number): number {
  const exact = (due - now) / MS_PER_MINUTE;
  const whole = exact > 0 ? Math.ceil(exact) : Math.floor(exact);
  return whole === 0 ? 0 : whole;
}

/**
 * Where a commitment ("you will hear from us by …") stands at `now`:
 * - `cancelled` when `cancelledAt` is set;
 * - `met` by the first public agent reply at or after the commitment was set ({@link commitmentReply}), even a late
 *   one (the explanation then says how late);
 * - otherwise `overdue` once `now ≥ dueAt`, `due_soon` within `warnings.commitmentDueSoonMinutes`, else `upcoming`.
 *
 * `reminderAt` lists every reminder instant (`dueAt` minus each `warnings.commitmentReminderMinutes`), past ones
 * included, sorted; the scheduler drops those already sent. It is empty once met or cancelled. Reminders are
 * wall-clock instants and are not moved into business hours: the due time is a promise the agent chose, so a
 * Saturday promise gets its Saturday reminder (waiting for Monday's opening would remind after the promise broke).
 */
export function commitmentStatus(
  commitment: Commitment,
  ticket: TicketSnapshot,
  policy: Policy,
  now: Date,
  options: CommitmentStatusOptions = {},
): CommitmentStatus {
  const reply = commitment.cancelledAt === null ? commitmentReply(commitment, ticket, now) : null;
  return commitmentStatusWithReply(commitment, reply?.createdAt ?? null, policy, now, options);
}

/**
 * {@link commitmentStatus} when the fulfilling reply is already known rather than read from a ticket snapshot:
 * `metAt` is the instant of the first public agent reply at or after the commitment was set (e.g. recorded from a
 * webhook), or null when there is none yet. Same states, reminders and explanation.
 */
export function commitmentStatusWithReply(
  commitment: Commitment,
  metAt: string | null,
  policy: Policy,
  now: Date,
  options: CommitmentStatusOptions = {},
): CommitmentStatus {
  const zone = options.timeZone ?? policyZone(policy);
  const due = Date.parse(commitment.dueAt);
  const minutesLeft = minutesUntil(due, now.getTime());
  const promised = `Update promised by ${formatDueTime(new Date(due), zone, now)}`;
  const base = { commitment, minutesLeft };

  if (commitment.cancelledAt !== null) {
    return { ...base, state: 'cancelled', metAt: null, reminderAt: [], explanation: `${promised} — cancelled` };
  }
  if (metAt !== null) {
    const at = Date.parse(metAt);
    const late = at > due ? `, ${formatBusinessDuration((at - due) / MS_PER_MINUTE)} late` : '';
    return {
      ...base,
      state: 'met',
      metAt,
      reminderAt: [],
      explanation: `${promised} — met by the public reply at ${formatDueTime(new Date(at), zone, now)}${late}`,
    };
  }
  const reminderAt = [...new Set(policy.warnings.commitmentReminderMinutes)]
    .sort((a, b) => b - a)
    .map((m) => new Date(due - m * MS_PER_MINUTE).toISOString());
  const msLeft = due - now.getTime();
  let state: CommitmentState;
  let when: string;
  if (msLeft <= 0) {
    state = 'overdue';
    when = minutesLeft === 0 ? 'due now' : `overdue by ${formatBusinessDuration(-minutesLeft)}`;
  } else {
    state = msLeft <= policy.warnings.commitmentDueSoonMinutes * MS_PER_MINUTE ? 'due_soon' : 'upcoming';
    when = `due in ${formatBusinessDuration(minutesLeft)}`;
  }
  return { ...base, state, metAt: null, reminderAt, explanation: `${promised} — ${when}` };
}
