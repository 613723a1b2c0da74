import { AssessmentSchema, type Assessment, type SlaStatus } from '@triage-assistant/shared';

/** Ids shared by the fixtures (GitLab's instance: Self-Managed form, its problem-type field, severity field). */
export const TICKET_ID = 12345;
export const SELF_MANAGED_FORM = 426148;
export const OTHER_FORM = 360000071293;
/** GitLab's Emergencies form: on a Premium organization, the Emergency plan (30 min first reply on 24x7). */
export const EMERGENCIES_FORM = 360001264259;
export const SM_PROBLEM_TYPE_FIELD = 360017156474;
export const SEVERITY_FIELD = 360020735319;

/** ZAF answers for a saved ticket (paths as the ticket sidebar reads them). */
export function zafTicket(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    'ticket.id': TICKET_ID,
    'ticket.createdAt': '2026-11-27T15:00:00Z',
    'ticket.updatedAt': '2026-11-27T15:05:00Z',
    'ticket.status': 'open',
    'ticket.priority': 'normal',
    'ticket.type': 'question',
    'ticket.form.id': SELF_MANAGED_FORM,
    'ticket.organization': { id: 9001, name: 'Acme Corp', tags: ['premium'], organizationFields: { sfdc_plan: 'premium' } },
    'ticket.requester': { id: 20001, email: 'dana@acme.example', name: 'Dana Example', role: 'end-user' },
    'ticket.tags': ['premium'],
    'ticket.via': { channel: 'web' },
    'ticket.comments': [
      { id: 1, value: 'Our runners are slow', isPublic: true, author: { id: 20001, role: 'end-user' }, createdAt: '2026-11-27T15:00:00Z' },
    ],
    [`ticket.customField:custom_field_${SEVERITY_FIELD}`]: 'severity_2',
    [`ticket.customField:custom_field_${SM_PROBLEM_TYPE_FIELD}`]: null,
    'comment.type': 'publicReply',
    'comment.text': '',
    ...overrides,
  };
}

function frt(overrides: Partial<SlaStatus> = {}): SlaStatus {
  return {
    metric: 'first_reply_time',
    state: 'active',
    target: { plan: 'priority_support', priority: 'high', minutes: 240, schedule: 'business_hours_24x5', scheduleName: '24x5', source: 'https://handbook.gitlab.com/handbook/support/' },
    startedAt: '2026-11-27T15:00:00Z',
    engineDueAt: '2026-11-27T19:00:00Z',
    zendeskBreachAt: null,
    dueAt: '2026-11-27T19:00:00Z',
    fulfilledAt: null,
    pausedSince: null,
    businessMinutesElapsed: 60,
    businessMinutesLeft: 180,
    explanation: 'High priority, Priority Support: 4 business hours on 24x5; clock started Fri 07:00 PT; due Fri 11:00 PT.',
    deadlineChanges: [
      { at: '2026-11-27T15:30:00Z', reason: 'Priority changed from normal to high: target 8 h → 4 h', from: '2026-11-27T23:00:00Z', to: '2026-11-27T19:00:00Z' },
    ],
    disagreement: null,
    reminderAt: [],
    ...overrides,
  };
}

/** A ticket with its organization but the wrong priority (Severity 2 → High) and no problem type. */
export function priorityAssessment(sla: Partial<SlaStatus> = {}): Assessment {
  return AssessmentSchema.parse({
    ticketId: TICKET_ID,
    assessedAt: '2026-11-27T16:00:00Z',
    policy: { name: 'GitLab Support (default)', version: 1 },
    plan: { id: 'priority_support', name: 'Priority Support', sla: true, reason: 'organization Acme Corp is tagged premium' },
    checks: [
      { check: 'problem_type', status: 'fail', summary: 'Problem type: missing on form "Self-Managed"' },
      { check: 'priority', status: 'fail', summary: 'Priority: Normal, but Severity 2 means High' },
      { check: 'form', status: 'pass', summary: 'Form: OK' },
      { check: 'organization', status: 'pass', summary: 'Organization: Acme Corp' },
    ],
    findings: [
      {
        code: 'priority.severity_mismatch',
        check: 'priority',
        severity: 'error',
        message: 'Priority is Normal but the customer chose Severity 2 (High).',
        slaImpact: 'At High, first reply is due Fri 11:00 PT instead of Fri 15:00 PT.',
        fix: { kind: 'set_priority', priority: 'high' },
      },
      {
        code: 'problem_type.missing',
        check: 'problem_type',
        severity: 'error',
        message: 'Problem type is missing.',
        slaImpact: null,
        fix: { kind: 'set_problem_type', fieldId: SM_PROBLEM_TYPE_FIELD, value: null, options: ['sm_installation', 'sm_upgrades'] },
      },
    ],
    fixPlan: [
      { id: 'set_priority', action: { kind: 'set_priority', priority: 'high' }, dependsOn: [], runsIn: 'ticket', orderReason: null },
      {
        id: 'set_problem_type',
        action: { kind: 'set_problem_type', fieldId: SM_PROBLEM_TYPE_FIELD, value: null, options: ['sm_installation', 'sm_upgrades'] },
        dependsOn: [],
        runsIn: 'ticket',
        orderReason: null,
      },
    ],
    sla: [frt(sla), { ...frt(), metric: 'next_reply_time', state: 'none', target: null, dueAt: null, engineDueAt: null, startedAt: null, businessMinutesLeft: null, businessMinutesElapsed: null, explanation: 'Next reply: not started', deadlineChanges: [] }],
    commitment: null,
  });
}

/** A ticket on the wrong form without organization: associate first, then change the form. */
export function needsOrgAssessment(): Assessment {
  return AssessmentSchema.parse({
    ticketId: TICKET_ID,
    assessedAt: '2026-11-27T16:00:00Z',
    policy: { name: 'GitLab Support (default)', version: 1 },
    plan: { id: 'no_organization', name: 'No organization (no SLA)', sla: false, reason: 'requester has no organization' },
    checks: [
      { check: 'organization', status: 'fail', summary: 'Organization: none on the ticket' },
      { check: 'form', status: 'fail', summary: 'Form: "L&R" is not where a performance question belongs' },
      { check: 'priority', status: 'pass', summary: 'Priority: OK' },
      { check: 'problem_type', status: 'pass', summary: 'Problem type: OK' },
    ],
    findings: [
      {
        code: 'organization.missing',
        check: 'organization',
        severity: 'error',
        message: "No organization on the ticket: find and associate the requester's organization.",
        slaImpact: 'No organization → no SLA applies; with Priority Support, first reply would be due Fri 11:00 PT.',
        fix: { kind: 'associate_organization', organizationId: null },
      },
      {
        code: 'form.wrong',
        check: 'form',
        severity: 'error',
        message: 'Move the ticket to the Self-Managed form after associating the organization.',
        slaImpact: null,
        fix: { kind: 'set_form', formId: SELF_MANAGED_FORM, formName: 'Self-Managed' },
      },
    ],
    fixPlan: [
      { id: 'associate_organization', action: { kind: 'associate_organization', organizationId: null }, dependsOn: [], runsIn: 'service', orderReason: null },
      {
        id: 'set_form',
        action: { kind: 'set_form', formId: SELF_MANAGED_FORM, formName: 'Self-Managed' },
        dependsOn: ['associate_organization'],
        runsIn: 'service',
        orderReason: 'A form change before association sends the customer an auto-reply.',
      },
    ],
    sla: [frt({ state: 'none', target: null, dueAt: null, engineDueAt: null, startedAt: null, businessMinutesLeft: null, businessMinutesElapsed: null, explanation: 'No SLA: requester has no organization', deadlineChanges: [] })],
    commitment: null,
  });
}
