import initial from './0001_initial.js';
import commitmentsNotify from './0002_commitments_notify.js';

/** Every migration in order; the id is recorded in `schema_migrations` once applied. */
export const MIGRATIONS: ReadonlyArray<{ id: string; sql: string }> = [
  { id: '0001_initial', sql: initial },
  { id: '0002_commitments_notify', sql: commitmentsNotify },
];
