import { formatBusinessDuration } from '../business-time/index.js';
import type { Finding, FixAction, SlaStatus } from '../schemas/assessment.js';
import type { Priority } from '../schemas/common.js';
import type { FormPolicy, Plan, Policy } from '../schemas/policy.js';
import type { OrganizationSnapshot, TicketSnapshot } from '../schemas/ticket.js';
import { previewDeadline, resolvePlan, slaStatuses } from '../sla/index.js';
import { capitalise, displayZone } from '../sla/format.js';
import { formatInstant } from './format.js';
import { expectedPriority, formOf, formRequiresOrganization, onEmergencyPath, severityPriority } from './rules.js';

/** `via` channels of priority changes that are not an agent's saved, deliberate choice. */
const NOT_DELIBERATE = new Set(['rule', 'system', 'sidebar']);

/** What the caller knows beyond the ticket, to make findings concrete. */
export interface TriageContext {
  /**
   * The organization the requester would be associated with (e.g. the service's top suggestion). Its plan drives
   * the "with the organization, first reply would be due …" impact; without it the policy's best SLA plan is assumed.
   */
  slaIfAssociated?: { organization: OrganizationSnapshot } | undefined;
  /** A form to propose when the ticket's form is missing, unknown or generic (e.g. from the service). */
  suggestedFormId?: number | undefined;
  /**
   * Zendesk's name of the ticket's form, when the caller knows it (the service reads the account's forms): an agent
   * knows forms by name, not by id, so `form.unknown` names it. Only used for a form the policy does not list.
   */
  formName?: string | undefined;
}

/** Plan ids tried, in order, for the hypothetical organization when the real one is unknown. */
const PREFERRED_SLA_PLAN = 'priority_support';

/**
 * Triage findings for a ticket, in fix order (organization → form → priority → problem type). Every finding says
 * what is wrong, what it means for the SLA (computed by the SLA engine, not estimated) and the fix as data.
 */
export function triageFindings(
  ticket: TicketSnapshot,
  policy: Policy,
  now: Date,
  context: TriageContext = {},
): Finding[] {
  const resolved = resolvePlan(ticket, policy);
  return findingsFor(ticket, policy, now, context, resolved, slaStatuses(ticket, policy, now, resolved));
}

type Resolved = ReturnType<typeof resolvePlan>;
/** The plan and SLA statuses already computed for the ticket as it is. */
type Current = { resolution: Resolved; statuses: readonly SlaStatus[] };

/** {@link triageFindings} with the plan and SLA statuses already computed (`assess` computes them once). */
export function findingsFor(
  ticket: TicketSnapshot,
  policy: Policy,
  now: Date,
  context: TriageContext,
  resolved: Resolved,
  statuses: readonly SlaStatus[],
): Finding[] {
  const frtZone = displayZone(policy, statuses.find((s) => s.metric === 'first_reply_time')?.target?.schedule);
  return [
    ...organizationFindings(ticket, policy, now, resolved, context),
    ...formFindings(ticket, policy, context),
    ...priorityFindings(ticket, policy, now, { resolution: resolved, statuses }, frtZone, entitlementPlan(ticket, policy, resolved, context)),
    ...problemTypeFindings(ticket, policy),
  ];
}

function organizationFindings(
  ticket: TicketSnapshot,
  policy: Policy,
  now: Date,
  resolved: Resolved,
  context: TriageContext,
): Finding[] {
  const org = ticket.organization;
  const memberships = ticket.requester.organizationIds;
  if (org === null) {
    // Staff requests on internal forms carry no organization by design.
    if (formOf(policy, ticket.formId)?.internal) return [];
    const known = context.slaIfAssociated?.organization.id ?? (memberships.length === 1 ? memberships[0] : undefined);
    return [
      {
        code: 'organization.missing',
        check: 'organization',
        severity: 'error',
        message:
          memberships.length > 0
            ? `No organization on the ticket, but the requester belongs to organization ${memberships.join(', ')}: associate it.`
            : 'No organization on the ticket: find and associate the requester\'s organization (Salesforce contact or proven entitlement).',
        slaImpact: missingOrganizationImpact(ticket, policy, now, resolved, context),
        fix: { kind: 'associate_organization', organizationId: known ?? null },
      },
    ];
  }
  const findings: Finding[] = [];
  if (memberships.length > 0 && !memberships.includes(org.id)) {
    findings.push({
      code: 'organization.not_member',
      check: 'organization',
      severity: 'error',
      message: `Organization ${org.name} (${org.id}) is not one of the requester's organizations (${memberships.join(', ')}): Zendesk rejects the ticket update.`,
      slaImpact: null,
      fix: { kind: 'associate_organization', organizationId: memberships.length === 1 ? (memberships[0] ?? null) : null },
    });
  }
  if (!resolved.plan.sla) {
    findings.push({
      code: 'organization.no_plan',
      check: 'organization',
      severity: 'warning',
      message: `Organization ${org.name} gets no SLA: ${resolved.reason}.`,
      slaImpact: `No SLA applies under plan ${resolved.plan.name}: no first-reply deadline.`,
      fix: null,
    });
  }
  return findings;
}

/** "No organization → no SLA applies; with Priority Support, first reply would be due Mon 14:30 PT". */
function missingOrganizationImpact(
  ticket: TicketSnapshot,
  policy: Policy,
  now: Date,
  resolved: Resolved,
  context: TriageContext,
): string {
  const today = resolved.plan.sla
    ? `No organization → only plan ${resolved.plan.name} applies`
    : 'No organization → no SLA applies';
  const hypothesis = hypotheticalTicket(ticket, policy, context);
  if (hypothesis === null) return `${today}; no plan in policy "${policy.name}" grants an SLA through an organization.`;
  const { ticket: associated, plan, assumedPriority } = hypothesis;
  const frt = slaStatuses(associated, policy, now, undefined, 'first_reply_time').find((s) => s.metric === 'first_reply_time');
  const at = assumedPriority ? ` at ${capitalise(assumedPriority)} priority` : '';
  return `${today}; with ${plan.name}${at}, ${describeFirstReply(frt, policy, now, 'would be')}.`;
}

/** "first reply would be due Mon 14:30 PT" / "… 2 h 10 min past due (due 10:30 PT)" / "… already given". */
export function describeFirstReply(
  status: SlaStatus | undefined,
  policy: Policy,
  now: Date,
  verb: 'would be' | 'is',
): string {
  const due = status?.dueAt ?? status?.engineDueAt ?? null;
  if (!status || status.state === 'achieved') {
    return status ? 'the first reply has already been given' : 'no first-reply target would apply';
  }
  if (due === null) return 'no first-reply target would apply';
  const dueAt = new Date(due);
  const when = formatInstant(dueAt, displayZone(policy, status.target?.schedule), now, 'always');
  if (dueAt.getTime() <= now.getTime()) {
    const late = formatBusinessDuration((now.getTime() - dueAt.getTime()) / 60_000);
    return `first reply ${verb} ${late} past due (due ${when})`;
  }
  return `first reply ${verb} due ${when}`;
}

/**
 * The ticket as it would be with an organization: the one from the context, else one built from the first plan rule
 * that gives the policy's best SLA plan (`priority_support`, else an emergency-entitled SLA plan, else any SLA plan),
 * checked by running `resolvePlan` on it. Zendesk's own `slas` are dropped: they describe today's (org-less) policy.
 */
function hypotheticalTicket(
  ticket: TicketSnapshot,
  policy: Policy,
  context: TriageContext,
): { ticket: TicketSnapshot; plan: Plan; assumedPriority: Priority | undefined } | null {
  const assumedPriority = ticket.priority === null ? (expectedPriority(ticket, policy) ?? 'normal') : undefined;
  const base: TicketSnapshot = { ...ticket, slas: [], priority: ticket.priority ?? assumedPriority ?? null };
  const given = context.slaIfAssociated?.organization;
  if (given) {
    const candidate = { ...base, organization: given };
    return { ticket: candidate, plan: resolvePlan(candidate, policy).plan, assumedPriority };
  }
  const slaPlans = policy.plans.filter((p) => p.sla);
  const ordered = [
    ...slaPlans.filter((p) => p.id === PREFERRED_SLA_PLAN),
    ...slaPlans.filter((p) => p.id !== PREFERRED_SLA_PLAN && p.emergencyEntitled),
    ...slaPlans.filter((p) => p.id !== PREFERRED_SLA_PLAN && !p.emergencyEntitled),
  ];
  for (const plan of ordered) {
    for (const rule of policy.planRules.filter((r) => r.plan === plan.id)) {
      const when = rule.when;
      if (when.hasOrganization === false) continue;
      if (when.formIds && (ticket.formId === null || !when.formIds.includes(ticket.formId))) continue;
      const tag = when.organizationTagsAny?.[0];
      const field = when.organizationField;
      const organization: OrganizationSnapshot = {
        id: ticket.requester.organizationIds[0] ?? 1,
        name: 'the requester\'s organization',
        tags: tag === undefined ? [] : [tag],
        fields: field && field.in[0] !== undefined ? { [field.key]: field.in[0] } : {},
      };
      const ticketTag = when.ticketTagsAny?.[0];
      const candidate: TicketSnapshot = {
        ...base,
        organization,
        tags: ticketTag === undefined ? base.tags : [...base.tags, ticketTag],
      };
      if (resolvePlan(candidate, policy).plan.id === plan.id) return { ticket: candidate, plan, assumedPriority };
    }
  }
  return null;
}

function suggestedForm(policy: Policy, context: TriageContext): FixAction | null {
  const form = formOf(policy, context.suggestedFormId);
  return form ? { kind: 'set_form', formId: form.id, formName: form.name } : null;
}

/** `"Other Request" (360000000100)` when the name is known (and not blank), else the bare id. */
function named(formId: number, name: string | undefined): string {
  const trimmed = name?.trim();
  return trimmed ? `"${trimmed}" (${formId})` : String(formId);
}

function formFindings(ticket: TicketSnapshot, policy: Policy, context: TriageContext): Finding[] {
  if (ticket.formId === null) {
    return [
      {
        code: 'form.missing',
        check: 'form',
        severity: 'error',
        message: 'No ticket form set: choose the form that matches the request.',
        slaImpact: null,
        fix: suggestedForm(policy, context),
      },
    ];
  }
  const form = formOf(policy, ticket.formId);
  if (!form) {
    return [
      {
        code: 'form.unknown',
        check: 'form',
        severity: 'warning',
        message: `Form ${named(ticket.formId, context.formName)} is not in policy "${policy.name}": its entitlement and problem-type rules are unknown.`,
        slaImpact: null,
        fix: suggestedForm(policy, context),
      },
    ];
  }
  const findings: Finding[] = [];
  if (ticket.organization === null && formRequiresOrganization(policy, form.id, false)) {
    findings.push({
      code: 'form.needs_entitlement',
      check: 'form',
      severity: 'error',
      message: `Form "${form.name}" requires entitlement but the ticket has no organization: non-contact tickets on this form are auto-closed, and a form change before association sends the customer an auto-reply. Associate the organization first.`,
      slaImpact: null,
      fix: { kind: 'associate_organization', organizationId: null },
    });
  }
  if (form.generic && ticket.via.channel === 'email') {
    findings.push({
      code: 'form.generic',
      check: 'form',
      severity: 'warning',
      message: `Email-created ticket on the generic form "${form.name}": move it to the form that matches the request${form.macro ? ` (macro ${form.macro})` : ''}.`,
      slaImpact: null,
      fix: suggestedForm(policy, context),
    });
  }
  return findings;
}

/**
 * The plan that decides which priority a ticket may have. The priority step runs after the organization is associated
 * (fix order), so a ticket still waiting for its organization is judged under the plan that organization brings (the
 * context's, else the best SLA plan, as the organization finding's impact assumes), never under "No organization":
 * that told a Premium customer's Sev 1 emergency to drop to High. Internal-form tickets keep their own plan.
 */
function entitlementPlan(ticket: TicketSnapshot, policy: Policy, resolved: Resolved, context: TriageContext): Plan {
  if (ticket.organization !== null || formOf(policy, ticket.formId)?.internal) return resolved.plan;
  return hypotheticalTicket(ticket, policy, context)?.plan ?? resolved.plan;
}

function priorityFindings(
  ticket: TicketSnapshot,
  policy: Policy,
  now: Date,
  current: Current,
  zone: string,
  plan: Plan,
): Finding[] {
  // Deadlines are today's: under the plan the ticket has now.
  const hasSla = current.resolution.plan.sla;
  const impact = (priority: Priority) => priorityImpact(ticket, policy, now, priority, zone, current);
  const emergency = onEmergencyPath(ticket, policy);
  const mayBeUrgent = plan.emergencyEntitled || emergency;
  const mapped = expectedPriority(ticket, policy);
  // A plan without emergency support gets High where the severity says Urgent: asking for Urgent here and then for
  // High (priority.urgent_not_entitled) made the one-click fix flip-flop between the two.
  const capped = mapped === 'urgent' && !mayBeUrgent;
  const expected: Priority | undefined = capped ? 'high' : mapped;
  const severity = ticket.customerSeverity;
  // "Customer Severity severity_2 maps to High" / "the emergency path expects Urgent".
  const because = (p: Priority) => {
    if (severity === null) return `the emergency path expects ${capitalise(p)}`;
    if (capped) return `Customer Severity ${severity} maps to Urgent, but plan ${plan.name} has no emergency support off the emergency path, so ${capitalise(p)}`;
    return `Customer Severity ${severity} maps to ${capitalise(p)}`;
  };
  if (ticket.priority === null) {
    return [
      {
        code: 'priority.missing',
        check: 'priority',
        severity: 'error',
        message: expected
          ? `No priority set: ${because(expected)}.`
          : 'No priority set, and no Customer Severity to map from: set it from the request.',
        slaImpact: hasSla
          ? `No priority → no SLA target applies${expected ? `; ${impact(expected)}` : ''}.`
          : null,
        fix: expected ? { kind: 'set_priority', priority: expected } : null,
      },
    ];
  }
  const findings: Finding[] = [];
  const sev1HighRule =
    severityPriority(ticket, policy) === 'urgent' && !emergency && policy.priority.sev1OutsideEmergency === 'high';
  if (sev1HighRule && ticket.priority === 'urgent') {
    findings.push({
      code: 'priority.sev1_outside_emergency',
      check: 'priority',
      severity: 'warning',
      message: `Severity 1 outside the emergency path is High under policy "${policy.name}" (Urgent is the emergency path): set High.`,
      slaImpact: hasSla ? `${capitalise(impact('high'))}.` : null,
      fix: { kind: 'set_priority', priority: 'high' },
    });
  } else if (expected && ticket.priority !== expected && !(capped && ticket.priority === 'urgent')) {
    // (Urgent on a plan without emergency support is priority.urgent_not_entitled's to say, below.)
    // A recorded manual priority change is deliberate (macro General::Changed priority): still shown, as info. One made
    // by a trigger or an automation (`via` rule or system) is not, and an unsaved edit (`sidebar`) is still the
    // warning the agent should see before saving.
    const manual = ticket.changes.some((c) => c.field === 'priority' && !NOT_DELIBERATE.has(c.via ?? ''));
    findings.push({
      code: 'priority.severity_mismatch',
      check: 'priority',
      severity: manual ? 'info' : 'warning',
      message: `Priority is ${capitalise(ticket.priority)} but ${because(expected)}${manual ? ' (the priority was changed on the ticket since)' : ''}.`,
      slaImpact: hasSla ? `${capitalise(impact(expected))}.` : null,
      fix: { kind: 'set_priority', priority: expected },
    });
  }
  if (ticket.priority === 'urgent' && !mayBeUrgent) {
    findings.push({
      code: 'priority.urgent_not_entitled',
      check: 'priority',
      severity: 'warning',
      message: `Urgent priority, but plan ${plan.name} is not entitled to emergency support and the ticket is not on the emergency path: set High.`,
      slaImpact: hasSla ? `${capitalise(impact('high'))}.` : null,
      fix: { kind: 'set_priority', priority: 'high' },
    });
  }
  return findings;
}

/** "at High, first reply would be due Mon 13:00 PT instead of Mon 17:00 PT", via the SLA engine's preview. */
function priorityImpact(
  ticket: TicketSnapshot,
  policy: Policy,
  now: Date,
  priority: Priority,
  zone: string,
  current: Current,
): string {
  const preview = previewDeadline(ticket, policy, { priority }, now, current);
  const reply = preview.metric === 'first_reply_time' ? 'first reply' : 'the next reply';
  if (preview.to === null) return `at ${capitalise(priority)}, no ${reply} target would apply`;
  const to = formatInstant(new Date(preview.to), zone, now, 'always');
  const from = preview.from === null ? null : formatInstant(new Date(preview.from), zone, now, 'always');
  if (from === to) return `at ${capitalise(priority)}, ${reply} stays due ${to}`;
  return `at ${capitalise(priority)}, ${reply} would be due ${to}${from === null ? '' : ` instead of ${from}`}`;
}

function problemTypeFindings(ticket: TicketSnapshot, policy: Policy): Finding[] {
  const form: FormPolicy | undefined = formOf(policy, ticket.formId);
  const field = form?.problemType;
  if (!form || !field) return [];
  const fix: FixAction = { kind: 'set_problem_type', fieldId: field.fieldId, value: null, options: field.values };
  if (ticket.problemType === null) {
    return field.required
      ? [
          {
            code: 'problem_type.missing',
            check: 'problem_type',
            severity: 'error',
            message: `${field.name} is required on form "${form.name}" and is empty.`,
            slaImpact: null,
            fix,
          },
        ]
      : [];
  }
  if (field.values.length > 0 && !field.values.includes(ticket.problemType)) {
    return [
      {
        code: 'problem_type.invalid',
        check: 'problem_type',
        severity: 'error',
        message: `${field.name} "${ticket.problemType}" is not valid on form "${form.name}"; allowed: ${field.values.join(', ')}.`,
        slaImpact: null,
        fix,
      },
    ];
  }
  return [];
}
