import { GITLAB_POLICY } from '../policy/default-policy.js';
import { liveBusinessMinutesLeft } from './business-left.js';

const target = { plan: 'priority_support', priority: 'high' as const, minutes: 240, schedule: 'business_hours_24x5', scheduleName: '24x5', source: 'handbook' };
const running = { state: 'active' as const, dueAt: '2026-11-27T19:00:00.000Z', target };

describe('liveBusinessMinutesLeft', () => {
  it('counts the business minutes from now to the deadline on the target schedule', () => {
    // Friday 08:00 → 11:00 PT, inside GitLab's 24x5 hours.
    expect(liveBusinessMinutesLeft(running, GITLAB_POLICY, new Date('2026-11-27T16:00:00Z'))).toBe(180);
    expect(liveBusinessMinutesLeft(running, GITLAB_POLICY, new Date('2026-11-27T17:15:00Z'))).toBe(105);
  });

  it('counts calendar time for a 24/7 target and 0 once the deadline has passed', () => {
    const calendar = { ...running, target: { ...target, schedule: 'calendar' } };
    expect(liveBusinessMinutesLeft(calendar, GITLAB_POLICY, new Date('2026-11-27T18:30:00Z'))).toBe(30);
    expect(liveBusinessMinutesLeft(running, GITLAB_POLICY, new Date('2026-11-27T19:00:00Z'))).toBe(0);
  });

  it('cannot tell for a clock not running, without a deadline, or on a schedule the policy does not have', () => {
    const now = new Date('2026-11-27T16:00:00Z');
    expect(liveBusinessMinutesLeft({ ...running, state: 'paused' }, GITLAB_POLICY, now)).toBeNull();
    expect(liveBusinessMinutesLeft({ ...running, dueAt: null }, GITLAB_POLICY, now)).toBeNull();
    expect(liveBusinessMinutesLeft({ ...running, target: { ...target, schedule: 'acme_hours' } }, GITLAB_POLICY, now)).toBeNull();
  });
});
