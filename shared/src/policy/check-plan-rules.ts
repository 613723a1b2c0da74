import type { PlanCondition, PlanRule, Policy } from '../schemas/policy.js';

/**
 * A plan rule that can never decide a ticket's plan (SLA-EDGE-CASES #41: "several SLA-applying rules silently
 * override each other"). First match wins (`resolvePlan`), so a rule that an earlier rule covers is dead weight that
 * reads as if it applied.
 *
 * Decision: these are WARNINGS, not load errors. The policy still has one well-defined meaning (first by position
 * wins, as Zendesk's own SLA policies do, and Zendesk accepts the same ordering without complaint); refusing it would
 * take the sidebar and the reminders down for every agent at the next restart over a redundancy that changes no
 * assessment. So the service logs each finding at start (`service/src/compose.ts`) and the CLI prints them on stderr
 * (`scripts/src/assess-cli.ts`), naming both rules so the admin can reorder or delete one.
 *
 * The check is conservative: it only reports what one earlier rule provably covers (no false positives), and does
 * not try to prove that several earlier rules together cover a later one.
 */
export interface PlanRuleFinding {
  /** `shadowed`: an earlier rule matches every ticket this one matches; `duplicate`: same plan and same conditions;
   * `never_matches`: a condition no ticket can meet (an empty list, or no organization together with an organization condition). */
  code: 'plan_rule.shadowed' | 'plan_rule.duplicate' | 'plan_rule.never_matches';
  /** The rule that can never apply, e.g. `['planRules', 7]`. */
  path: ['planRules', number];
  /** Index of the earlier rule that wins instead (null for `never_matches`). */
  shadowedBy: number | null;
  /** e.g. `planRules[7] (plan "standard") can never apply: planRules[3] (plan "priority_support") matches every ticket it matches and comes first`. */
  message: string;
}

/** Conditions that need the ticket to have an organization. */
function needsOrganization(when: PlanCondition): boolean {
  return when.hasOrganization === true || when.organizationTagsAny !== undefined || when.organizationField !== undefined;
}

/** No ticket can meet these conditions (mirrors `matchReasons` in sla/plan.ts). */
function neverMatches(when: PlanCondition): string | null {
  if (when.formIds?.length === 0) return 'formIds is empty';
  if (when.organizationTagsAny?.length === 0) return 'organizationTagsAny is empty';
  if (when.ticketTagsAny?.length === 0) return 'ticketTagsAny is empty';
  if (when.organizationField?.in.length === 0) return `organizationField "${when.organizationField.key}" allows no value`;
  if (when.hasOrganization === false && (when.organizationTagsAny !== undefined || when.organizationField !== undefined)) {
    return 'it asks for no organization and for an organization condition';
  }
  return null;
}

const subset = <T>(inner: readonly T[] | undefined, outer: readonly T[]): boolean =>
  inner !== undefined && inner.every((v) => outer.includes(v));

/**
 * Does every ticket that meets `later` also meet `earlier`? Each condition of `earlier` must be implied by `later`'s
 * (an `earlier` without conditions covers everything).
 */
export function conditionsCover(earlier: PlanCondition, later: PlanCondition): boolean {
  if (earlier.hasOrganization === true && !needsOrganization(later)) return false;
  if (earlier.hasOrganization === false && later.hasOrganization !== false) return false;
  if (earlier.formIds !== undefined && !subset(later.formIds, earlier.formIds)) return false;
  if (earlier.organizationTagsAny !== undefined && !subset(later.organizationTagsAny, earlier.organizationTagsAny)) return false;
  if (earlier.ticketTagsAny !== undefined && !subset(later.ticketTagsAny, earlier.ticketTagsAny)) return false;
  if (earlier.organizationField !== undefined) {
    const field = later.organizationField;
    if (field === undefined || field.key !== earlier.organizationField.key || !subset(field.in, earlier.organizationField.in)) {
      return false;
    }
  }
  return true;
}

const name = (rule: PlanRule, i: number) => `planRules[${i}] (plan "${rule.plan}")`;

/** Every plan rule that can never decide a plan, in rule order; empty for a policy without dead rules. */
export function checkPlanRules(policy: Pick<Policy, 'planRules'>): PlanRuleFinding[] {
  const findings: PlanRuleFinding[] = [];
  policy.planRules.forEach((rule, j) => {
    const path: ['planRules', number] = ['planRules', j];
    const impossible = neverMatches(rule.when);
    if (impossible !== null) {
      findings.push({ code: 'plan_rule.never_matches', path, shadowedBy: null, message: `${name(rule, j)} can never apply: ${impossible}` });
      return;
    }
    for (let i = 0; i < j; i++) {
      const earlier = policy.planRules[i];
      if (earlier === undefined || neverMatches(earlier.when) !== null || !conditionsCover(earlier.when, rule.when)) continue;
      const duplicate = earlier.plan === rule.plan && conditionsCover(rule.when, earlier.when);
      findings.push(
        duplicate
          ? {
              code: 'plan_rule.duplicate',
              path,
              shadowedBy: i,
              message: `${name(rule, j)} can never apply: it duplicates ${name(earlier, i)}, which comes first`,
            }
          : {
              code: 'plan_rule.shadowed',
              path,
              shadowedBy: i,
              message: `${name(rule, j)} can never apply: ${name(earlier, i)} matches every ticket it matches and comes first`,
            },
      );
      return; // The first earlier rule that covers it is the one that wins.
    }
  });
  return findings;
}
