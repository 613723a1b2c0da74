import fc from 'fast-check';
import { assess } from '../assess.js';
import type { PlanCondition, PlanRule } from '../schemas/policy.js';
import { resolvePlan } from '../sla/plan.js';
import { buildOrganization, buildPolicy, buildTicket, needsOrgTicket } from '../testing/factories.js';
import { checkPlanRules, conditionsCover } from './check-plan-rules.js';
import { GITLAB_POLICY } from './default-policy.js';

const rule = (plan: string, when: PlanCondition): PlanRule => ({ plan, when });

describe('checkPlanRules (SLA-EDGE-CASES #41)', () => {
  it('#41 the shipped GitLab policy has no dead rule; its two "hold" rules in a row are not a false positive', () => {
    expect(checkPlanRules(GITLAB_POLICY)).toEqual([]);
    // planRules[0] reads the org tag support_hold, planRules[1] the org field support_hold: neither implies the other,
    // and each puts on hold an organization the other does not.
    const [byTag, byField] = GITLAB_POLICY.planRules;
    expect([byTag?.plan, byField?.plan]).toEqual(['hold', 'hold']);
    expect(conditionsCover(byTag!.when, byField!.when)).toBe(false);
    expect(conditionsCover(byField!.when, byTag!.when)).toBe(false);
    const onlyField = buildTicket({ organization: buildOrganization({ tags: ['premium'], fields: { support_hold: true } }) });
    const onlyTag = buildTicket({ organization: buildOrganization({ tags: ['premium', 'support_hold'] }) });
    expect(resolvePlan(onlyField, GITLAB_POLICY).rule).toBe(byField);
    expect(resolvePlan(onlyTag, GITLAB_POLICY).rule).toBe(byTag);
  });

  it('#41 a rule an earlier rule covers is flagged, naming both rules by index and plan', () => {
    const planRules = [
      rule('priority_support', { hasOrganization: true, organizationTagsAny: ['premium', 'starter'] }),
      rule('standard', { organizationTagsAny: ['starter'] }),
      rule('trial', { hasOrganization: true, organizationTagsAny: ['trial'] }),
    ];
    expect(checkPlanRules({ planRules })).toEqual([
      {
        code: 'plan_rule.shadowed',
        path: ['planRules', 1],
        shadowedBy: 0,
        message:
          'planRules[1] (plan "standard") can never apply: planRules[0] (plan "priority_support") matches every ticket it matches and comes first',
      },
    ]);
    // The same on the shipped policy with a catch-all "premium or starter" rule slipped in at position 3.
    const policy = buildPolicy({
      planRules: [
        ...GITLAB_POLICY.planRules.slice(0, 3),
        rule('priority_support', { organizationTagsAny: ['premium', 'starter', 'bronze', 'sub_sm_starter', 'sub_dotcom_bronze'] }),
        ...GITLAB_POLICY.planRules.slice(3),
      ],
    });
    expect(checkPlanRules(policy).map((f) => f.message)).toEqual([
      'planRules[10] (plan "standard") can never apply: planRules[3] (plan "priority_support") matches every ticket it matches and comes first',
    ]);
  });

  it('#41 an exact duplicate, and a rule that no ticket can meet, are flagged', () => {
    const hold = rule('hold', { organizationTagsAny: ['support_hold'] });
    expect(
      checkPlanRules({
        planRules: [
          hold,
          rule('trial', { organizationTagsAny: [] }),
          rule('standard', { hasOrganization: false, organizationField: { key: 'plan', in: ['starter'] } }),
          structuredClone(hold),
        ],
      }),
    ).toEqual([
      {
        code: 'plan_rule.never_matches',
        path: ['planRules', 1],
        shadowedBy: null,
        message: 'planRules[1] (plan "trial") can never apply: organizationTagsAny is empty',
      },
      {
        code: 'plan_rule.never_matches',
        path: ['planRules', 2],
        shadowedBy: null,
        message: 'planRules[2] (plan "standard") can never apply: it asks for no organization and for an organization condition',
      },
      {
        code: 'plan_rule.duplicate',
        path: ['planRules', 3],
        shadowedBy: 0,
        message: 'planRules[3] (plan "hold") can never apply: it duplicates planRules[0] (plan "hold"), which comes first',
      },
    ]);
  });

  it.each<[string, PlanCondition, PlanCondition, boolean]>([
    ['no conditions covers everything', {}, { hasOrganization: false }, true],
    ['formIds: a subset is covered', { formIds: [1, 2] }, { formIds: [2], hasOrganization: true }, true],
    ['formIds: another form is not', { formIds: [1, 2] }, { formIds: [2, 3] }, false],
    ['formIds: a later rule without a form condition is not', { formIds: [1] }, { hasOrganization: true }, false],
    ['ticketTagsAny: a subset is covered', { ticketTagsAny: ['a', 'b'] }, { ticketTagsAny: ['b'] }, true],
    ['ticketTagsAny is not organizationTagsAny', { ticketTagsAny: ['a'] }, { organizationTagsAny: ['a'] }, false],
    ['organizationTagsAny: a superset is not covered', { organizationTagsAny: ['a'] }, { organizationTagsAny: ['a', 'b'] }, false],
    ['organizationField: same key, subset of values', { organizationField: { key: 'k', in: [true, 'true'] } }, { organizationField: { key: 'k', in: [true] } }, true],
    ['organizationField: another key', { organizationField: { key: 'k', in: [true] } }, { organizationField: { key: 'j', in: [true] } }, false],
    ['organizationField: true is not "true"', { organizationField: { key: 'k', in: [true] } }, { organizationField: { key: 'k', in: ['true'] } }, false],
    ['hasOrganization: true is implied by organization tags', { hasOrganization: true }, { organizationTagsAny: ['a'] }, true],
    ['hasOrganization: true is implied by an organization field', { hasOrganization: true }, { organizationField: { key: 'k', in: [1] } }, true],
    ['hasOrganization: true is not implied by a form', { hasOrganization: true }, { formIds: [1] }, false],
    ['hasOrganization: false only by hasOrganization: false', { hasOrganization: false }, { hasOrganization: false, formIds: [1] }, true],
    ['hasOrganization: false is not implied by a form', { hasOrganization: false }, { formIds: [1] }, false],
    ['every condition of the earlier rule must hold', { formIds: [1], organizationTagsAny: ['a'] }, { formIds: [1] }, false],
  ])('conditionsCover: %s', (_, earlier, later, covers) => {
    expect(conditionsCover(earlier, later)).toBe(covers);
  });

  it('#41 never a false positive: whenever the check says rule j is covered by rule i, every ticket j matches, i matches', () => {
    const values = ['a', 'b', 'c'];
    // Each condition absent two times in three, so that one rule often covers the other.
    const maybe = <T>(arb: fc.Arbitrary<T>) =>
      fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: arb, weight: 1 });
    const sub = <T>(xs: T[]) => maybe(fc.subarray(xs, { minLength: 1 }));
    const condition = fc
      .record({
        hasOrganization: maybe(fc.boolean()),
        formIds: sub([1, 2, 3]),
        organizationTagsAny: sub(values),
        ticketTagsAny: sub(values),
        organizationField: maybe(fc.record({ key: fc.constantFrom('k', 'j'), in: fc.subarray<string | boolean>([true, 'true', 'x'], { minLength: 1 }) })),
      })
      .map((c): PlanCondition => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)));
    const ticket = fc
      .record({
        formId: fc.option(fc.constantFrom(1, 2, 3, 4)),
        tags: fc.subarray(values),
        org: fc.option(fc.record({ tags: fc.subarray(values), k: fc.constantFrom<string | boolean | null>(true, 'true', 'x', null) })),
      })
      .map(({ formId, tags, org }) =>
        org === null
          ? needsOrgTicket({ formId, tags })
          : buildTicket({ formId, tags, organization: buildOrganization({ tags: org.tags, fields: { k: org.k, j: org.k } }) }),
      );
    const matches = (when: PlanCondition, t: ReturnType<typeof buildTicket>) =>
      resolvePlan(t, { ...GITLAB_POLICY, planRules: [rule('hold', when)] }).rule !== null;
    fc.assert(
      fc.property(condition, condition, fc.array(ticket, { minLength: 1, maxLength: 8 }), (first, second, tickets) => {
        const [finding] = checkPlanRules({ planRules: [rule('hold', first), rule('standard', second)] });
        if (finding === undefined || finding.shadowedBy === null) return;
        for (const t of tickets) if (matches(second, t)) expect(matches(first, t)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('#41 the assessment names the first-by-position winner', () => {
  it('#41 two rules match (support hold and a paid tag): the plan and its reason name the earlier rule, as the sidebar shows', () => {
    const ticket = buildTicket({ organization: buildOrganization({ tags: ['ultimate', 'support_hold'] }) });
    // Both planRules[0] (hold) and planRules[8] (priority_support) match this ticket.
    expect(GITLAB_POLICY.planRules.filter((r) => resolvePlan(ticket, { ...GITLAB_POLICY, planRules: [r] }).rule !== null).map((r) => r.plan)).toEqual([
      'hold',
      'priority_support',
    ]);
    const a = assess(ticket, GITLAB_POLICY, new Date('2026-11-23T18:00:00Z'));
    expect(a.plan).toEqual({ id: 'hold', name: 'Support hold (no SLA)', sla: false, reason: 'organization Acme Corp has tag support_hold → Support hold (no SLA)' });
    // Reordered, the other rule wins, and the assessment says so.
    const reordered = buildPolicy({ planRules: [...GITLAB_POLICY.planRules.slice(1), GITLAB_POLICY.planRules[0]!] });
    expect(assess(ticket, reordered, new Date('2026-11-23T18:00:00Z')).plan).toEqual({
      id: 'priority_support',
      name: 'Priority Support (Premium/Ultimate)',
      sla: true,
      reason: 'organization Acme Corp has tag ultimate → Priority Support (Premium/Ultimate)',
    });
  });
});
