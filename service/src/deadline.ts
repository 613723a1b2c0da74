/** A promise's outcome within a deadline: its value, or `settled: false` when the deadline came first. */
export type Deadlined<T> = { settled: true; value: T } | { settled: false };

/**
 * Waits for `promise` until `deadlineAt` (a `performance.now()` instant): its value, or `settled: false` once the
 * deadline passes; a rejection before the deadline is thrown. The promise itself runs on either way — the caller
 * decides what becomes of work it no longer waits for.
 */
export async function withinDeadline<T>(promise: Promise<T>, deadlineAt: number): Promise<Deadlined<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<{ settled: false }>((resolve) => {
    timer = setTimeout(() => resolve({ settled: false }), Math.max(0, deadlineAt - performance.now()));
  });
  try {
    return await Promise.race([promise.then((value) => ({ settled: true as const, value })), late]);
  } finally {
    clearTimeout(timer);
  }
}
