-- 012: the audit chain is keyed (HMAC with a key derived from the audit secret; audit/chain.ts) and
-- anchored. `audit_anchor` holds one row: the newest record's seq and hash, the first keyed record
-- (`keyed_from`; the records before it keep their plain SHA-256 hashes and still verify) and a seal
-- (`mac`) over them. Every append updates it in its own transaction, so a record cut off the end is
-- found. The migration's transaction seals the row (store/kysely-audit.ts). `patient` is an indexed
-- copy of each record's pseudonym, for a data-subject request without reading the whole log.
ALTER TABLE audit_log ADD COLUMN patient TEXT;
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
UPDATE audit_log SET patient = (data::json)->>'patient';
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;
CREATE INDEX audit_log_patient ON audit_log(patient, seq);

CREATE TABLE audit_anchor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL,
  at TEXT NOT NULL,
  keyed_from BIGINT NOT NULL,
  mac TEXT
);
INSERT INTO audit_anchor (id, seq, hash, at, keyed_from, mac)
SELECT 1,
  COALESCE((SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1), 0),
  COALESCE((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), repeat('0', 64)),
  COALESCE((SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1), ''),
  COALESCE((SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1), 0) + 1,
  NULL;

CREATE FUNCTION audit_anchor_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'the audit anchor cannot be removed';
  END IF;
  IF NEW.id <> OLD.id OR NEW.seq < OLD.seq OR NEW.keyed_from <> OLD.keyed_from
     OR (OLD.mac IS NOT NULL AND NEW.mac IS NULL) THEN
    RAISE EXCEPTION 'the audit anchor only moves forward';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER audit_anchor_guard BEFORE UPDATE OR DELETE ON audit_anchor
  FOR EACH ROW EXECUTE FUNCTION audit_anchor_forward_only();
CREATE TRIGGER audit_anchor_no_truncate BEFORE TRUNCATE ON audit_anchor
  FOR EACH STATEMENT EXECUTE FUNCTION audit_anchor_forward_only();
