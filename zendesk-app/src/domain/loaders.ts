/** On-demand chunks. Both are small to call twice: the module registry caches them. */
export const loadCore = () => import('./core');
export type Core = Awaited<ReturnType<typeof loadCore>>;

/** The shared engine: degraded-mode assessment, the save guard, the due-time quick picks. */
export const loadEngine = () => import('./engine');
export type Engine = Awaited<ReturnType<typeof loadEngine>>;
