import { GITLAB_POLICY } from '../policy/index.js';
import { displayZone, policyZone } from './format.js';

const LA = 'America/Los_Angeles';

describe('displayZone', () => {
  it("is the target schedule's zone, and the policy's first schedule zone for 24/7 or unknown schedules", () => {
    expect(displayZone(GITLAB_POLICY, 'apac')).toBe('Australia/Brisbane');
    expect(displayZone(GITLAB_POLICY, 'calendar')).toBe(LA);
    expect(displayZone(GITLAB_POLICY, null)).toBe(LA);
    expect(policyZone(GITLAB_POLICY)).toBe(LA);
  });
});
