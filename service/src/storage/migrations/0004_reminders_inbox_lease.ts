// Versioned migration 0004: the inbox hands a notification to a poller for a while (`inbox_leased_until`) and marks it
// read only when the poller acknowledges it. Marking it read as it was answered lost it whenever the answer did not
// reach the sidebar (the app gives up after 2 s; a proxy drops it). Additive: existing rows have no lease.
export default /* sql */ `
ALTER TABLE reminders ADD COLUMN IF NOT EXISTS inbox_leased_until timestamptz;
`;
