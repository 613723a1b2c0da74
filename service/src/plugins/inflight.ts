/**
 * Work the service must let finish on shutdown (fix runs). A use case wraps its run in `track()` and checks
 * `signal.aborted` between steps: on close the signal aborts, the current step completes, the run stops (and can be
 * resumed from its journal), and `drain()` resolves when every tracked promise has settled.
 */
export interface Inflight {
  readonly signal: AbortSignal;
  readonly size: number;
  track<T>(work: Promise<T>): Promise<T>;
  /** Abort the signal and wait (at most `timeoutMs`) for tracked work; resolves true when all settled. */
  drain(timeoutMs: number): Promise<boolean>;
}

export function createInflight(): Inflight {
  const controller = new AbortController();
  const running = new Set<Promise<unknown>>();
  return {
    get signal() {
      return controller.signal;
    },
    get size() {
      return running.size;
    },
    track(work) {
      const settled = work.then(
        () => undefined,
        () => undefined,
      );
      running.add(settled);
      void settled.then(() => running.delete(settled));
      return work;
    },
    async drain(timeoutMs) {
      controller.abort();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const all = Promise.all([...running]).then(() => true as const);
      try {
        return await Promise.race([all, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
