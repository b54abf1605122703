-- 003: the append-only, hash-chained audit log (NEN 7513 fields). Rows are never updated or deleted:
-- triggers refuse both (and TRUNCATE), so only someone who drops them can change history, and
-- `brug audit verify` finds that. Appends take a transaction-scoped advisory lock (kysely-audit.ts),
-- so every node writes in one order; the primary key on seq makes a fork impossible anyway.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at TEXT NOT NULL,                -- ISO 8601 UTC
  event TEXT NOT NULL,             -- e.g. fhir.search
  data TEXT NOT NULL,              -- canonical JSON of the record's fields
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
