-- 003: the append-only, hash-chained audit log (NEN 7513 fields). Rows are never updated or deleted:
-- triggers refuse both, so only a hand edit of the file can change history, and `brug audit verify`
-- finds that.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,         -- one order for every writer (SQLite serialises writes)
  at TEXT NOT NULL,                -- ISO 8601 UTC
  event TEXT NOT NULL,             -- e.g. fhir.search
  data TEXT NOT NULL,              -- canonical JSON of the record's fields
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
