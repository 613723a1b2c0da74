// Versioned migration 0003: a reminder is unique per the thing that made it (source and source id), not per ticket.
// Keyed on the ticket, two "commitment taken over" notices stamped in the same millisecond (A's commitment replaced
// by B's, B's by C's) were one row: the second overwrote the first, and agent A never heard. Commitment reminders are
// unaffected in effect: a replacing commitment has a new id, and its reminders are only those still ahead; the old
// ones stay cancelled. SLA reminders use the ticket id as source id, so their key is unchanged. Rows unique on the
// old key are unique on the new one (the source id determines the ticket), so this cannot fail on existing data.
export default /* sql */ `
DROP INDEX IF EXISTS reminders_once;
--> statement-breakpoint
CREATE UNIQUE INDEX reminders_once ON reminders (source, source_id, kind, due_at);
`;
