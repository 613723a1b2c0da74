/**
 * Turning a fix-run request into journaled steps, and the rules a request must meet before anything is written.
 * Pure: the runner (run-fix.ts) reads Zendesk and calls these.
 */
import { ORG_BEFORE_FORM_REASON, formRequiresOrganization, type FieldValue, type FixAction, type FixRunRequest, type Policy, type Priority } from '@triage-assistant/shared';
import { UnprocessableError } from '../../errors.js';
import type { ZendeskTicket } from '../../adapters/zendesk/gateway.js';

export const FIX_STEP_KINDS = [
  'create_membership',
  'set_organization',
  'set_form',
  'set_priority',
  'set_problem_type',
  'internal_note',
  'user_note',
] as const;
export type FixStepKind = (typeof FIX_STEP_KINDS)[number];

/** The ticket fields a fix run changes, as seen at one moment. */
export interface TicketFields {
  organizationId: number | null;
  formId: number | null;
  priority: Priority | null;
  /** The problem-type field's value (null when the request sets no problem type). */
  problemType: FieldValue;
}

/** What the run stores as its `request`: the parsed body plus what was true when it started. */
export interface StoredFixRequest {
  body: FixRunRequest;
  requesterId: number;
  organizationName: string | null;
  /** The ticket's fields when the run was created: a field still at this value may be overwritten, nothing else. */
  baseline: TicketFields;
}

export interface FixTargets {
  organizationId: number | null;
  organizationName: string | null;
  formId: number | null;
  formName: string | null;
  priority: Priority | null;
  problemType: { fieldId: number; value: string } | null;
}

const ACTION_ORDER: readonly FixAction['kind'][] = ['associate_organization', 'set_form', 'set_priority', 'set_problem_type'];

export function targetsOf(body: FixRunRequest, organizationName: string | null): FixTargets {
  const targets: FixTargets = {
    organizationId: null,
    organizationName,
    formId: null,
    formName: null,
    priority: null,
    problemType: null,
  };
  for (const a of body.actions) {
    if (a.kind === 'associate_organization') targets.organizationId = a.organizationId;
    else if (a.kind === 'set_form') {
      targets.formId = a.formId;
      targets.formName = a.formName;
    } else if (a.kind === 'set_priority') targets.priority = a.priority;
    else if (a.value !== null) targets.problemType = { fieldId: a.fieldId, value: a.value };
  }
  return targets;
}

export function fieldsOf(ticket: ZendeskTicket, problemTypeFieldId: number | null): TicketFields {
  return {
    organizationId: ticket.organizationId,
    formId: ticket.formId,
    priority: ticket.priority,
    problemType: problemTypeFieldId === null ? null : (ticket.customFields[problemTypeFieldId] ?? null),
  };
}

/**
 * Checks that need no Zendesk read: each kind once, in fix order (organization → form → priority → problem type,
 * DOMAIN §3), and every choice made (an organization, a problem type among the options).
 */
export function validateActions(body: FixRunRequest): void {
  const kinds = body.actions.map((a) => a.kind);
  const duplicate = kinds.find((k, i) => kinds.indexOf(k) !== i);
  if (duplicate !== undefined) {
    throw new UnprocessableError(`Each fix may appear once per run: ${duplicate} appears more than once`, 'fix_duplicate_action');
  }
  for (let i = 1; i < kinds.length; i += 1) {
    const before = kinds[i - 1]!;
    const after = kinds[i]!;
    if (ACTION_ORDER.indexOf(after) < ACTION_ORDER.indexOf(before)) {
      const message =
        after === 'associate_organization' && before === 'set_form'
          ? `Fix order: associate_organization must come before set_form. ${ORG_BEFORE_FORM_REASON}`
          : `Fix order is organization → form → priority → problem type: ${after} must come before ${before}`;
      throw new UnprocessableError(message, 'fix_order');
    }
  }
  for (const a of body.actions) {
    if (a.kind === 'associate_organization' && a.organizationId === null) {
      throw new UnprocessableError('Choose the organization to associate: associate_organization.organizationId is null', 'fix_choice_missing');
    }
    if (a.kind === 'set_problem_type') {
      if (a.value === null) {
        throw new UnprocessableError(`Choose a problem type: set_problem_type.value is null (options: ${a.options.join(', ')})`, 'fix_choice_missing');
      }
      if (a.options.length > 0 && !a.options.includes(a.value)) {
        throw new UnprocessableError(`Problem type "${a.value}" is not one of the options: ${a.options.join(', ')}`, 'fix_invalid_choice');
      }
    }
  }
}

/** The org-before-form rule against the ticket as it is now (DOMAIN §3). */
export function validateAgainstTicket(body: FixRunRequest, ticket: ZendeskTicket, policy: Policy | undefined): void {
  const form = body.actions.find((a) => a.kind === 'set_form');
  const associates = body.actions.some((a) => a.kind === 'associate_organization');
  if (form?.kind === 'set_form' && !associates && ticket.organizationId === null && ticket.formId !== form.formId) {
    // A form the policy does not know counts as needing one: a fix writes for the agent (see formRequiresOrganization).
    if (formRequiresOrganization(policy, form.formId, true)) {
      throw new UnprocessableError(
        `Fix order: ticket #${ticket.id} has no organization, so associate_organization must come before set_form "${form.formName}". ${ORG_BEFORE_FORM_REASON}`,
        'fix_order',
      );
    }
  }
}

/** One journaled step per change, in the order they run. */
export function planSteps(stored: StoredFixRequest): { kind: FixStepKind; description: string }[] {
  const { body } = stored;
  const t = targetsOf(body, stored.organizationName);
  const orgLabel = t.organizationName === null ? `organization #${t.organizationId}` : `${t.organizationName} (#${t.organizationId})`;
  const steps: { kind: FixStepKind; description: string }[] = [];
  if (t.organizationId !== null) {
    steps.push({ kind: 'create_membership', description: `Add the requester to ${orgLabel}` });
    steps.push({ kind: 'set_organization', description: `Set the ticket's organization to ${orgLabel}` });
  }
  if (t.formId !== null) steps.push({ kind: 'set_form', description: `Change the form to "${t.formName}"` });
  if (t.priority !== null) steps.push({ kind: 'set_priority', description: `Set priority to ${t.priority}` });
  if (t.problemType !== null) steps.push({ kind: 'set_problem_type', description: `Set the problem type to "${t.problemType.value}"` });
  if (body.internalNote) steps.push({ kind: 'internal_note', description: 'Add an internal note listing the changes' });
  if (body.userNote && t.organizationId !== null) {
    steps.push({ kind: 'user_note', description: `Note the association with ${orgLabel} on the requester's profile` });
  }
  return steps;
}

/** The line DOMAIN §11 asks for on the requester's profile. */
export function userNoteLine(organizationName: string, ticketId: number): string {
  return `Associated with ${organizationName} as per ticket #${ticketId}`;
}

/** JSON with sorted keys: jsonb does not keep key order, and the fingerprint must survive a round trip. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
