import { budgetForPlan, RequestBudget } from './budget.js';
import { FakeClock } from './testing/fake-clock.js';

describe('RequestBudget', () => {
  it('sizes the bucket at 80 % of the plan limit', () => {
    const clock = new FakeClock();
    expect(budgetForPlan(700, clock).capacity).toBe(560);
    expect(budgetForPlan(200, clock).capacity).toBe(160);
    expect(budgetForPlan(2500, clock, 0.5).capacity).toBe(1250);
  });

  it('lets a full bucket through without waiting, then waits one refill interval per request', async () => {
    const clock = new FakeClock();
    const budget = new RequestBudget(4, clock); // 4 a minute: one token every 15 s
    for (let i = 0; i < 4; i += 1) expect(await budget.take()).toBe(0);
    expect(await budget.take()).toBe(15_000);
    expect(await budget.take()).toBe(15_000);
    expect(clock.sleeps).toEqual([15_000, 15_000]);
  });

  it('refills with elapsed time, never above capacity', async () => {
    const clock = new FakeClock();
    const budget = new RequestBudget(4, clock);
    for (let i = 0; i < 4; i += 1) await budget.take();
    clock.advance(30_000);
    expect(budget.available()).toBeCloseTo(2);
    clock.advance(10 * 60_000);
    expect(budget.available()).toBe(4);
  });

  it('refuses a budget below one request a minute', () => {
    expect(() => new RequestBudget(0, new FakeClock())).toThrow('at least 1 request per minute, got 0');
  });
});
