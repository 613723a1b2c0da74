import { ownValue } from '../policy/own-value.js';
import type { Priority } from '../schemas/common.js';
import type { FormPolicy, Policy } from '../schemas/policy.js';
import type { TicketSnapshot } from '../schemas/ticket.js';

/** The policy's entry for the ticket's form, or undefined when the form is missing or not in the policy. */
export function formOf(policy: Policy, formId: number | null | undefined): FormPolicy | undefined {
  return formId == null ? undefined : policy.forms.find((f) => f.id === formId);
}

/** `"Emergencies"`: the form as agents know it, by its policy name; a form the policy does not list, by its id. */
export function formLabel(policy: Policy, formId: number): string {
  const form = formOf(policy, formId);
  return form === undefined ? `form ${formId}` : `"${form.name}"`;
}

/**
 * Whether a ticket on form `formId` must have an associated organization (DOMAIN §2–3): the form requires entitlement
 * and is not an internal (staff) form. A form the policy does not list, or no policy at all, gets `ifUnknown`: the
 * callers disagree on purpose. Triage (findings, the save guard) passes `false`: an unlisted form is reported as
 * `form.unknown` instead, and blocking an agent's save on a form the account never described (its default "Other
 * Request", say) would block ordinary work. A fix run passes `true`: it writes to the ticket on the agent's behalf, and
 * a wrong "no" sends the customer an auto-reply (and may auto-close) where a wrong "yes" only refuses the fix.
 */
export function formRequiresOrganization(
  policy: Policy | undefined,
  formId: number | null | undefined,
  ifUnknown: boolean,
): boolean {
  const form = policy === undefined ? undefined : formOf(policy, formId);
  return form === undefined ? ifUnknown : form.requiresEntitlement && !form.internal;
}

/** The ticket is on the emergency path: an emergency form, or a tag set by mail to the emergency address. */
export function onEmergencyPath(ticket: TicketSnapshot, policy: Policy): boolean {
  if (ticket.formId != null && policy.priority.emergencyFormIds.includes(ticket.formId)) return true;
  return ticket.tags.some((t) => policy.priority.emergencyTags.includes(t));
}

/** Priority the customer's severity maps to (the creation trigger's choice), before the Sev 1 rule. */
export function severityPriority(ticket: TicketSnapshot, policy: Policy): Priority | undefined {
  if (ticket.customerSeverity == null) return undefined;
  return ownValue(policy.priority.severityToPriority, ticket.customerSeverity);
}

/**
 * The priority triage expects: the severity mapping, with Severity 1 outside the emergency path lowered to High when
 * the policy says so (about-2021 triggers); with no severity, Urgent on the emergency path (mail to the emergency
 * address has no severity field), else none.
 */
export function expectedPriority(ticket: TicketSnapshot, policy: Policy): Priority | undefined {
  const mapped = severityPriority(ticket, policy);
  const emergency = onEmergencyPath(ticket, policy);
  if (mapped === 'urgent' && !emergency && policy.priority.sev1OutsideEmergency === 'high') return 'high';
  if (mapped !== undefined) return mapped;
  return emergency ? 'urgent' : undefined;
}
