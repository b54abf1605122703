-- 010: provider onboarding (src/store/applications.ts): applications from the portal, their signed
-- documents, their history, and operators' browser sessions. Times are epoch milliseconds.
CREATE TABLE applications (
  id TEXT PRIMARY KEY,
  key_hash TEXT NOT NULL UNIQUE,   -- SHA-256 of the secret in the provider's personal link
  status TEXT NOT NULL,
  organisation TEXT NOT NULL,
  ura TEXT NOT NULL,
  agb_codes TEXT NOT NULL,         -- JSON array
  contact_name TEXT NOT NULL,
  email TEXT NOT NULL,
  application_ids TEXT NOT NULL,   -- JSON array
  system TEXT NOT NULL,
  system_other TEXT NOT NULL,
  services TEXT NOT NULL,          -- JSON array of data-service ids
  naam TEXT,                       -- MedMij name without @medmij
  operator_note TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX applications_status ON applications(status);
CREATE INDEX applications_naam ON applications(naam);

CREATE TABLE application_documents (
  application_id TEXT NOT NULL REFERENCES applications(id),
  kind TEXT NOT NULL,              -- agreement | choice
  filename TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  content TEXT NOT NULL,           -- base64 of the PDF
  uploaded_at BIGINT NOT NULL,
  PRIMARY KEY (application_id, kind)
);

CREATE TABLE onboarding_events (
  id TEXT PRIMARY KEY,
  application_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX onboarding_events_application ON onboarding_events(application_id, at);

CREATE TABLE operator_sessions (
  id_hash TEXT PRIMARY KEY,        -- SHA-256 of the session cookie's value
  username TEXT NOT NULL,
  csrf TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
