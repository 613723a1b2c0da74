import { useEffect, useReducer } from 'react';

/**
 * The current time, read at each render, and a re-render every `intervalMs` (null: no timer). Reading the clock at
 * render rather than storing the last tick keeps it exact when the caller re-renders for other reasons or starts
 * ticking later. Use it only in leaf components: each tick re-renders the caller.
 */
export function useNow(intervalMs: number | null): Date {
  const [, tick] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (intervalMs === null) return;
    const id = setInterval(tick, intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return new Date();
}

/** setTimeout's largest delay (about 24.8 days); a longer one would fire at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Whether the instant `at` has passed, with one re-render when it does (a single timer, not a tick; none when `at` is
 * null or already past). For what changes once at a deadline, in components that must not tick every second.
 */
export function usePassed(at: string | null): boolean {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const atMs = at === null ? null : Date.parse(at);
  const passed = atMs !== null && Date.now() >= atMs;
  useEffect(() => {
    if (atMs === null || Number.isNaN(atMs) || passed) return;
    const id = setTimeout(rerender, Math.min(Math.max(atMs - Date.now(), 0), MAX_TIMEOUT_MS));
    return () => clearTimeout(id);
  }, [atMs, passed]);
  return passed;
}
