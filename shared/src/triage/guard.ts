import { formatBusinessDuration } from '../business-time/index.js';
import type { GuardDecision, PendingChange, SlaStatus } from '../schemas/assessment.js';
import type { Priority, SlaMetric } from '../schemas/common.js';
import type { Policy } from '../schemas/policy.js';
import type { TicketSnapshot } from '../schemas/ticket.js';
import { capitalise, deadlineLabel, displayZone } from '../sla/format.js';
import { previewDeadline, slaStatuses, type DeadlineChangeRequest } from '../sla/index.js';
import { formatInstant } from './format.js';
import { formLabel, formOf, formRequiresOrganization } from './rules.js';

const MS_PER_MINUTE = 60_000;

const METRIC_LABEL: Record<SlaMetric, string> = {
  first_reply_time: 'First reply',
  next_reply_time: 'Next reply',
  periodic_update_time: 'Periodic update',
};

interface Reason {
  code: string;
  message: string;
}

/**
 * The save-time guard (ZAF `ticket.save` hook): given the unsaved change, block or warn before it is submitted.
 *
 * - block `form.entitlement_without_org`: moving an organization-less ticket to a form that requires entitlement
 *   (DOMAIN §3: the form change re-runs triggers, auto-replies and may auto-close);
 * - warn `sla.reply_after_breach` / `sla.reply_near_breach`: a public reply while a reply SLA is breached or due
 *   within `warnings.warningWindowMinutes` (internal notes never trigger these: they do not stop the clock);
 * - warn `sla.deadline_moves`: a priority change (or clearing it) or a form change (the form may bring another plan:
 *   L&R, Emergencies) that moves the deadline, saying which change and where to; both in one save are one move;
 * - warn `status.pending_without_public_reply`: Pending set with only an internal note (ZenGuard, DOMAIN §9).
 *
 * All reasons are combined into one message; a block wins over warnings. `ok` has an empty message.
 */
export function guardSave(ticket: TicketSnapshot, policy: Policy, pending: PendingChange, now: Date): GuardDecision {
  const blocks: Reason[] = [];
  const warnings: Reason[] = [];
  // `null` is a form ZAF did not tell (Zendesk has no "no form" to save): no form change then.
  const formId = pending.formId != null && pending.formId !== ticket.formId ? pending.formId : undefined;

  if (formId !== undefined && ticket.organization === null) {
    const target = formOf(policy, formId);
    if (target !== undefined && formRequiresOrganization(policy, formId, false)) {
      blocks.push({
        code: 'form.entitlement_without_org',
        message: `Associate the organization first: form "${target.name}" requires entitlement, and changing the form of a ticket without an organization re-runs triggers and sends the customer an auto-reply (non-contact tickets are auto-closed).`,
      });
    }
  }

  let statuses: SlaStatus[] | undefined;
  const getStatuses = () => (statuses ??= slaStatuses(ticket, policy, now));

  if (pending.comment?.public === true) {
    for (const status of getStatuses()) {
      if (status.metric === 'periodic_update_time') continue;
      if (status.state === 'achieved' || status.state === 'none' || status.state === 'paused') continue;
      if (status.dueAt === null) continue;
      const due = new Date(status.dueAt);
      const when = formatInstant(due, displayZone(policy, status.target?.schedule), now);
      const minutes = (due.getTime() - now.getTime()) / MS_PER_MINUTE;
      const label = METRIC_LABEL[status.metric];
      if (minutes <= 0) {
        warnings.push({
          code: 'sla.reply_after_breach',
          message: `${label} is ${formatBusinessDuration(-minutes)} past its SLA (due ${when}).`,
        });
      } else if (minutes <= policy.warnings.warningWindowMinutes) {
        warnings.push({
          code: 'sla.reply_near_breach',
          message: `${label} is due in ${formatBusinessDuration(minutes)} (${when}).`,
        });
      }
    }
  }

  // `null` clears the priority (no target: the deadline goes); left out, it is unknown and nothing is said. A blocked
  // form change is not previewed: it cannot be saved as it is, and once the organization is associated its plan and
  // deadline are other ones.
  const edit: DeadlineChangeRequest = {};
  if (pending.priority !== undefined && pending.priority !== ticket.priority) edit.priority = pending.priority;
  if (formId !== undefined && blocks.length === 0) edit.formId = formId;
  if (edit.priority !== undefined || edit.formId !== undefined) {
    const preview = previewDeadline(ticket, policy, edit, now);
    const from = preview.from === null ? null : new Date(preview.from);
    const to = preview.to === null ? null : new Date(preview.to);
    // Under a minute apart is the same deadline (Zendesk's breach_at has minute precision).
    const moved = from === null || to === null ? from !== to : Math.abs(from.getTime() - to.getTime()) >= MS_PER_MINUTE;
    if (moved) {
      const zone = displayZone(policy, getStatuses().find((s) => s.metric === 'first_reply_time')?.target?.schedule);
      const fmt = (d: Date) => formatInstant(d, zone, now);
      const change = editSubject(policy, edit.priority, edit.formId);
      const noun = deadlineLabel(preview.metric);
      let message: string;
      if (to === null) message = `${change} removes the ${noun}${from ? ` (was ${fmt(from)})` : ''}.`;
      else if (from === null) message = `${change} sets a ${noun} of ${fmt(to)}.`;
      else {
        const late = to.getTime() <= now.getTime() ? ', already past' : '';
        message = `${change} moves the ${noun} from ${fmt(from)} to ${fmt(to)}${late}.`;
      }
      warnings.push({ code: 'sla.deadline_moves', message });
    }
  }

  if (pending.status === 'pending' && ticket.status !== 'pending' && pending.comment?.public !== true) {
    warnings.push({
      code: 'status.pending_without_public_reply',
      message: `Pending with ${pending.comment ? 'only an internal note' : 'no public reply'}: the customer is not asked for anything, and the reply clock keeps running until a public reply.`,
    });
  }

  const all = [...blocks, ...warnings];
  if (all.length === 0) return { decision: 'ok', codes: [], message: '' };
  return {
    decision: blocks.length > 0 ? 'block' : 'warn',
    codes: all.map((r) => r.code),
    message: all.map((r) => r.message).join(' '),
  };
}

/** What the agent changed, as the deadline warning names it: "Changing priority to Urgent and the form to "L&R"". */
function editSubject(policy: Policy, priority: Priority | null | undefined, formId: number | undefined): string {
  const said: string[] = [];
  if (priority === null) said.push('clearing the priority');
  else if (priority !== undefined) said.push(`changing priority to ${capitalise(priority)}`);
  if (formId !== undefined) {
    const form = `the form to ${formLabel(policy, formId)}`;
    said.push(said[0]?.startsWith('changing') === true ? form : `changing ${form}`);
  }
  return capitalise(said.join(' and '));
}
