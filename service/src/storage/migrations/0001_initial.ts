// Versioned migration 0001. Statements are separated by `--> statement-breakpoint` (Drizzle's convention) because
// PGlite's extended-protocol queries take one statement at a time. Kept as a TS string so the built service and the
// tests find it without copying files. Never edit a released migration: add 0002.
export default /* sql */ `
CREATE TABLE commitments (
  id            text PRIMARY KEY,
  ticket_id     bigint NOT NULL,
  agent_id      bigint NOT NULL,
  due_at        timestamptz NOT NULL,
  note          text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL,
  cancelled_at  timestamptz,
  met_at        timestamptz
);
--> statement-breakpoint
-- At most one open commitment per ticket: putting a new one cancels the old one first.
CREATE UNIQUE INDEX commitments_one_open_per_ticket ON commitments (ticket_id)
  WHERE cancelled_at IS NULL AND met_at IS NULL;
--> statement-breakpoint
CREATE INDEX commitments_agent ON commitments (agent_id, due_at);
--> statement-breakpoint
CREATE TABLE reminders (
  id             text PRIMARY KEY,
  source         text NOT NULL,
  source_id      text NOT NULL,
  ticket_id      bigint NOT NULL,
  agent_id       bigint NOT NULL,
  kind           text NOT NULL,
  due_at         timestamptz NOT NULL,
  message        text NOT NULL,
  payload        jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at     timestamptz NOT NULL,
  cancelled_at   timestamptz,
  claimed_by     text,
  claimed_until  timestamptz,
  delivered_at   timestamptz,
  read_at        timestamptz
);
--> statement-breakpoint
-- Each reminder exists once, so it is delivered once even if it is scheduled again.
CREATE UNIQUE INDEX reminders_once ON reminders (source, ticket_id, kind, due_at);
--> statement-breakpoint
-- The scheduler's claim query scans only what is still to deliver.
CREATE INDEX reminders_due_undelivered ON reminders (due_at)
  WHERE delivered_at IS NULL AND cancelled_at IS NULL;
--> statement-breakpoint
CREATE INDEX reminders_inbox ON reminders (agent_id)
  WHERE delivered_at IS NOT NULL AND read_at IS NULL;
--> statement-breakpoint
CREATE TABLE fix_runs (
  id               text PRIMARY KEY,
  idempotency_key  text NOT NULL CONSTRAINT fix_runs_idempotency_key UNIQUE,
  ticket_id        bigint NOT NULL,
  agent_id         bigint NOT NULL,
  state            text NOT NULL,
  request          jsonb,
  error            text,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);
--> statement-breakpoint
CREATE TABLE fix_run_steps (
  run_id            text NOT NULL REFERENCES fix_runs (id) ON DELETE CASCADE,
  index             integer NOT NULL,
  kind              text NOT NULL,
  description       text NOT NULL,
  state             text NOT NULL,
  detail            text,
  zendesk_response  jsonb,
  started_at        timestamptz,
  finished_at       timestamptz,
  PRIMARY KEY (run_id, index)
);
--> statement-breakpoint
CREATE TABLE webhook_events (
  event_id     text PRIMARY KEY,
  type         text NOT NULL,
  received_at  timestamptz NOT NULL
);
--> statement-breakpoint
CREATE TABLE frt_outcomes (
  ticket_id         bigint PRIMARY KEY,
  priority          text,
  group_id          bigint,
  met               boolean NOT NULL,
  business_minutes  integer,
  recorded_at       timestamptz NOT NULL
);
--> statement-breakpoint
CREATE INDEX frt_outcomes_recorded ON frt_outcomes (recorded_at);
`;
