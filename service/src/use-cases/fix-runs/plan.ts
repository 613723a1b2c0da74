/**
 * Turning a fix-run request into journaled steps, and the rules a request must meet before anything is written.
 * Pure: the runner (run-fix.ts) reads Zendesk and calls these.
 */
import {
  ORG_BEFORE_FORM_REASON,
  formOf,
  formRequiresOrganization,
  type FieldValue,
  type FixAction,
  type FixRunRequest,
  type Policy,
  type Priority,
} from '@triage-assistant/shared';
import { UnprocessableError } from '../../errors.js';
import type { ZendeskTicket, ZendeskTicketForm } from '../../adapters/zendesk/gateway.js';

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
  /**
   * The name of the form `set_form` moves the ticket to, from the policy (else Zendesk) when the run was created; the
   * request's `formName` is never used for it. Absent in runs stored before it was added: those fall back to it.
   */
  formName?: string | null;
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

/** What the run sets; the names are the ones read by the service (see StoredFixRequest), not the client's. */
export function targetsOf(body: FixRunRequest, names: { organizationName: string | null; formName?: string | null | undefined }): FixTargets {
  const targets: FixTargets = {
    organizationId: null,
    organizationName: names.organizationName,
    formId: null,
    formName: null,
    priority: null,
    problemType: null,
  };
  for (const a of body.actions) {
    if (a.kind === 'associate_organization') targets.organizationId = a.organizationId;
    else if (a.kind === 'set_form') {
      targets.formId = a.formId;
      // The request's own name only for a run stored before the service named the form itself.
      targets.formName = names.formName === undefined ? a.formName : names.formName;
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
 * DOMAIN §3), and every choice made (an organization, a problem type). The form and the problem type are checked
 * against Zendesk and the policy by {@link resolveForm} and {@link validateAgainstTicket}.
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
    // The value itself is checked against the policy once the ticket's form is known (validateAgainstTicket): the
    // request's `options` are what the sidebar offered, and a client can send any list, an empty one included.
    if (a.kind === 'set_problem_type' && a.value === null) {
      throw new UnprocessableError(`Choose a problem type: set_problem_type.value is null (options: ${a.options.join(', ')})`, 'fix_choice_missing');
    }
  }
}

/**
 * The form `set_form` moves the ticket to, checked against Zendesk's ticket forms before anything is written (Zendesk
 * refuses an unknown or inactive form with a 422, which after the membership POST left a half-done run), and its name:
 * the policy's, else Zendesk's, never the request's `formName` (the step and the internal note are written from it).
 * A form the policy does not list is accepted when Zendesk has it active: an agent may move a ticket to any active
 * form, and such a form counts as needing an organization (formRequiresOrganization) and has no problem-type field.
 * Null when the request sets no form.
 */
export function resolveForm(body: FixRunRequest, policy: Policy | undefined, zendeskForms: readonly ZendeskTicketForm[]): { id: number; name: string } | null {
  const index = body.actions.findIndex((a) => a.kind === 'set_form');
  const action = body.actions[index];
  if (action?.kind !== 'set_form') return null;
  const zendeskForm = zendeskForms.find((f) => f.id === action.formId);
  if (zendeskForm === undefined) {
    throw new UnprocessableError(`actions[${index}] set_form: form ${action.formId} is not one of the account's ticket forms in Zendesk`, 'fix_unknown_form');
  }
  if (!zendeskForm.active) {
    throw new UnprocessableError(`actions[${index}] set_form: form ${action.formId} ("${zendeskForm.name}") is inactive in Zendesk`, 'fix_unknown_form');
  }
  const policyForm = policy === undefined ? undefined : formOf(policy, action.formId);
  return { id: action.formId, name: policyForm?.name ?? zendeskForm.name };
}

/**
 * The rules that need the ticket as it is now: org before form (DOMAIN §3), and the problem type against the policy.
 * `formName` is the set_form target's name from {@link resolveForm}.
 */
export function validateAgainstTicket(body: FixRunRequest, ticket: ZendeskTicket, policy: Policy | undefined, formName: string | null): void {
  const form = body.actions.find((a) => a.kind === 'set_form');
  const associates = body.actions.some((a) => a.kind === 'associate_organization');
  if (form?.kind === 'set_form' && !associates && ticket.organizationId === null && ticket.formId !== form.formId) {
    // A form the policy does not know counts as needing one: a fix writes for the agent (see formRequiresOrganization).
    if (formRequiresOrganization(policy, form.formId, true)) {
      throw new UnprocessableError(
        `Fix order: ticket #${ticket.id} has no organization, so associate_organization must come before set_form "${formName ?? form.formName}". ${ORG_BEFORE_FORM_REASON}`,
        'fix_order',
      );
    }
  }
  validateProblemType(body, ticket, policy);
}

/**
 * `set_problem_type` writes a custom field with the service's admin token, so the field and the value come from the
 * service's policy, never from the request: the field must be the problem-type field the policy gives the form the
 * ticket will be on when the step runs (the run's own set_form target, else the ticket's current form, as the shared
 * fix plan targets it), and the value one of that field's values (a policy listing none allows any value, as its
 * schema says). Without a policy no field is allowed. Refused with 422 before anything is written.
 */
function validateProblemType(body: FixRunRequest, ticket: ZendeskTicket, policy: Policy | undefined): void {
  const index = body.actions.findIndex((a) => a.kind === 'set_problem_type');
  const action = body.actions[index];
  if (action?.kind !== 'set_problem_type' || action.value === null) return;
  const setForm = body.actions.find((a) => a.kind === 'set_form');
  const formId = setForm?.kind === 'set_form' ? setForm.formId : ticket.formId;
  const where = `actions[${index}] set_problem_type`;
  if (formId === null) {
    throw new UnprocessableError(`${where}: the ticket has no form, so field ${action.fieldId} cannot be set`, 'fix_field_not_allowed');
  }
  const form = policy === undefined ? undefined : formOf(policy, formId);
  // Says which form was meant: the run's own target is easy to miss when the ticket shows another.
  const bySetForm = setForm !== undefined;
  const formLabel =
    form === undefined
      ? `form #${formId}${bySetForm ? ' (set by this run)' : ''}`
      : `form "${form.name}" (${formId}${bySetForm ? ', set by this run' : ''})`;
  const field = form?.problemType ?? null;
  if (field === null) {
    throw new UnprocessableError(
      `${where}: ${formLabel} has no problem-type field in the policy, so field ${action.fieldId} cannot be set`,
      'fix_field_not_allowed',
    );
  }
  if (action.fieldId !== field.fieldId) {
    throw new UnprocessableError(
      `${where}: field ${action.fieldId} is not the problem-type field of ${formLabel}; the policy allows field ${field.fieldId} (${field.name}) only`,
      'fix_field_not_allowed',
    );
  }
  if (field.values.length > 0 && !field.values.includes(action.value)) {
    throw new UnprocessableError(
      `${where}: "${action.value}" is not an option of ${field.name} (field ${field.fieldId}) on ${formLabel}; allowed: ${field.values.join(', ')}`,
      'fix_invalid_choice',
    );
  }
}

/** One journaled step per change, in the order they run. */
export function planSteps(stored: StoredFixRequest): { kind: FixStepKind; description: string }[] {
  const { body } = stored;
  const t = targetsOf(body, stored);
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
