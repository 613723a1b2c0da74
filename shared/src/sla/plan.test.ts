import { resolvePlan } from './plan.js';
import { slaTestPolicy, slaTicket } from '../testing/sla-policy.js';

describe('resolvePlan', () => {
  const policy = slaTestPolicy();

  it('picks the first matching rule and says why', () => {
    const r = resolvePlan(slaTicket(), policy);
    expect(r.plan.id).toBe('priority');
    expect(r.rule?.plan).toBe('priority');
    expect(r.reason).toBe('organization Acme Corp has tag premium → Priority Support');
  });

  it('first match by position wins: the L&R form beats the premium tag', () => {
    const r = resolvePlan(slaTicket({ formId: 100 }), policy);
    expect(r.plan.id).toBe('lnr');
    expect(r.reason).toBe('ticket is on form 100 → L&R');
  });

  it('matches an organization field, including array values', () => {
    const org = { id: 11, name: 'Small Co', tags: [], fields: { plan: 'starter' } };
    expect(resolvePlan(slaTicket({ organization: org }), policy).reason).toBe(
      'organization Small Co has plan = starter → Standard',
    );
    const arrayOrg = { ...org, fields: { plan: ['legacy', 'bronze'] } };
    expect(resolvePlan(slaTicket({ organization: arrayOrg }), policy).plan.id).toBe('standard');
  });

  it('falls back to the default plan and names the missing organization', () => {
    const r = resolvePlan(slaTicket({ organization: null }), policy);
    expect(r.plan).toMatchObject({ id: 'free', sla: false });
    expect(r.rule).toBeNull();
    expect(r.reason).toBe('requester has no organization → Free (default plan)');
  });

  it('default plan for an organization no rule matches', () => {
    const org = { id: 12, name: 'Trial Inc', tags: ['trial'] };
    expect(resolvePlan(slaTicket({ organization: org }), policy).reason).toBe(
      'no plan rule matches organization Trial Inc → Free (default plan)',
    );
  });

  it('matches ticket tags', () => {
    const p = slaTestPolicy({ planRules: [{ plan: 'priority', when: { ticketTagsAny: ['priority_prospect'] } }] });
    const r = resolvePlan(slaTicket({ organization: null, tags: ['x', 'priority_prospect'] }), p);
    expect(r.reason).toBe('ticket has tag priority_prospect → Priority Support');
  });
});
