/**
 * The tables as the query builder sees them, one description for both dialects. Times are
 * milliseconds since the epoch (INTEGER on SQLite, BIGINT on PostgreSQL, read back as numbers);
 * JSON is kept as text so both dialects store exactly the same bytes.
 */
import type { Generated } from 'kysely';

export interface GrantsTable {
  id: string;
  client_id: string;
  provider: string;
  /** JSON array of data-service ids. */
  services: string;
  /** Sealed BSN (seal.ts). */
  bsn: string;
  /** Keyed index of the BSN, for lookups by patient. */
  bsn_key: string | null;
  auth_time: number;
  auth_level: string;
  assertion_id: string;
  /** 1 for long-lived consent, 0 otherwise. */
  long_lived: number;
  created_at: number;
  revoked_at: number | null;
}

export interface AuthCodesTable {
  hash: string;
  grant_id: string;
  client_id: string;
  redirect_uri: string;
  scope: string;
  expires_at: number;
  used_at: number | null;
}

export interface AccessTokensTable {
  hash: string;
  grant_id: string;
  client_id: string;
  scope: string;
  expires_at: number;
  revoked_at: number | null;
  code_hash: string | null;
}

export interface RefreshTokensTable {
  hash: string;
  grant_id: string;
  client_id: string;
  scope: string;
  created_at: number;
  idle_expires_at: number;
  rotated_at: number | null;
  successor: string | null;
  revoked_at: number | null;
}

export interface OutboxTable {
  id: Generated<number>;
  /** JSON; never a BSN. */
  event: string;
  created_at: number;
  attempts: Generated<number>;
  next_attempt_at: number;
  delivered_at: number | null;
  last_error: string | null;
  /** The node sending this event now (013_outbox_claims), until claimed_until (epoch ms). */
  claimed_by: string | null;
  claimed_until: number | null;
}

export interface SessionsTable {
  id: string;
  /** Sealed JSON. */
  data: string;
  expires_at: number;
}

export interface ProvidersTable {
  naam: string;
  display_name: string;
  ura: string;
  /** JSON array. */
  application_ids: string;
  /** JSON array of {id}. */
  services: string;
  status: string;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  event: string;
  data: string;
  prev_hash: string;
  hash: string;
  /** The record's pseudonymous patient (a copy of `data.patient`), indexed (migration 012). */
  patient: string | null;
}

/** The one row beside the log: newest seq and hash, first keyed record, seal (migration 012). */
export interface AuditAnchorTable {
  id: number;
  seq: number;
  hash: string;
  at: string;
  keyed_from: number;
  mac: string | null;
}

/** Every table of the store, by name. */
export interface Database {
  grants: GrantsTable;
  auth_codes: AuthCodesTable;
  access_tokens: AccessTokensTable;
  refresh_tokens: RefreshTokensTable;
  chain_log_outbox: OutboxTable;
  auth_sessions: SessionsTable;
  providers: ProvidersTable;
  audit_log: AuditLogTable;
  audit_anchor: AuditAnchorTable;
}
