/**
 * Performance API marks for the sidebar's render budget (`app.registered` → fully rendered ≤ 300 ms). They cost one
 * `performance.mark` per document and are read by scripts/src/bench/app-render.ts with
 * `performance.measure('…', MARK_REGISTERED, MARK_SIDEBAR_RENDERED)` inside the sidebar iframe; a browser's
 * performance panel shows them too.
 */

/** ZAF registration completed: `context()` and `metadata()` resolved (ZafClientProvider). */
export const MARK_REGISTERED = 'zaf:registered';
/** The sidebar committed its first assessment: SLA panel and triage checklist are in the DOM (TicketSidebar). */
export const MARK_SIDEBAR_RENDERED = 'sidebar:rendered';

const marked = new Set<string>();

/**
 * Marks `name` the first time only (one module instance per iframe document): re-renders and re-assessments must not
 * move the first instant. No-op where the Performance API has no `mark` (jsdom).
 */
export function markOnce(name: string): void {
  if (marked.has(name)) return;
  marked.add(name);
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(name);
}
