import type { Finding, FixAction } from '../schemas/assessment.js';
import { slaTestPolicy, slaTicket } from '../testing/sla-policy.js';
import { ORG_BEFORE_FORM_REASON, planFixes } from './fix-plan.js';

// GitLab form ids (DOMAIN §2): SaaS 334447 and Self-Managed 426148 require entitlement; SaaS Account does not.
const SAAS = 334447;
const SELF_MANAGED = 426148;
const SAAS_ACCOUNT = 360000803379;
const policy = slaTestPolicy({
  forms: [
    { id: SAAS, name: 'SaaS', requiresEntitlement: true, problemType: { fieldId: 44087827, name: 'SaaS Problem Type', values: ['saas_ci', 'saas_billing'] } },
    { id: SELF_MANAGED, name: 'Self-Managed', requiresEntitlement: true, problemType: { fieldId: 360017156474, name: 'Self-managed Problem Type', values: ['sm_upgrade', 'sm_install'] } },
    { id: SAAS_ACCOUNT, name: 'SaaS Account', requiresEntitlement: false },
  ],
});

const fixFinding = (check: Finding['check'], fix: FixAction): Finding => ({
  code: `${check}.x`,
  check,
  severity: 'error',
  message: '',
  slaImpact: null,
  fix,
});

describe('planFixes', () => {
  it('orders organization → form → priority → problem type, with dependencies and where each runs', () => {
    const ticket = slaTicket({ organization: null, formId: SAAS_ACCOUNT, problemType: null });
    const steps = planFixes(ticket, policy, [
      // Deliberately out of order: the plan must not depend on the findings' order.
      fixFinding('priority', { kind: 'set_priority', priority: 'high' }),
      fixFinding('form', { kind: 'set_form', formId: SELF_MANAGED, formName: 'Self-Managed' }),
      fixFinding('organization', { kind: 'associate_organization', organizationId: 4242 }),
    ]);
    expect(steps).toEqual([
      { id: 'associate_organization', action: { kind: 'associate_organization', organizationId: 4242 }, dependsOn: [], runsIn: 'service', orderReason: null },
      { id: 'set_form', action: { kind: 'set_form', formId: SELF_MANAGED, formName: 'Self-Managed' }, dependsOn: ['associate_organization'], runsIn: 'ticket', orderReason: ORG_BEFORE_FORM_REASON },
      { id: 'set_priority', action: { kind: 'set_priority', priority: 'high' }, dependsOn: ['associate_organization', 'set_form'], runsIn: 'ticket', orderReason: null },
      {
        // The new form requires its own problem type: the planner adds the step for the new form's field.
        id: 'set_problem_type',
        action: { kind: 'set_problem_type', fieldId: 360017156474, value: null, options: ['sm_upgrade', 'sm_install'] },
        dependsOn: ['set_form'],
        runsIn: 'ticket',
        orderReason: 'The problem-type field belongs to the form: set it after the form changes',
      },
    ]);
    expect(ORG_BEFORE_FORM_REASON).toBe(
      'Associate the organization first: changing the form of a ticket whose requester has no organization re-runs triggers and sends the customer an auto-reply',
    );
  });

  it('retargets a problem-type fix from the old form to the new form, keeping a value valid on both', () => {
    const ticket = slaTicket({ formId: SAAS, problemType: 'saas_ci' });
    const steps = planFixes(ticket, policy, [
      fixFinding('form', { kind: 'set_form', formId: SAAS_ACCOUNT, formName: 'SaaS Account' }),
      fixFinding('problem_type', { kind: 'set_problem_type', fieldId: 44087827, value: null, options: ['saas_ci'] }),
    ]);
    // SaaS Account has no problem-type field in this policy: the old form's fix is dropped.
    expect(steps.map((s) => s.id)).toEqual(['set_form']);
    expect(steps[0]?.orderReason).toBeNull();
  });

  it('one step per kind: the first finding in fix order wins', () => {
    const steps = planFixes(slaTicket(), policy, [
      fixFinding('priority', { kind: 'set_priority', priority: 'normal' }),
      fixFinding('priority', { kind: 'set_priority', priority: 'high' }),
    ]);
    expect(steps).toEqual([
      { id: 'set_priority', action: { kind: 'set_priority', priority: 'normal' }, dependsOn: [], runsIn: 'ticket', orderReason: null },
    ]);
  });

  it('no findings with fixes → empty plan', () => {
    expect(planFixes(slaTicket(), policy, [{ ...fixFinding('form', { kind: 'set_priority', priority: 'low' }), fix: null }])).toEqual([]);
  });
});
