/**
 * The zod-backed part of the sidebar: response schemas, the ZAF → snapshot mapper and the bundled policy. Loaded with
 * `loadCore()` (prefetched at startup, in parallel with the ZAF handshake) so zod is not in the blocking initial JS.
 */
export * from './shared-core';
export { readTicketSnapshot, toTicketSnapshot } from '../ticket/read-snapshot';
export { fieldsRead, localPolicy, problemTypeFieldFor } from './local';
export { followServicePolicy, restoreServicePolicy } from './policy-sync';
