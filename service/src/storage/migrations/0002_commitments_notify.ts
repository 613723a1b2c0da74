// Versioned migration 0002: every change to a commitment row notifies `triage_commitments` with
// "<schema>:<ticket_id>" when its transaction commits, so each replica can drop its cached read of that ticket's
// open commitment (storage/commitment-change-listener.ts). The schema is in the payload because channels are
// database-wide and tests (or tenants) may keep several schemas in one database.
export default /* sql */ `
CREATE OR REPLACE FUNCTION commitments_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('triage_commitments', TG_TABLE_SCHEMA || ':' || OLD.ticket_id::text);
  ELSE
    PERFORM pg_notify('triage_commitments', TG_TABLE_SCHEMA || ':' || NEW.ticket_id::text);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER commitments_notify_change AFTER INSERT OR UPDATE OR DELETE ON commitments
  FOR EACH ROW EXECUTE FUNCTION commitments_notify_change();
`;
