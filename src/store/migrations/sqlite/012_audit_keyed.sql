-- 012: the audit chain is keyed (HMAC with a key derived from the audit secret; audit/chain.ts) and
-- anchored. `audit_anchor` holds one row: the newest record's seq and hash, the first keyed record
-- (`keyed_from`; the records before it keep their plain SHA-256 hashes and still verify) and a seal
-- (`mac`) over them. Every append updates it in its own transaction, so a record cut off the end is
-- found. The migration's transaction seals the row (store/kysely-audit.ts). `patient` is an indexed
-- copy of each record's pseudonym, for a data-subject request without reading the whole log.
ALTER TABLE audit_log ADD COLUMN patient TEXT;
DROP TRIGGER audit_log_no_update;
UPDATE audit_log SET patient = json_extract(data, '$.patient');
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE INDEX audit_log_patient ON audit_log(patient, seq);

CREATE TABLE audit_anchor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  at TEXT NOT NULL,
  keyed_from INTEGER NOT NULL,
  mac TEXT
);
INSERT INTO audit_anchor (id, seq, hash, at, keyed_from, mac)
SELECT 1,
  COALESCE((SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1), 0),
  COALESCE((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '0000000000000000000000000000000000000000000000000000000000000000'),
  COALESCE((SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1), ''),
  COALESCE((SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1), 0) + 1,
  NULL;

CREATE TRIGGER audit_anchor_no_delete BEFORE DELETE ON audit_anchor
BEGIN SELECT RAISE(ABORT, 'the audit anchor cannot be removed'); END;
CREATE TRIGGER audit_anchor_forward BEFORE UPDATE ON audit_anchor
WHEN NEW.id <> OLD.id OR NEW.seq < OLD.seq OR NEW.keyed_from <> OLD.keyed_from
  OR (OLD.mac IS NOT NULL AND NEW.mac IS NULL)
BEGIN SELECT RAISE(ABORT, 'the audit anchor only moves forward'); END;
