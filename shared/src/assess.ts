import { commitmentStatus } from './commitments/index.js';
import type { Assessment } from './schemas/assessment.js';
import type { Commitment } from './schemas/commitment.js';
import type { Policy } from './schemas/policy.js';
import { snapshotInstantProblems } from './schemas/instant-window.js';
import { TicketSnapshotSchema, type TicketSnapshot } from './schemas/ticket.js';
import { resolvePlan, slaStatuses } from './sla/index.js';
import { checklist } from './triage/checklist.js';
import { findingsFor, type TriageContext } from './triage/findings.js';
import { planFixes } from './triage/fix-plan.js';
import { parseOrThrow, ValidationError } from './validation.js';

/** Options of {@link assess}. */
export interface AssessOptions {
  /** The agent's promised follow-up on this ticket, if any: its status is part of the assessment. */
  commitment?: Commitment | undefined;
  /** Extra knowledge for the findings (the organization the requester would get, a suggested form). */
  triage?: TriageContext | undefined;
}

/**
 * Everything the sidebar shows for one ticket at `now`: the plan, the ordered checklist and findings, the fix plan,
 * the SLA status per metric and the commitment's status. The snapshot is parsed first, so untrusted input
 * (a request body, a CLI's stdin) throws a `ValidationError` naming the bad field, and nothing else; so does an
 * instant outside {@link SNAPSHOT_WINDOW} of `now`, which would cost seconds of business-time arithmetic.
 */
export function assess(
  snapshot: unknown,
  policy: Policy,
  now: Date,
  options: AssessOptions = {},
): Assessment {
  const ticket = parseOrThrow(TicketSnapshotSchema, snapshot, 'ticket');
  const problems = snapshotInstantProblems(ticket, now);
  if (problems.length > 0) throw new ValidationError('ticket', problems);
  return assessParsed(ticket, policy, now, options);
}

/**
 * {@link assess} for a snapshot that is already a parsed `TicketSnapshot` (defaults applied): for callers that
 * validated their input at their own boundary (the service parses the request body and Zendesk's answers, then
 * merges them), so the snapshot is not parsed a second time on every request.
 */
export function assessParsed(ticket: TicketSnapshot, policy: Policy, now: Date, options: AssessOptions = {}): Assessment {
  const resolved = resolvePlan(ticket, policy);
  const sla = slaStatuses(ticket, policy, now, resolved);
  const findings = findingsFor(ticket, policy, now, options.triage ?? {}, resolved, sla);
  return {
    ticketId: ticket.id,
    assessedAt: now.toISOString(),
    policy: { name: policy.name, version: policy.version },
    plan: { id: resolved.plan.id, name: resolved.plan.name, sla: resolved.plan.sla, reason: resolved.reason },
    checks: checklist(findings),
    findings,
    fixPlan: planFixes(ticket, policy, findings),
    sla,
    commitment: options.commitment ? commitmentStatus(options.commitment, ticket, policy, now) : null,
  };
}
