// Resolve hook: `@triage-assistant/shared` → shared/src/index.ts for every importer (the service included), so the
// benches measure the source in the tree, as jest does, and never a stale shared/dist.
const SOURCE = new URL('../../../shared/src/index.ts', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === '@triage-assistant/shared') return next(SOURCE, context);
  return next(specifier, context);
}
