/** The shipped default policy (GitLab) and the validating loader for account policies. */
export { GITLAB_POLICY, loadPolicy } from './default-policy.js';
