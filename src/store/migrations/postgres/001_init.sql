-- 001: sessions, authorization codes, access tokens, grants (consents) and providers.
-- Times are milliseconds since the epoch (BIGINT); JSON is kept as text, as on SQLite.
CREATE TABLE grants (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  provider TEXT NOT NULL,
  services TEXT NOT NULL,          -- JSON array of data-service ids
  bsn TEXT NOT NULL,
  auth_time BIGINT NOT NULL,
  auth_level TEXT NOT NULL,
  assertion_id TEXT NOT NULL,
  long_lived INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);

CREATE TABLE auth_codes (
  hash TEXT PRIMARY KEY,           -- SHA-256 of the code; the code itself is never stored
  grant_id TEXT NOT NULL REFERENCES grants(id),
  client_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  scope TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);

CREATE TABLE access_tokens (
  hash TEXT PRIMARY KEY,           -- SHA-256 of the token
  grant_id TEXT NOT NULL REFERENCES grants(id),
  client_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT,
  code_hash TEXT
);
CREATE INDEX access_tokens_code ON access_tokens(code_hash);

CREATE TABLE auth_sessions (
  id TEXT PRIMARY KEY,
  data TEXT NOT NULL,              -- JSON (sealed)
  expires_at BIGINT NOT NULL
);

CREATE TABLE providers (
  naam TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  ura TEXT NOT NULL,
  application_ids TEXT NOT NULL,   -- JSON array
  services TEXT NOT NULL,          -- JSON array of {id}
  status TEXT NOT NULL
);
