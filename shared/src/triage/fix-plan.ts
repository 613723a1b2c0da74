import { TRIAGE_CHECKS, type Finding, type FixAction, type FixStep } from '../schemas/assessment.js';
import type { Policy } from '../schemas/policy.js';
import type { TicketSnapshot } from '../schemas/ticket.js';
import { formOf } from './rules.js';

/** Why the form waits for the organization (DOMAIN §3): shown on the form step. */
export const ORG_BEFORE_FORM_REASON =
  'Associate the organization first: changing the form of a ticket whose requester has no organization re-runs triggers and sends the customer an auto-reply';

const STEP_ORDER: readonly FixAction['kind'][] = [
  'associate_organization',
  'set_form',
  'set_priority',
  'set_problem_type',
];

/**
 * The fixes of `findings` as ordered steps: associate organization → set form → set priority → set problem type,
 * one step per kind (the first finding in fix order wins). Each step lists the steps it waits for:
 * the form waits for the organization; the priority waits for both (the plan and the emergency path decide what
 * priority is allowed); the problem type waits for a form change (its field belongs to the form). When the form
 * changes, the problem-type step targets the new form's field, and is added if the new form requires one.
 */
export function planFixes(ticket: TicketSnapshot, policy: Policy, findings: readonly Finding[]): FixStep[] {
  const byKind = new Map<FixAction['kind'], FixAction>();
  const inFixOrder = [...findings].sort((a, b) => TRIAGE_CHECKS.indexOf(a.check) - TRIAGE_CHECKS.indexOf(b.check));
  for (const f of inFixOrder) {
    if (f.fix && !byKind.has(f.fix.kind)) byKind.set(f.fix.kind, f.fix);
  }
  const formAction = byKind.get('set_form');
  if (formAction?.kind === 'set_form' && formAction.formId !== ticket.formId) {
    const field = formOf(policy, formAction.formId)?.problemType;
    const current = byKind.get('set_problem_type');
    if (!field) byKind.delete('set_problem_type');
    else if (current?.kind !== 'set_problem_type' || current.fieldId !== field.fieldId) {
      const keeps = ticket.problemType !== null && field.values.includes(ticket.problemType);
      if (field.required || current) {
        byKind.set('set_problem_type', {
          kind: 'set_problem_type',
          fieldId: field.fieldId,
          value: keeps ? ticket.problemType : null,
          options: field.values,
        });
      }
    }
  }

  const steps: FixStep[] = [];
  const idOf = (kind: FixAction['kind']) => (byKind.has(kind) ? kind : undefined);
  for (const kind of STEP_ORDER) {
    const action = byKind.get(kind);
    if (!action) continue;
    const dependsOn: string[] = [];
    let orderReason: string | null = null;
    if (kind === 'set_form') {
      const org = idOf('associate_organization');
      if (org) dependsOn.push(org);
      if (ticket.organization === null) orderReason = ORG_BEFORE_FORM_REASON;
    } else if (kind === 'set_priority') {
      for (const k of ['associate_organization', 'set_form'] as const) {
        const id = idOf(k);
        if (id) dependsOn.push(id);
      }
    } else if (kind === 'set_problem_type') {
      const form = idOf('set_form');
      if (form) {
        dependsOn.push(form);
        orderReason = 'The problem-type field belongs to the form: set it after the form changes';
      }
    }
    steps.push({
      id: kind,
      action,
      dependsOn,
      runsIn: kind === 'associate_organization' ? 'service' : 'ticket',
      orderReason,
    });
  }
  return steps;
}
