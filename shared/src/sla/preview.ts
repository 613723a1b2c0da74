import type { Priority, SlaMetric } from '../schemas/common.js';
import type { Policy } from '../schemas/policy.js';
import type { SlaState, SlaStatus } from '../schemas/assessment.js';
import type { TicketSnapshot } from '../schemas/ticket.js';
import { statusesWithPlan } from './engine.js';
import { deadlineLabel, displayZone, formatSlaInstant, capitalise, overdueLabel } from './format.js';
import { formLabel } from '../triage/rules.js';
import { resolvePlan, type PlanResolution } from './plan.js';
import { withUnsavedChange } from './timeline.js';

/** A "what if" change for the save-time guard: a new priority, form or plan id, or several at once. */
export interface DeadlineChangeRequest {
  priority?: Priority | null;
  /** A form id: the plan is resolved again for it (the L&R and Emergencies forms have their own plans). */
  formId?: number;
  /** A plan id of the policy (e.g. after associating an organization). */
  plan?: string;
}

/** The deadline before and after a pending change. */
export interface DeadlinePreview {
  /** The metric previewed: first reply time, or the running metric once the first reply is given. */
  metric: SlaMetric;
  /** The deadline shown today (Zendesk's `breach_at` when present), or null when no clock runs. */
  from: string | null;
  /** The engine's deadline after the change, or null when no target would apply. */
  to: string | null;
  fromState: SlaState;
  toState: SlaState;
  /** "Changing priority to Normal moves the first-reply deadline from Mon 30 Nov 11:10 PT to Tue 1 Dec 15:10 PT". */
  message: string;
}

const RUNNING: readonly SlaState[] = ['active', 'warning', 'breached', 'paused'];

function pick(statuses: readonly SlaStatus[], metric: SlaMetric): SlaStatus | undefined {
  return statuses.find((s) => s.metric === metric);
}

/**
 * What a pending priority, form or plan change does to the deadline, computed the way the policy's `onPriorityChange`
 * says (recompute from the original start by default, as Zendesk does): the change is recorded at `now` in the
 * ticket's history (the engine reads a form move that changes the plan like a priority change), and Zendesk's
 * current `breach_at` is dropped for the "after" side because it describes today.
 * Previews first reply time, or once that is fulfilled the first metric with a running clock. `known` passes the
 * plan and statuses already computed for the ticket as it is (assess has them), so they are not computed again.
 */
export function previewDeadline(
  ticket: TicketSnapshot,
  policy: Policy,
  change: DeadlineChangeRequest,
  now: Date,
  known?: { resolution: PlanResolution; statuses: readonly SlaStatus[] },
): DeadlinePreview {
  const current = known?.resolution ?? resolvePlan(ticket, policy);
  const before = known?.statuses ?? statusesWithPlan(ticket, policy, now, current);
  const running = before.find((s) => RUNNING.includes(s.state));
  const metric: SlaMetric = pick(before, 'first_reply_time')?.state === 'achieved' && running ? running.metric : 'first_reply_time';

  const priority = change.priority === undefined ? ticket.priority : change.priority;
  const formId = change.formId ?? ticket.formId;
  const hypothetical: TicketSnapshot = {
    ...ticket,
    priority,
    formId,
    slas: [],
    changes: withUnsavedChange(withUnsavedChange(ticket.changes, 'priority', ticket.priority, priority, now), 'form', ticket.formId, formId, now),
  };
  // A forced plan wins; otherwise the new form may bring another plan (the engine dates that plan from the move).
  const resolved = change.plan === undefined && formId !== ticket.formId ? resolvePlan(hypothetical, policy) : current;
  const plan = change.plan === undefined ? resolved.plan : (policy.plans.find((p) => p.id === change.plan) ?? current.plan);
  const resolution = plan === resolved.plan ? resolved : { plan, rule: null, reason: `plan set to ${plan.name}` };
  const after = statusesWithPlan(hypothetical, policy, now, resolution, metric);

  const old = pick(before, metric);
  const next = pick(after, metric);
  const from = old?.dueAt ?? null;
  const to = next?.engineDueAt ?? null;
  const zone = displayZone(policy, next?.target?.schedule ?? old?.target?.schedule);
  const fmt = (at: string) => formatSlaInstant(new Date(at), zone);

  const what: string[] = [];
  if (change.priority !== undefined) what.push(`priority to ${change.priority === null ? 'none' : capitalise(change.priority)}`);
  if (change.formId !== undefined) what.push(`form to ${formLabel(policy, change.formId)}`);
  if (change.plan !== undefined) what.push(`plan to ${plan.name}`);
  const subject = `Changing ${what.length > 0 ? what.join(' and ') : 'nothing'}`;
  const noun = deadlineLabel(metric);
  let message: string;
  if (to === null) {
    const why = next?.explanation ?? 'no target would apply';
    message = from === null ? `${subject} leaves no ${noun} (${why})` : `${subject} removes the ${noun} of ${fmt(from)} (${why})`;
  } else if (next?.state === 'breached') {
    message = `${subject} makes the ${overdueLabel(metric)} overdue at once (due ${fmt(to)})`;
  } else if (from === null) {
    message = `${subject} sets a ${noun} of ${fmt(to)}`;
  } else if (Math.abs(new Date(from).getTime() - new Date(to).getTime()) < 60_000) {
    message = `${subject} keeps the ${noun} at ${fmt(to)}`;
  } else {
    message = `${subject} moves the ${noun} from ${fmt(from)} to ${fmt(to)}`;
  }
  return { metric, from, to, fromState: old?.state ?? 'none', toState: next?.state ?? 'none', message };
}
