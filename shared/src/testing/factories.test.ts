import { resolvePlan } from '../sla/plan.js';
import { GITLAB_POLICY } from '../policy/default-policy.js';
import {
  ACME_ORG_ID,
  agentReply,
  buildCommitment,
  buildOrganization,
  buildPolicy,
  buildTicket,
  EXAMPLE_GENERIC_FORM,
  FORM,
  internalNote,
  needsOrgTicket,
} from './factories.js';

describe('test factories', () => {
  it('builds the default Acme ticket, parsed with schema defaults', () => {
    const t = buildTicket();
    expect(t).toMatchObject({
      id: 12345,
      createdAt: '2026-11-23T17:00:00Z',
      status: 'open',
      priority: 'high',
      formId: 426148,
      organization: { id: ACME_ORG_ID, name: 'Acme Corp', tags: ['premium'] },
      requester: { email: 'dana@acme.example', organizationIds: [ACME_ORG_ID], role: 'end-user' },
      changes: [],
      slas: [],
    });
    expect(t.comments).toEqual([{ public: true, authorRole: 'end-user', authorId: 20001, createdAt: '2026-11-23T17:00:00Z' }]);
    expect(resolvePlan(t, GITLAB_POLICY).plan.id).toBe('priority_support');
  });

  it('lets a test override one field and rejects invalid overrides', () => {
    expect(buildTicket({ priority: 'low' }).priority).toBe('low');
    expect(() => buildTicket({ createdAt: 'Monday' })).toThrow();
  });

  it('needsOrgTicket has no organization and resolves to "no SLA"', () => {
    const t = needsOrgTicket();
    expect(t.organization).toBeNull();
    expect(t.requester.organizationIds).toEqual([]);
    expect(t.formId).toBe(FORM.selfManaged);
    const plan = resolvePlan(t, GITLAB_POLICY).plan;
    expect([plan.id, plan.sla]).toEqual(['no_organization', false]);
  });

  it('builds comments, organizations, commitments and policies', () => {
    expect(agentReply('2026-11-23T18:00:00Z')).toEqual({ public: true, authorRole: 'agent', authorId: 501, createdAt: '2026-11-23T18:00:00Z' });
    expect(internalNote('2026-11-23T18:00:00Z').public).toBe(false);
    expect(buildOrganization({ tags: ['starter'] }).fields).toEqual({});
    expect(buildCommitment()).toMatchObject({ dueAt: '2026-11-23T22:00:00Z', cancelledAt: null });
    const p = buildPolicy({ forms: [...GITLAB_POLICY.forms, EXAMPLE_GENERIC_FORM] });
    expect(p.forms.find((f) => f.generic)?.name).toBe('Other Request');
    expect(() => buildPolicy({ defaultPlan: 'nope' })).toThrow('defaultPlan: unknown plan "nope"');
  });
});
