-- 002: refresh tokens (long-lived consent), the chain-logging outbox, lookups by grant and patient.
CREATE TABLE refresh_tokens (
  hash TEXT PRIMARY KEY,           -- SHA-256 of the refresh token; the token itself is never stored
  grant_id TEXT NOT NULL REFERENCES grants(id),
  client_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  idle_expires_at BIGINT NOT NULL, -- lapses unless used (and so rotated) before this moment
  rotated_at BIGINT,               -- set when used; the token is then spent
  successor TEXT,                  -- the answer of that use, sealed with a key only the old token gives
  revoked_at BIGINT
);
CREATE INDEX refresh_tokens_grant ON refresh_tokens(grant_id);
CREATE INDEX access_tokens_grant ON access_tokens(grant_id);
CREATE INDEX grants_bsn ON grants(bsn);

CREATE TABLE chain_log_outbox (
  id BIGSERIAL PRIMARY KEY,
  event TEXT NOT NULL,             -- JSON; never a BSN
  created_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  delivered_at BIGINT,
  last_error TEXT
);
CREATE INDEX chain_log_outbox_due ON chain_log_outbox(delivered_at, next_attempt_at);
