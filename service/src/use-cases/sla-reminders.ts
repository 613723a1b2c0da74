/**
 * SLA-warning reminders: the instants the shared engine computes per running metric (`SlaStatus.reminderAt`:
 * elapsed-percent thresholds, minutes before the deadline, the breach) become reminder rows (source `sla`, source id
 * = the ticket id) addressed to the ticket's assignee; the reminder scheduler delivers them once (inbox, Slack, the
 * optional Zendesk tag).
 *
 * Replanning replaces the ticket's pending rows: every undelivered row is cancelled and the new plan scheduled in the
 * same transaction (an unchanged instant revives its row; a delivered one is never sent again). Triggers:
 * - the webhook (`ticket_changed`, `comment_added`): a fresh read of the ticket, always written;
 * - the sidebar (`POST /v1/assessments`, `GET /v1/tickets/:id/assessment`): the statuses the assessment already
 *   computed, no extra Zendesk call, written in the background only when the plan differs from the last one this
 *   replica wrote for the ticket (an in-memory signature).
 *
 * A ticket without an assignee gets no SLA reminders (nobody to address them to): its group's at-risk list covers it.
 * Achieved, paused and no-SLA metrics have no `reminderAt`, so replanning cancels their pending rows.
 */
import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { displayZone, formatSlaInstant, isFinishedStatus, slaStatuses, type Policy, type SlaStatus } from '@triage-assistant/shared';
import type { ZendeskTicket } from '../adapters/zendesk/gateway.js';
import { TicketNotFoundError } from '../errors.js';
import type { NewReminder, Storage } from '../storage/types.js';
import { readTicketById, SavedOrganizationNotFoundError, type AssessDeps } from './assess-ticket.js';

export const SLA_SOURCE = 'sla';
export const SLA_WARNING_KIND = 'sla_warning';
export const SLA_BREACHED_KIND = 'sla_breached';
/** The engine's label of the breach instant. */
const BREACH_LABEL = 'breached';

/** One planned instant, before it becomes a row. */
interface PlannedInstant {
  metric: SlaStatus['metric'];
  kind: typeof SLA_WARNING_KIND | typeof SLA_BREACHED_KIND;
  at: Date;
  label: string;
  dueAt: string;
  zone: string;
  /** A breach a deadline change dated at itself, on a ticket not breached before it: the one a late replan still tells. */
  causedByChange: boolean;
}

/** The status's breach at `atMs` was dated at a change that found the ticket not yet breached (its earlier due later). */
function breachCausedByChange(s: SlaStatus, atMs: number): boolean {
  return s.deadlineChanges.some(
    (c) => c.to !== null && Date.parse(c.to) === atMs && Date.parse(c.at) === atMs && (c.from === null || Date.parse(c.from) > atMs),
  );
}

function plannedInstants(statuses: readonly SlaStatus[], policy: Policy): PlannedInstant[] {
  const seen = new Set<string>();
  const out: PlannedInstant[] = [];
  for (const s of statuses) {
    if (s.dueAt === null) continue;
    const zone = displayZone(policy, s.target?.schedule);
    for (const r of s.reminderAt) {
      const kind = r.label === BREACH_LABEL ? SLA_BREACHED_KIND : SLA_WARNING_KIND;
      const at = new Date(r.at);
      // Rows are unique per (ticket, kind, instant): two metrics warning at the same instant make one reminder.
      const key = `${kind}@${at.getTime()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const causedByChange = kind === SLA_BREACHED_KIND && breachCausedByChange(s, at.getTime());
      out.push({ metric: s.metric, kind, at, label: r.label, dueAt: s.dueAt, zone, causedByChange });
    }
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** "Ticket #123: 15 min to first reply time breach (due Mon 23 Nov 13:00 PST)". */
function messageFor(ticketId: number, p: PlannedInstant): string {
  const metric = p.metric.replace(/_/g, ' ');
  const due = formatSlaInstant(new Date(p.dueAt), p.zone);
  if (p.kind === SLA_BREACHED_KIND) return `Ticket #${ticketId}: ${metric} breached (was due ${due})`;
  const what = p.label.endsWith(' to breach') ? `${p.label.slice(0, -' to breach'.length)} to ${metric} breach` : p.label;
  return `Ticket #${ticketId}: ${what} (due ${due})`;
}

/**
 * How far back a breach instant is still planned when a change caused it. A change that makes a ticket late (a
 * priority raised past its target, a form move to a faster plan, the association) dates the breach at the change (no
 * back-dating, #38), so it is already past when the webhook replans a few seconds later, and dropping past instants
 * left the assignee untold. Planned at its own instant, the row is due at once; the reminders' unique key (ticket,
 * kind, instant) keeps a breach already delivered from being sent twice. Not caught up: a change on a ticket already
 * breached (its breach was told at the time), and an older breach nobody was told of (a ticket assigned a day later),
 * left to the sidebar and the at-risk list.
 */
export const BREACH_CATCH_UP_MS = 60 * 60_000;

/**
 * The reminder rows for a ticket's SLA statuses: one per `reminderAt` instant still ahead of `now` (at or after),
 * and a breach a change caused up to {@link BREACH_CATCH_UP_MS} behind it; kind `sla_breached` for the breach and `sla_warning`
 * for the others, addressed to `assigneeId`. No assignee → none.
 */
export function slaReminders(input: {
  ticketId: number;
  assigneeId: number | null;
  statuses: readonly SlaStatus[];
  policy: Policy;
  now: Date;
}): NewReminder[] {
  const { ticketId, assigneeId, now } = input;
  if (assigneeId === null) return [];
  return plannedInstants(input.statuses, input.policy)
    .filter((p) => p.at.getTime() >= now.getTime() - (p.causedByChange ? BREACH_CATCH_UP_MS : 0))
    .map((p) => ({
      id: randomUUID(),
      source: SLA_SOURCE,
      sourceId: String(ticketId),
      ticketId,
      agentId: assigneeId,
      kind: p.kind,
      dueAt: p.at,
      message: messageFor(ticketId, p),
      payload: { metric: p.metric, label: p.label, dueAt: p.dueAt },
      createdAt: now,
    }));
}

/** What the plan depends on, past instants included (so time passing alone does not change it). */
function signatureOf(assigneeId: number | null, statuses: readonly SlaStatus[], policy: Policy): string {
  if (assigneeId === null) return 'unassigned';
  return `${assigneeId}|${plannedInstants(statuses, policy)
    .map((p) => `${p.kind}@${p.at.getTime()}@${p.dueAt}`)
    .join(',')}`;
}

export interface SlaPlanResult {
  ticketId: number;
  /** The rows now pending for the ticket (future instants, and a breach a change just caused). */
  planned: NewReminder[];
  /** Pending rows cancelled before scheduling (rows whose instant is still planned are revived). */
  cancelled: number;
}

/** Replace the ticket's pending SLA reminders with `rows`, in one transaction. */
export async function replaceSlaReminders(storage: Storage, ticketId: number, rows: NewReminder[], now: Date): Promise<SlaPlanResult> {
  return storage.transaction(async (tx) => {
    const cancelled = await tx.reminders.cancelPendingBySource(SLA_SOURCE, String(ticketId), now);
    await tx.reminders.schedule(rows);
    return { ticketId, planned: rows, cancelled };
  });
}

export interface SlaPlanDeps {
  storage: Storage;
  assess: AssessDeps;
}

/**
 * Plan a ticket's SLA reminders from Zendesk as saved now: the assessments' read path with the cache bypassed
 * (`readTicketById(…, {fresh: true})`), the shared `slaStatuses`, then {@link replaceSlaReminders}. A ticket Zendesk
 * no longer has (deleted) loses its pending reminders.
 */
export async function planSlaReminders(deps: SlaPlanDeps, ticketId: number): Promise<SlaPlanResult & { ticket: ZendeskTicket | null; statuses: SlaStatus[] }> {
  const { policy, clock } = deps.assess;
  let read: Awaited<ReturnType<typeof readTicketById>>;
  try {
    read = await readTicketById(deps.assess, ticketId, { fresh: true });
  } catch (err) {
    // Only the ticket's own 404: a deleted organization or requester is no reason to drop the ticket's reminders.
    if (!(err instanceof TicketNotFoundError)) throw err;
    return { ...(await replaceSlaReminders(deps.storage, ticketId, [], clock())), ticket: null, statuses: [] };
  }
  const now = clock();
  const statuses = slaStatuses(read.snapshot, policy, now);
  const rows = slaReminders({ ticketId, assigneeId: read.ticket.assigneeId ?? null, statuses, policy, now });
  return { ...(await replaceSlaReminders(deps.storage, ticketId, rows, now)), ticket: read.ticket, statuses };
}

/** One line for the webhook's `effects`. */
export function describePlan(result: SlaPlanResult & { ticket: ZendeskTicket | null }): string {
  if (result.ticket === null) return `ticket not found in Zendesk: ${result.cancelled} SLA reminder(s) cancelled`;
  if ((result.ticket.assigneeId ?? null) === null) return 'SLA reminders: none (ticket unassigned; the group at-risk list covers it)';
  const instants = result.planned.map((r) => `${r.kind} ${r.dueAt.toISOString()}`);
  return `SLA reminders: ${result.planned.length} planned${instants.length > 0 ? ` (${instants.join(', ')})` : ''}`;
}

/**
 * Keeps each ticket's SLA reminders in step with what this replica last saw: the webhook replans always (and
 * remembers the plan), the sidebar replans in the background only when its statuses give a different plan.
 * The memory is per replica and bounded: a forgotten ticket is simply replanned on its next sidebar open.
 */
export class SlaReminderPlanner {
  private readonly last = new LRUCache<number, string>({ max: 20_000 });
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly options: {
      storage: Storage;
      policy: Policy;
      clock: () => Date;
      onError: (ticketId: number, err: unknown) => void;
      /** Shutdown waits for background writes (the app's inflight tracker). */
      track?: <T>(work: Promise<T>) => Promise<T>;
    },
  ) {}

  /**
   * Webhook: fresh read and write. Returns what was planned (for the webhook's effects), the ticket's status as just
   * read (`deleted`: Zendesk has it no more) and, when its saved organization is gone, what that left undone.
   */
  async replan(assess: AssessDeps, ticketId: number): Promise<{ effect: string; ticketStatus: string | null; skipped?: string }> {
    let result: Awaited<ReturnType<typeof planSlaReminders>>;
    try {
      result = await planSlaReminders({ storage: this.options.storage, assess }, ticketId);
    } catch (err) {
      if (!(err instanceof SavedOrganizationNotFoundError)) throw err;
      return this.withoutOrganization(ticketId, err);
    }
    if (result.ticket !== null) this.last.set(ticketId, signatureOf(result.ticket.assigneeId ?? null, result.statuses, this.options.policy));
    else this.last.delete(ticketId);
    return { effect: describePlan(result), ticketStatus: result.ticket === null ? 'deleted' : result.ticket.status };
  }

  /**
   * The ticket was read but its plan (the saved organization) was not. Its status still counts: dropping it left a
   * solved ticket's commitment open. A solved or closed ticket runs no SLA clock under any plan, so its pending
   * reminders go as a replan would drop them; any other keeps its reminders (replanned without the plan, they could be
   * the wrong ones).
   */
  private async withoutOrganization(ticketId: number, err: SavedOrganizationNotFoundError): Promise<{ effect: string; ticketStatus: string; skipped: string }> {
    const status = err.ticketStatus;
    if (!isFinishedStatus(status)) {
      const skipped = `SLA reminders not replanned: ${err.message}`;
      return { effect: skipped, ticketStatus: status, skipped };
    }
    const { cancelled } = await replaceSlaReminders(this.options.storage, ticketId, [], this.options.clock());
    this.last.delete(ticketId);
    return {
      effect: `SLA reminders: none, the ticket is ${status} (no clock runs on it under any plan; its organization was not read: ${err.message}): ${cancelled} cancelled`,
      ticketStatus: status,
      skipped: `organization not read: ${err.message}`,
    };
  }

  /**
   * Sidebar: the statuses an assessment just computed for the saved ticket. Returns at once; writes in the
   * background, and only when the plan differs from the last one written for the ticket. Unsaved edits are ignored.
   */
  observe(info: { ticket: ZendeskTicket; sla: SlaStatus[]; saved: boolean }): void {
    if (!info.saved) return;
    const { ticket, sla } = info;
    const assigneeId = ticket.assigneeId ?? null;
    const signature = signatureOf(assigneeId, sla, this.options.policy);
    if (this.last.get(ticket.id) === signature) return;
    this.last.set(ticket.id, signature);
    const now = this.options.clock();
    const rows = slaReminders({ ticketId: ticket.id, assigneeId, statuses: sla, policy: this.options.policy, now });
    const work = replaceSlaReminders(this.options.storage, ticket.id, rows, now).catch((err: unknown) => {
      // Forget the signature so the next open tries again.
      this.last.delete(ticket.id);
      this.options.onError(ticket.id, err);
    });
    const tracked = this.options.track ? this.options.track(work) : work;
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  /** Resolves when the background writes started so far have finished (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.running]);
  }
}
