import type { FieldValue, TicketSnapshot } from '../schemas/ticket.js';
import type { Plan, PlanCondition, PlanRule, Policy } from '../schemas/policy.js';

/** The plan a ticket falls under, the rule that picked it (null: the policy's default plan) and why, for humans. */
export interface PlanResolution {
  plan: Plan;
  rule: PlanRule | null;
  /** e.g. "organization Acme Corp has tag premium → Priority Support". */
  reason: string;
}

/** Why each condition of a rule held, or null when one did not (so the rule does not match). */
function matchReasons(ticket: TicketSnapshot, when: PlanCondition): string[] | null {
  const reasons: string[] = [];
  const org = ticket.organization;
  if (when.hasOrganization !== undefined) {
    if ((org !== null) !== when.hasOrganization) return null;
    reasons.push(org !== null ? `ticket has organization ${org.name}` : 'requester has no organization');
  }
  if (when.formIds !== undefined) {
    if (ticket.formId === null || !when.formIds.includes(ticket.formId)) return null;
    reasons.push(`ticket is on form ${ticket.formId}`);
  }
  if (when.organizationTagsAny !== undefined) {
    const tag = org?.tags.find((t) => when.organizationTagsAny?.includes(t));
    if (org === null || org === undefined || tag === undefined) return null;
    reasons.push(`organization ${org.name} has tag ${tag}`);
  }
  if (when.ticketTagsAny !== undefined) {
    const tag = ticket.tags.find((t) => when.ticketTagsAny?.includes(t));
    if (tag === undefined) return null;
    reasons.push(`ticket has tag ${tag}`);
  }
  if (when.organizationField !== undefined) {
    const { key, in: allowed } = when.organizationField;
    if (org === null) return null;
    const value: FieldValue | undefined = org.fields[key];
    const hit = fieldMatch(value, allowed);
    if (hit === null) return null;
    reasons.push(`organization ${org.name} has ${key} = ${String(hit)}`);
  }
  // "has organization" adds nothing next to a more specific organization reason.
  return reasons.length > 1 && when.hasOrganization === true ? reasons.slice(1) : reasons;
}

/** The matching value (an array field matches when any element is allowed), or null. */
function fieldMatch(value: FieldValue | undefined, allowed: ReadonlyArray<string | number | boolean>): FieldValue | null {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.find((v) => allowed.includes(v)) ?? null;
  return allowed.includes(value) ? value : null;
}

/** A plan named by the policy but missing from its plan list (only possible with an unvalidated policy). */
function findPlan(policy: Policy, id: string): Plan {
  return policy.plans.find((p) => p.id === id) ?? { id, name: id, sla: false, emergencyEntitled: false };
}

/**
 * Which plan applies to a ticket: the first `planRules` entry whose every condition holds wins (like Zendesk's
 * policy position); when none matches, the policy's `defaultPlan`. Never throws: a plan id missing from
 * `policy.plans` yields a placeholder plan without an SLA.
 */
export function resolvePlan(ticket: TicketSnapshot, policy: Policy): PlanResolution {
  for (const rule of policy.planRules) {
    const reasons = matchReasons(ticket, rule.when);
    if (reasons === null) continue;
    const plan = findPlan(policy, rule.plan);
    const why = reasons.length > 0 ? reasons.join(' and ') : 'rule without conditions';
    return { plan, rule, reason: `${why} → ${plan.name}` };
  }
  const plan = findPlan(policy, policy.defaultPlan);
  const why =
    ticket.organization === null
      ? 'requester has no organization'
      : `no plan rule matches organization ${ticket.organization.name}`;
  return { plan, rule: null, reason: `${why} → ${plan.name} (default plan)` };
}
