/** The shipped default policy (GitLab) and the validating loader for account policies. */
export { GITLAB_POLICY, loadPolicy } from './default-policy.js';
/** Plan rules that can never apply (shadowed, duplicated, unsatisfiable): warnings for whoever loads a policy. */
export { checkPlanRules, conditionsCover, type PlanRuleFinding } from './check-plan-rules.js';
