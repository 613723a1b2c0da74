import { resolvePlan } from '../sla/plan.js';
import { buildOrganization, buildTicket, FORM, needsOrgTicket } from '../testing/factories.js';
import { GITLAB_POLICY } from './default-policy.js';

/** Plan id GitLab's policy gives a ticket on `formId` for an organization with `tags` (null: no organization). */
function planFor(tags: string[] | null, formId: number = FORM.selfManaged, fields: Record<string, boolean | string> = {}) {
  const ticket =
    tags === null ? needsOrgTicket({ formId }) : buildTicket({ formId, organization: buildOrganization({ tags, fields }) });
  return resolvePlan(ticket, GITLAB_POLICY);
}

describe('GitLab plan rules (first match wins)', () => {
  it.each([
    [['premium'], 'priority_support'],
    [['ultimate'], 'priority_support'],
    [['gold'], 'priority_support'],
    [['silver'], 'priority_support'],
    [['priority_prospect'], 'priority_support'],
    [['sub_sm_ultimate'], 'priority_support'],
    [['sub_gitlab_dedicated'], 'priority_support'],
    [['starter'], 'standard'],
    [['bronze'], 'standard'],
    [['trial'], 'trial'],
    [['expired'], 'expired'],
    [['community'], 'community'],
    [['free'], 'free'],
    [['premium', 'support_hold'], 'hold'],
    [['starter', 'trial'], 'standard'],
  ])('organization tags %j → %s', (tags, plan) => {
    expect(planFor(tags).plan.id).toBe(plan);
  });

  it('support hold through the org field beats a paid tag', () => {
    const r = planFor(['ultimate'], FORM.selfManaged, { support_hold: true });
    expect([r.plan.id, r.plan.sla, r.reason]).toEqual(['hold', false, 'organization Acme Corp has support_hold = true → Support hold (no SLA)']);
    expect(planFor(['ultimate'], FORM.selfManaged, { support_hold: false }).plan.id).toBe('priority_support');
  });

  it('no organization → no SLA, with the reason the assistant shows', () => {
    const r = planFor(null);
    expect([r.plan.id, r.plan.sla, r.reason]).toEqual([
      'no_organization',
      false,
      'requester has no organization → No organization (no SLA)',
    ]);
    expect(planFor(null, FORM.internalRequest).plan.id).toBe('no_organization');
  });

  it('an organization without a recognised plan tag gets the default plan (no SLA)', () => {
    const r = planFor(['customer_since_2019']);
    expect([r.plan.id, r.plan.sla, r.rule]).toEqual(['free', false, null]);
  });

  it('the L&R form is L&R for every plan, with or without an organization', () => {
    expect(planFor(null, FORM.lnr).plan.id).toBe('lnr');
    expect(planFor(['premium'], FORM.lnr).plan.id).toBe('lnr');
    expect(planFor(['free'], FORM.lnr).plan.id).toBe('lnr');
    expect(planFor(['premium'], 360001421072).plan.id).toBe('lnr'); // US Government L&R
  });

  it('the Emergencies form is the Emergency policy, only for a paid organization', () => {
    const paid = planFor(['premium'], FORM.emergencies);
    expect([paid.plan.id, paid.reason]).toEqual([
      'emergency',
      'ticket is on form 360001264259 and organization Acme Corp has tag premium → Emergency (Priority Support)',
    ]);
    expect(planFor(['sub_ss_enterprise', 'ultimate'], FORM.emergencies).plan.id).toBe('emergency');
    expect(planFor(['sub_usgov_24x7'], 360001421112).plan.id).toBe('emergency');
    expect(planFor(['free'], FORM.emergencies).plan.id).toBe('free');
    expect(planFor(null, FORM.emergencies).plan.id).toBe('no_organization');
  });

  it('Signature / Advanced Success flags get their own Priority Support plan', () => {
    expect(planFor(['ultimate', 'sub_ss_enterprise']).plan.id).toBe('priority_support_ss');
    expect(planFor(['sub_sm_premium', 'sub_ss_growth']).plan.id).toBe('priority_support_ss');
    expect(planFor(['sub_ss_growth', 'support_hold']).plan.id).toBe('hold');
  });

  it('US Government subscriptions get their own clocks; a 12x5 emergency stays on the 12x5 clock', () => {
    expect(planFor(['sub_usgov_12x5'], 360000446511).plan.id).toBe('usgov_12x5');
    expect(planFor(['sub_usgov_12x5'], 360001421112).plan.id).toBe('usgov_12x5');
    expect(planFor(['sub_usgov_24x7'], 360000446511).plan.id).toBe('usgov_24x7');
    expect(planFor(['sub_usgov_12x5'], 360001421072).plan.id).toBe('lnr');
  });

  it('Priority Support and its variants are the emergency-entitled plans', () => {
    expect(GITLAB_POLICY.plans.filter((p) => p.emergencyEntitled).map((p) => p.id)).toEqual([
      'priority_support',
      'emergency',
      'priority_support_ss',
      'usgov_12x5',
      'usgov_24x7',
    ]);
  });
});
