import initial from './0001_initial.js';
import commitmentsNotify from './0002_commitments_notify.js';
import remindersOncePerSource from './0003_reminders_once_per_source.js';
import remindersInboxLease from './0004_reminders_inbox_lease.js';

/** Every migration in order; the id is recorded in `schema_migrations` once applied. */
export const MIGRATIONS: ReadonlyArray<{ id: string; sql: string }> = [
  { id: '0001_initial', sql: initial },
  { id: '0002_commitments_notify', sql: commitmentsNotify },
  { id: '0003_reminders_once_per_source', sql: remindersOncePerSource },
  { id: '0004_reminders_inbox_lease', sql: remindersInboxLease },
];
