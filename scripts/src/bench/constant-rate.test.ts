import { percentiles } from './constant-rate.js';

describe('percentiles (nearest rank)', () => {
  it('reads p50, p90, p99, max and mean of the latencies, in any order', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1
    expect(percentiles(values)).toEqual({ p50: 50, p90: 90, p99: 99, max: 100, mean: 50.5 });
  });

  it('gives the one slow request as p99 only when it is more than 1 % of the samples', () => {
    const fast = Array.from({ length: 99 }, () => 2);
    expect(percentiles([...fast, 40]).p99).toBe(2);
    expect(percentiles([...fast.slice(0, 49), 40]).p99).toBe(40);
  });

  it('answers zeros for no samples rather than NaN', () => {
    expect(percentiles([])).toEqual({ p50: 0, p90: 0, p99: 0, max: 0, mean: 0 });
  });
});
