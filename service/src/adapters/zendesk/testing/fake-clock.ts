import type { Clock } from '../budget.js';

/** A clock whose `sleep` returns at once and moves time forward, recording every wait. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public t = Date.parse('2026-11-24T18:00:00Z')) {}
  now = (): number => this.t;
  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.t += ms;
  };
  advance(ms: number): void {
    this.t += ms;
  }
}
