/**
 * Client-side request budget: a token bucket refilled continuously, sized below the account's per-minute limit so
 * the service never uses Zendesk's whole allowance (the sidebar and other integrations share it; ZENDESK.md §4.9).
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class RequestBudget {
  private tokens: number;
  private last: number;
  private readonly perMs: number;

  constructor(
    /** Requests allowed per minute (e.g. 0.8 × the plan's limit). */
    readonly capacity: number,
    private readonly clock: Clock,
  ) {
    if (!(capacity >= 1)) throw new Error(`Request budget must allow at least 1 request per minute, got ${capacity}`);
    this.tokens = capacity;
    this.last = clock.now();
    this.perMs = capacity / 60_000;
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
    this.last = now;
  }

  /** Waits (on the injected clock) until a request may go out, then spends one token. Returns the time waited. */
  async take(): Promise<number> {
    let waited = 0;
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return waited;
      }
      const wait = Math.ceil((1 - this.tokens) / this.perMs);
      waited += wait;
      await this.clock.sleep(wait);
    }
  }

  /** Tokens left right now (for metrics and tests). */
  available(): number {
    this.refill();
    return this.tokens;
  }
}

/** The bucket for a plan: `share` (default 0.8) of 200/400/700/2500 requests a minute, at least 1. */
export function budgetForPlan(planRateLimitPerMinute: number, clock: Clock, share = 0.8): RequestBudget {
  return new RequestBudget(Math.max(1, Math.floor(planRateLimitPerMinute * share)), clock);
}
