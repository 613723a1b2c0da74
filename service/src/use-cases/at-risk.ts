/**
 * A group's tickets at risk, soonest first: first replies breaching within the policy's warning window (or already
 * breached) and agents' commitments that are overdue or due soon.
 *
 * Sources: the group's new and open tickets from the Search API, re-read through show_many with the `slas` sideload
 * (Zendesk's `breach_at` is the countdown's truth, ZENDESK.md §5). Where Zendesk sent `slas`, its first-reply metric
 * decides (only an `active` one is at risk: `achieved` means answered); comments are read only for tickets without the
 * sideload, so the engine can tell an answered ticket from an unanswered one. Commitments come from storage: those of
 * the searched tickets by ticket id; those on tickets outside the search (pending or on-hold ones, typically) from the
 * account-wide soonest-first list (at most 500), matched to the group through show_many.
 */
import {
  commitmentStatusWithReply,
  displayZone,
  formatBusinessDuration,
  formatSlaInstant,
  policyZone,
  slaStatuses,
  type AtRiskItem,
  type Policy,
} from '@triage-assistant/shared';
import type { ZendeskGateway } from '../adapters/zendesk/gateway.js';
import { requesterFromTicket, ticketFieldIds, toTicketSnapshot } from '../adapters/zendesk/map-ticket.js';
import { NotFoundError } from '../errors.js';
import type { CommitmentRepository } from '../storage/types.js';
import { mapLimit } from './assess-ticket.js';
import { toCommitment } from './commitments.js';

export interface AtRiskDeps {
  zendesk: ZendeskGateway;
  commitments: Pick<CommitmentRepository, 'listOpenDueBefore' | 'findOpenByTickets'>;
  policy: Policy;
  clock: () => Date;
}

/** Group tickets examined at most (3 search pages). */
export const AT_RISK_TICKET_LIMIT = 300;
const MINUTE = 60_000;
/** Concurrent comment reads (only tickets without the `slas` sideload need them). */
const COMMENT_CONCURRENCY = 8;

export async function listAtRisk(deps: AtRiskDeps, groupId: number): Promise<{ groupId: number; items: AtRiskItem[] }> {
  const { zendesk, policy } = deps;
  const now = deps.clock();
  const zone = policyZone(policy);
  const fields = ticketFieldIds(policy);
  const tickets = await zendesk.searchOpenGroupTickets(groupId, AT_RISK_TICKET_LIMIT);
  const orgIds = [...new Set(tickets.map((t) => t.organizationId).filter((id): id is number => id !== null))];
  const orgs = new Map((orgIds.length === 0 ? [] : await zendesk.getOrganizations(orgIds)).map((o) => [o.id, o]));
  const items: AtRiskItem[] = [];

  // Comments only where Zendesk sent no `slas`; read a few at a time. A ticket deleted since the search is skipped.
  const candidates = tickets.filter((t) => {
    if (t.slas === null) return true;
    const zd = t.slas.find((m) => m.metric === 'first_reply_time');
    return zd?.stage === 'active' && Boolean(zd.breachAt);
  });
  const comments = await mapLimit(candidates, COMMENT_CONCURRENCY, async (t) => {
    if (t.slas !== null) return [];
    try {
      return await zendesk.getTicketComments(t.id);
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  });

  candidates.forEach((ticket, i) => {
    const read = comments[i];
    if (read === null || read === undefined) return;
    const snapshot = toTicketSnapshot(
      {
        ticket,
        comments: read,
        requester: requesterFromTicket(ticket),
        organization: ticket.organizationId === null ? null : (orgs.get(ticket.organizationId) ?? null),
      },
      fields,
    );
    // Only the SLA clocks: the triage findings `assess` adds are not read here. The engine's states are the rule:
    // `warning` is within the policy's warning window, `breached` from the deadline on.
    const frt = slaStatuses(snapshot, policy, now).find((s) => s.metric === 'first_reply_time');
    if (!frt?.dueAt || (frt.state !== 'warning' && frt.state !== 'breached')) return;
    const breached = frt.state === 'breached';
    const minutesLeft = (Date.parse(frt.dueAt) - now.getTime()) / MINUTE;
    // In the target schedule's zone, as the sidebar shows the same deadline.
    const due = formatSlaInstant(new Date(frt.dueAt), displayZone(policy, frt.target?.schedule));
    items.push({
      ticketId: ticket.id,
      kind: breached ? 'frt_breached' : 'frt_breach_soon',
      dueAt: frt.dueAt,
      priority: ticket.priority,
      subject: ticket.subject ?? null,
      assigneeId: ticket.assigneeId ?? null,
      message: breached
        ? `First reply breached ${formatBusinessDuration(-minutesLeft)} ago (due ${due})`
        : `First reply due in ${formatBusinessDuration(minutesLeft)} (${due})`,
    });
  });

  const dueBefore = new Date(now.getTime() + policy.warnings.commitmentDueSoonMinutes * MINUTE);
  // The account-wide list is capped (500, oldest first). Commitments on tickets solved without a reply are closed by
  // the "ticket changed" webhook, but without that trigger they stay open for ever, the list fills with other tickets'
  // old ones, and this group's fall off it. So the group's new and open tickets are looked up by id (exact); the
  // capped list still brings the others (the group's pending or on-hold tickets).
  const [listed, ofSearched] = await Promise.all([
    deps.commitments.listOpenDueBefore(dueBefore),
    tickets.length === 0 ? new Map<number, never>() : deps.commitments.findOpenByTickets(tickets.map((t) => t.id)),
  ]);
  const byTicket = new Map(listed.map((c) => [c.ticketId, c]));
  for (const c of ofSearched.values()) if (c.dueAt.getTime() < dueBefore.getTime()) byTicket.set(c.ticketId, c);
  const commitments = [...byTicket.values()];
  if (commitments.length > 0) {
    const inGroup = new Map(tickets.map((t) => [t.id, t]));
    const unknown = [...new Set(commitments.map((c) => c.ticketId))].filter((id) => !inGroup.has(id));
    for (const t of unknown.length === 0 ? [] : await zendesk.showManyTickets(unknown)) {
      if (t.groupId === groupId) inGroup.set(t.id, t);
    }
    for (const c of commitments) {
      const ticket = inGroup.get(c.ticketId);
      if (ticket === undefined) continue;
      // The commitment status is the rule (overdue from the due time on, due soon within the policy's window).
      const status = commitmentStatusWithReply(toCommitment(c), c.metAt?.toISOString() ?? null, policy, now, { timeZone: zone });
      if (status.state !== 'overdue' && status.state !== 'due_soon') continue;
      const overdue = status.state === 'overdue';
      const due = formatSlaInstant(c.dueAt, zone);
      items.push({
        ticketId: c.ticketId,
        kind: overdue ? 'commitment_overdue' : 'commitment_due_soon',
        dueAt: c.dueAt.toISOString(),
        priority: ticket.priority,
        subject: ticket.subject ?? null,
        assigneeId: ticket.assigneeId ?? null,
        message:
          (overdue
            ? `Agent ${c.agentId}'s promised update is ${formatBusinessDuration(-status.minutesLeft)} overdue (due ${due})`
            : `Agent ${c.agentId}'s promised update is due in ${formatBusinessDuration(status.minutesLeft)} (${due})`) +
          (c.note ? `: ${c.note}` : ''),
      });
    }
  }

  items.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.ticketId - b.ticketId);
  return { groupId, items };
}
