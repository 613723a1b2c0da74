import { GITLAB_POLICY } from '../policy/index.js';
import {
  buildOrganization,
  buildPolicy,
  buildTicket,
  EXAMPLE_GENERIC_FORM,
  FORM,
  needsOrgTicket,
} from '../testing/factories.js';
import { triageFindings } from './findings.js';

// The factories' ticket: created Mon 2026-11-23 09:00 PT on Self-Managed, Acme (premium), High from severity_2.
// Assessed at Mon 10:00 PT (18:00Z): High → 4 business h on 24x5 → due Mon 13:00 PT; Normal → 8 h → Mon 17:00 PT.
const NOW = new Date('2026-11-23T18:00:00Z');
const SM_VALUES = GITLAB_POLICY.forms.find((f) => f.id === FORM.selfManaged)?.problemType?.values ?? [];

const codes = (ticket = buildTicket(), policy = GITLAB_POLICY, now = NOW) =>
  triageFindings(ticket, policy, now).map((f) => f.code);

describe('triageFindings on GitLab tickets', () => {
  it('a fully triaged ticket has no findings', () => {
    expect(triageFindings(buildTicket(), GITLAB_POLICY, NOW)).toEqual([]);
  });

  describe('organization', () => {
    it('organization.missing: no SLA today, and the Priority Support deadline it would get', () => {
      const [org, form] = triageFindings(needsOrgTicket(), GITLAB_POLICY, NOW);
      expect(org).toEqual({
        code: 'organization.missing',
        check: 'organization',
        severity: 'error',
        message:
          "No organization on the ticket: find and associate the requester's organization (Salesforce contact or proven entitlement).",
        slaImpact:
          'No organization → no SLA applies; with Priority Support (Premium/Ultimate), first reply would be due Mon 13:00 PT.',
        fix: { kind: 'associate_organization', organizationId: null },
      });
      expect(form?.code).toBe('form.needs_entitlement');
    });

    it('organization.missing after the would-be deadline says how late it already is', () => {
      const late = new Date('2026-11-23T23:10:00Z'); // Mon 15:10 PT
      const [org] = triageFindings(needsOrgTicket(), GITLAB_POLICY, late);
      expect(org?.slaImpact).toBe(
        'No organization → no SLA applies; with Priority Support (Premium/Ultimate), first reply would be 2 h 10 min past due (due Mon 13:00 PT).',
      );
    });

    it('organization.missing uses the plan of the organization the requester would get (Standard: 24 business h)', () => {
      const starter = buildOrganization({ id: 9002, name: 'Small Co', tags: ['starter'] });
      const [org] = triageFindings(needsOrgTicket(), GITLAB_POLICY, NOW, { slaIfAssociated: { organization: starter } });
      expect(org?.slaImpact).toBe(
        'No organization → no SLA applies; with Standard Support (legacy Starter/Bronze), first reply would be due Tue 09:00 PT.',
      );
      expect(org?.fix).toEqual({ kind: 'associate_organization', organizationId: 9002 });
    });

    it('organization.missing with a known membership names it and fixes with it; no priority → assumes the mapped one', () => {
      const ticket = needsOrgTicket({
        priority: null,
        customerSeverity: 'severity_3',
        requester: { id: 20001, email: 'dana@acme.example', organizationIds: [9001] },
      });
      const [org] = triageFindings(ticket, GITLAB_POLICY, NOW);
      expect(org?.message).toBe('No organization on the ticket, but the requester belongs to organization 9001: associate it.');
      expect(org?.slaImpact).toBe(
        'No organization → no SLA applies; with Priority Support (Premium/Ultimate) at Normal priority, first reply would be due Mon 17:00 PT.',
      );
      expect(org?.fix).toEqual({ kind: 'associate_organization', organizationId: 9001 });
    });

    it('staff requests on internal forms need no organization', () => {
      expect(codes(needsOrgTicket({ formId: FORM.internalRequest, problemType: null }))).toEqual([]);
    });

    it('organization.no_plan names the plan and why', () => {
      const ticket = buildTicket({ organization: buildOrganization({ tags: ['trial'] }) });
      expect(triageFindings(ticket, GITLAB_POLICY, NOW)).toEqual([
        {
          code: 'organization.no_plan',
          check: 'organization',
          severity: 'warning',
          message: 'Organization Acme Corp gets no SLA: organization Acme Corp has tag trial → Trial (no SLA).',
          slaImpact: 'No SLA applies under plan Trial (no SLA): no first-reply deadline.',
          fix: null,
        },
      ]);
    });

    it('organization.not_member: Zendesk rejects an organization the requester is not in', () => {
      const ticket = buildTicket({ requester: { id: 20001, email: 'dana@acme.example', organizationIds: [777] } });
      expect(triageFindings(ticket, GITLAB_POLICY, NOW)).toEqual([
        {
          code: 'organization.not_member',
          check: 'organization',
          severity: 'error',
          message:
            "Organization Acme Corp (9001) is not one of the requester's organizations (777): Zendesk rejects the ticket update.",
          slaImpact: null,
          fix: { kind: 'associate_organization', organizationId: 777 },
        },
      ]);
    });

    it('organization.not_member only when memberships are known', () => {
      const ticket = buildTicket({ requester: { id: 20001, email: 'dana@acme.example', organizationIds: [] } });
      expect(codes(ticket)).toEqual([]);
    });
  });

  describe('form', () => {
    it('form.missing, with the suggested form as the fix when there is one', () => {
      const ticket = buildTicket({ formId: null });
      expect(triageFindings(ticket, GITLAB_POLICY, NOW)).toEqual([
        {
          code: 'form.missing',
          check: 'form',
          severity: 'error',
          message: 'No ticket form set: choose the form that matches the request.',
          slaImpact: null,
          fix: null,
        },
      ]);
      const [suggested] = triageFindings(ticket, GITLAB_POLICY, NOW, { suggestedFormId: FORM.saas });
      expect(suggested?.fix).toEqual({ kind: 'set_form', formId: FORM.saas, formName: 'SaaS' });
    });

    it('form.unknown for a form id the policy does not list', () => {
      const [f] = triageFindings(buildTicket({ formId: 999 }), GITLAB_POLICY, NOW);
      expect(f).toMatchObject({
        code: 'form.unknown',
        severity: 'warning',
        message: 'Form 999 is not in policy "GitLab Support (default)": its entitlement and problem-type rules are unknown.',
      });
    });

    it("form.unknown names the form when the caller knows its Zendesk name", () => {
      const ticket = buildTicket({ formId: 999 });
      const [f] = triageFindings(ticket, GITLAB_POLICY, NOW, { formName: 'Legacy intake' });
      expect(f).toMatchObject({
        code: 'form.unknown',
        message: 'Form "Legacy intake" (999) is not in policy "GitLab Support (default)": its entitlement and problem-type rules are unknown.',
      });
      // The name is only ever about the ticket's own unknown form: a policy form keeps its policy name.
      const onPolicyForm = triageFindings(needsOrgTicket({ formId: FORM.saas, problemType: 'saas_ci_cd' }), GITLAB_POLICY, NOW, {
        formName: 'Legacy intake',
      });
      expect(onPolicyForm.map((x) => x.message).join('\n')).not.toContain('Legacy intake');
      // A blank name says nothing: the id-only message.
      expect(triageFindings(ticket, GITLAB_POLICY, NOW, { formName: '  ' })[0]?.message).toMatch(/^Form 999 is not in policy/);
    });

    it('form.needs_entitlement: SaaS without an organization (auto-close and auto-reply risk)', () => {
      const ticket = needsOrgTicket({ formId: FORM.saas, problemType: 'saas_ci_cd' });
      const finding = triageFindings(ticket, GITLAB_POLICY, NOW).find((f) => f.code === 'form.needs_entitlement');
      expect(finding).toEqual({
        code: 'form.needs_entitlement',
        check: 'form',
        severity: 'error',
        message:
          'Form "SaaS" requires entitlement but the ticket has no organization: non-contact tickets on this form are auto-closed, and a form change before association sends the customer an auto-reply. Associate the organization first.',
        slaImpact: null,
        fix: { kind: 'associate_organization', organizationId: null },
      });
    });

    it('no form.needs_entitlement on SaaS Account, which needs none', () => {
      const ticket = needsOrgTicket({ formId: FORM.saasAccount, problemType: 'saas_account_login' });
      expect(codes(ticket)).toEqual(['organization.missing']);
    });

    it('form.generic for an email ticket on the catch-all form, not for a web one', () => {
      const policy = buildPolicy({ forms: [...GITLAB_POLICY.forms, EXAMPLE_GENERIC_FORM] });
      const email = buildTicket({ formId: EXAMPLE_GENERIC_FORM.id, problemType: null, via: { channel: 'email' } });
      expect(triageFindings(email, policy, NOW)).toEqual([
        {
          code: 'form.generic',
          check: 'form',
          severity: 'warning',
          message:
            'Email-created ticket on the generic form "Other Request": move it to the form that matches the request (macro General::Forms::Incorrect form used).',
          slaImpact: null,
          fix: null,
        },
      ]);
      expect(codes({ ...email, via: { channel: 'web' } }, policy)).toEqual([]);
    });
  });

  describe('priority', () => {
    it('priority.missing: the mapped priority as the fix and its deadline', () => {
      expect(triageFindings(buildTicket({ priority: null }), GITLAB_POLICY, NOW)).toEqual([
        {
          code: 'priority.missing',
          check: 'priority',
          severity: 'error',
          message: 'No priority set: Customer Severity severity_2 maps to High.',
          slaImpact: 'No priority → no SLA target applies; at High, first reply would be due Mon 13:00 PT.',
          fix: { kind: 'set_priority', priority: 'high' },
        },
      ]);
    });

    it('priority.missing with no severity: no fix to offer', () => {
      const [f] = triageFindings(buildTicket({ priority: null, customerSeverity: null }), GITLAB_POLICY, NOW);
      expect(f).toMatchObject({
        message: 'No priority set, and no Customer Severity to map from: set it from the request.',
        slaImpact: 'No priority → no SLA target applies.',
        fix: null,
      });
    });

    it('priority.severity_mismatch: says what the policy maps to and how the deadline moves', () => {
      expect(triageFindings(buildTicket({ priority: 'normal' }), GITLAB_POLICY, NOW)).toEqual([
        {
          code: 'priority.severity_mismatch',
          check: 'priority',
          severity: 'warning',
          message: 'Priority is Normal but Customer Severity severity_2 maps to High.',
          slaImpact: 'At High, first reply would be due Mon 13:00 PT instead of Mon 17:00 PT.',
          fix: { kind: 'set_priority', priority: 'high' },
        },
      ]);
    });

    it('a recorded manual priority change turns the mismatch into info', () => {
      const ticket = buildTicket({
        priority: 'normal',
        changes: [{ at: '2026-11-23T17:30:00Z', field: 'priority', from: 'high', to: 'normal' }],
      });
      const [f] = triageFindings(ticket, GITLAB_POLICY, NOW);
      expect(f).toMatchObject({
        code: 'priority.severity_mismatch',
        severity: 'info',
        message: 'Priority is Normal but Customer Severity severity_2 maps to High (the priority was changed on the ticket since).',
      });
    });

    it('a priority change made by a trigger or an automation, or an unsaved one, is not a deliberate one: still a warning', () => {
      for (const via of ['rule', 'system', 'sidebar']) {
        const ticket = buildTicket({
          priority: 'normal',
          changes: [{ at: '2026-11-23T17:30:00Z', field: 'priority', from: 'high', to: 'normal', via }],
        });
        const [f] = triageFindings(ticket, GITLAB_POLICY, NOW);
        expect(f).toMatchObject({ code: 'priority.severity_mismatch', severity: 'warning', message: 'Priority is Normal but Customer Severity severity_2 maps to High.' });
      }
      // An agent's change in Zendesk (web) or through the API (our own fix) is deliberate.
      const byAgent = buildTicket({ priority: 'normal', changes: [{ at: '2026-11-23T17:30:00Z', field: 'priority', from: 'high', to: 'normal', via: 'web' }] });
      expect(triageFindings(byAgent, GITLAB_POLICY, NOW)[0]).toMatchObject({ severity: 'info' });
    });

    it('priority.urgent_not_entitled: Urgent on a Standard plan off the emergency path', () => {
      const ticket = buildTicket({
        priority: 'urgent',
        customerSeverity: 'severity_1',
        organization: buildOrganization({ tags: ['starter'] }),
      });
      expect(triageFindings(ticket, GITLAB_POLICY, NOW)).toEqual([
        {
          code: 'priority.urgent_not_entitled',
          check: 'priority',
          severity: 'warning',
          message:
            'Urgent priority, but plan Standard Support (legacy Starter/Bronze) is not entitled to emergency support and the ticket is not on the emergency path: set High.',
          // Standard has 24 h for every priority: the fix does not move the deadline, and the text says so.
          slaImpact: 'At High, first reply stays due Tue 09:00 PT.',
          fix: { kind: 'set_priority', priority: 'high' },
        },
      ]);
    });

    it('Severity 1 on a plan without emergency support settles on High: the fixes never flip back to Urgent', () => {
      const standard = buildOrganization({ tags: ['starter'] });
      const atHigh = buildTicket({ priority: 'high', customerSeverity: 'severity_1', organization: standard });
      expect(codes(atHigh)).toEqual([]);
      const [missing] = triageFindings({ ...atHigh, priority: null }, GITLAB_POLICY, NOW);
      expect(missing).toMatchObject({
        code: 'priority.missing',
        message:
          'No priority set: Customer Severity severity_1 maps to Urgent, but plan Standard Support (legacy Starter/Bronze) has no emergency support off the emergency path, so High.',
        fix: { kind: 'set_priority', priority: 'high' },
      });
      const atNormal = triageFindings({ ...atHigh, priority: 'normal' }, GITLAB_POLICY, NOW);
      expect(atNormal.map((f) => [f.code, f.fix])).toEqual([['priority.severity_mismatch', { kind: 'set_priority', priority: 'high' }]]);
    });

    it('without an organization yet, priority is judged under the plan the organization will bring, not "No organization"', () => {
      // A Premium customer's Sev 1 emergency that arrived before association: the fix plan runs "associate, then set
      // priority", so telling it to set High (No organization has no emergency support) downgraded the emergency.
      const emergency = needsOrgTicket({ priority: 'urgent', customerSeverity: 'severity_1' });
      const premium = { slaIfAssociated: { organization: buildOrganization() } };
      for (const context of [{}, premium]) {
        expect(triageFindings(emergency, GITLAB_POLICY, NOW, context).map((f) => f.code)).toEqual([
          'organization.missing',
          'form.needs_entitlement',
        ]);
      }
      const [, , missing] = triageFindings({ ...emergency, priority: null }, GITLAB_POLICY, NOW, premium);
      expect(missing).toMatchObject({
        code: 'priority.missing',
        message: 'No priority set: Customer Severity severity_1 maps to Urgent.',
        fix: { kind: 'set_priority', priority: 'urgent' },
      });
      // The organization it will get decides: a Standard one still settles on High.
      const standard = { slaIfAssociated: { organization: buildOrganization({ tags: ['starter'] }) } };
      expect(triageFindings(emergency, GITLAB_POLICY, NOW, standard)[2]).toMatchObject({
        code: 'priority.urgent_not_entitled',
        message:
          'Urgent priority, but plan Standard Support (legacy Starter/Bronze) is not entitled to emergency support and the ticket is not on the emergency path: set High.',
        fix: { kind: 'set_priority', priority: 'high' },
      });
    });

    it('Urgent is fine for Priority Support, and on the emergency path', () => {
      expect(codes(buildTicket({ priority: 'urgent', customerSeverity: 'severity_1' }))).toEqual([]);
      const emergency = buildTicket({
        formId: FORM.emergencies,
        problemType: null,
        priority: 'urgent',
        customerSeverity: null,
        organization: buildOrganization({ tags: ['starter'] }),
      });
      expect(codes(emergency)).toEqual([]);
    });

    it('priority.sev1_outside_emergency when the policy lowers Sev 1 off the emergency path to High', () => {
      const policy = buildPolicy({ priority: { ...GITLAB_POLICY.priority, sev1OutsideEmergency: 'high' } });
      const ticket = buildTicket({ priority: 'urgent', customerSeverity: 'severity_1' });
      const [f] = triageFindings(ticket, policy, NOW);
      expect(f).toMatchObject({
        code: 'priority.sev1_outside_emergency',
        severity: 'warning',
        message:
          'Severity 1 outside the emergency path is High under policy "GitLab Support (default)" (Urgent is the emergency path): set High.',
        fix: { kind: 'set_priority', priority: 'high' },
      });
      // Under the current (2026) default, Sev 1 maps to Urgent everywhere.
      expect(codes(ticket)).toEqual([]);
    });
  });

  describe('problem type', () => {
    it('problem_type.missing offers the form field and its options', () => {
      expect(triageFindings(buildTicket({ problemType: null }), GITLAB_POLICY, NOW)).toEqual([
        {
          code: 'problem_type.missing',
          check: 'problem_type',
          severity: 'error',
          message: 'Self-managed Problem Type is required on form "Self-Managed" and is empty.',
          slaImpact: null,
          fix: { kind: 'set_problem_type', fieldId: 360017156474, value: null, options: SM_VALUES },
        },
      ]);
    });

    it('problem_type.invalid lists the allowed values', () => {
      const [f] = triageFindings(buildTicket({ problemType: 'saas_ci_cd' }), GITLAB_POLICY, NOW);
      expect(f?.code).toBe('problem_type.invalid');
      expect(f?.message).toBe(
        `Self-managed Problem Type "saas_ci_cd" is not valid on form "Self-Managed"; allowed: ${SM_VALUES.join(', ')}.`,
      );
      expect(SM_VALUES).toContain('sm_upgrades');
    });

    it('an optional problem type (L&R) may stay empty', () => {
      expect(codes(buildTicket({ formId: FORM.lnr, problemType: null }))).toEqual([]);
    });
  });
});
