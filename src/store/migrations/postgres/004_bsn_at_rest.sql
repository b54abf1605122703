-- 004: BSNs at rest are sealed (AES-256-GCM) in grants.bsn and inside auth_sessions.data; lookups by
-- patient go through a keyed index (HMAC of the BSN), since a sealed value cannot be compared.
ALTER TABLE grants ADD COLUMN bsn_key TEXT;
CREATE INDEX grants_bsn_key ON grants(bsn_key);
