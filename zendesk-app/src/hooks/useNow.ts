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
