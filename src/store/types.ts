/**
 * The store's interface: small repositories per aggregate. The SQLite implementation is the embedded
 * default; a PostgreSQL one follows the same contract (see store.contract.test.ts). Everything a node
 * must share with its peers lives here: sessions, codes, tokens, grants, providers.
 */
import type { AuditAnchor, ChainRow, VerifyResult } from '../audit/chain.ts';
import type { ApplicationRepo } from './applications.ts';

/** A patient's authorization (consent) for one PGO client, one provider and its data services. */
export interface Grant {
  id: string;
  clientId: string;
  /** Provider's MedMij name without `@medmij`. */
  provider: string;
  /** Data-service ids the patient consented to. */
  services: string[];
  /** The patient's BSN: server-side only, never sent to a PGO or written to a log. */
  bsn: string;
  /** DigiD authentication facts the LSP query carries. */
  authTime: number;
  authLevel: string;
  assertionId: string;
  longLived: boolean;
  createdAt: number;
  revokedAt: number | null;
}

export interface AuthCode {
  /** SHA-256 of the code (the code itself is never stored). */
  hash: string;
  grantId: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  expiresAt: number;
  usedAt: number | null;
}

export interface AccessToken {
  /** SHA-256 of the token. */
  hash: string;
  grantId: string;
  clientId: string;
  scope: string;
  expiresAt: number;
  revokedAt: number | null;
  /** The code it was issued from (revoked together when that code is replayed). */
  codeHash: string | null;
}

/** A refresh token (long-lived consent only): opaque, stored hashed, spent on use (rotation). */
export interface RefreshToken {
  /** SHA-256 of the token. */
  hash: string;
  grantId: string;
  clientId: string;
  scope: string;
  createdAt: number;
  /** The token lapses when it is not used before this moment (six months after issue by default). */
  idleExpiresAt: number;
  /** When it was used (and replaced); null while unused. */
  rotatedAt: number | null;
  /**
   * The answer given when it was used, sealed with a key derived from the token itself, so a
   * retried request within the grace period gets the same new pair (and nobody else can read it).
   */
  successor: string | null;
  revokedAt: number | null;
}

/** What one refresh hands out: the new refresh token, the new access token and the sealed answer. */
export interface RefreshRotation {
  next: RefreshToken;
  access: AccessToken;
  /** The answer, sealed for a retry (stored on the spent token). */
  sealed: string;
}

/** A chain-logging event waiting in the outbox (or delivered). */
export interface OutboxEvent {
  id: number;
  /** The event as sent (JSON object, never a BSN). */
  event: Record<string, unknown>;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  deliveredAt: number | null;
  lastError: string | null;
}

/** A parked browser interaction (authorize -> login -> consent), with whatever state each step adds. */
export interface AuthSession {
  id: string;
  data: Record<string, unknown>;
  expiresAt: number;
}

/** suspended can be resumed (back to approved); offboarded is final (onboarding/lifecycle.ts). */
export type ProviderStatus = 'approved' | 'submitted' | 'published' | 'live' | 'suspended' | 'offboarded';

export interface ProviderService {
  /** Gegevensdienst id, e.g. '31'. */
  id: string;
}

export interface Provider {
  /** MedMij name without `@medmij`. */
  naam: string;
  displayName: string;
  ura: string;
  /** LSP application ids of the provider's systems; queries are addressed to the first. */
  applicationIds: string[];
  services: ProviderService[];
  status: ProviderStatus;
}

export interface GrantRepo {
  insert(grant: Grant): Promise<void>;
  get(id: string): Promise<Grant | undefined>;
  /** Revokes the grant and, in the same transaction, its access and refresh tokens. */
  revoke(id: string, at: number): Promise<void>;
  /** Every grant of one patient, newest first (for the patient's own consent page). */
  listByBsn(bsn: string): Promise<Grant[]>;
}

export interface CodeRepo {
  insert(code: AuthCode): Promise<void>;
  /**
   * Marks the code used and returns it, atomically, if it exists and was not used before. A second
   * call for the same code returns `{ replayed: code }` so the caller can revoke what the first issued.
   */
  consume(hash: string, at: number): Promise<{ code: AuthCode } | { replayed: AuthCode } | undefined>;
}

export interface TokenRepo {
  insert(token: AccessToken): Promise<void>;
  get(hash: string): Promise<AccessToken | undefined>;
  revoke(hash: string, at: number): Promise<void>;
  revokeByCode(codeHash: string, at: number): Promise<number>;
}

export interface RefreshTokenRepo {
  insert(token: RefreshToken): Promise<void>;
  get(hash: string): Promise<RefreshToken | undefined>;
  /**
   * Spends the token `hash` and stores its successor and the new access token, atomically, if the
   * token is still unspent and unrevoked. Returns false when another request spent it first.
   */
  rotate(hash: string, at: number, rotation: RefreshRotation): Promise<boolean>;
  /** The newest unrevoked, unspent refresh token of a grant (when it lapses), if any. */
  activeForGrant(grantId: string): Promise<RefreshToken | undefined>;
}

export interface OutboxRepo {
  /** Queues an event; returns its id. */
  add(event: Record<string, unknown>, at: number): Promise<number>;
  /** Undelivered events whose next attempt is due, oldest first (a look only; senders use `claim`). */
  due(now: number, limit: number): Promise<OutboxEvent[]>;
  /**
   * Claims up to `limit` due events, oldest first, for `owner` until `now + leaseMs`, so that no other
   * node sends them meanwhile. Returns none while another owner's lease on any undelivered event runs
   * (one batch in flight over all nodes, so the log receives the events in order). `markDelivered`
   * and `markFailed` end the claim; an expired lease (a node that died) lets others claim again.
   */
  claim(now: number, limit: number, owner: string, leaseMs: number): Promise<OutboxEvent[]>;
  markDelivered(ids: number[], at: number): Promise<void>;
  markFailed(ids: number[], nextAttemptAt: number, error: string): Promise<void>;
  /** Events not yet delivered (for tests and monitoring). */
  pending(): Promise<number>;
}

export interface SessionRepo {
  insert(session: AuthSession): Promise<void>;
  get(id: string, now: number): Promise<AuthSession | undefined>;
  update(id: string, data: Record<string, unknown>): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface ProviderRepo {
  upsert(provider: Provider): Promise<void>;
  get(naam: string): Promise<Provider | undefined>;
  list(): Promise<Provider[]>;
}

/** One audit record to append: `data` is the canonical JSON of its fields (audit/record.ts). */
export interface AuditAppend {
  event: string;
  data: string;
  /** The clock read inside the append's lock for the record's time (default: the system clock). */
  clock?: () => Date;
}

/** What an append inside a store transaction can do. */
export interface AuditTxRepo {
  /** Appends a record; it commits or rolls back with the transaction. Returns its place, hash and time. */
  append(entry: AuditAppend): Promise<{ seq: number; hash: string; at: string }>;
}

/** The append-only, keyed and anchored audit log (audit/). */
export interface AuditRepo extends AuditTxRepo {
  /** Every record in sequence order, read as one consistent snapshot. */
  snapshot(): Promise<ChainRow[]>;
  /** The records with `from <= at < to` (ISO times), in sequence order. */
  range(from: string, to: string): Promise<ChainRow[]>;
  /** One patient's records by their pseudonym (indexed), oldest first unless `newestFirst`. */
  byPatient(
    patient: string,
    options?: { event?: string; limit?: number; newestFirst?: boolean },
  ): Promise<ChainRow[]>;
  /** The sealed anchor kept beside the log (the newest seq and hash), if it is there. */
  anchor(): Promise<AuditAnchor | undefined>;
  /**
   * Verifies the chain, its anchor and any anchors written elsewhere earlier, on one snapshot.
   * @param external - earlier copies of the anchor (`brug audit verify --anchor FILE`)
   */
  verify(external?: AuditAnchor[]): Promise<VerifyResult>;
}

/** The repositories whose changes an audit record must commit with. */
export type StateRepos = Pick<Store, 'grants' | 'codes' | 'tokens' | 'refreshTokens' | 'sessions'>;

/** One write transaction: the state change and its audit record commit together or not at all. */
export interface StoreTx extends StateRepos {
  audit: AuditTxRepo;
  /** Runs `fn` once the transaction has committed (metrics, notices); never when it rolls back. */
  afterCommit(fn: () => void): void;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  grants: GrantRepo;
  codes: CodeRepo;
  tokens: TokenRepo;
  refreshTokens: RefreshTokenRepo;
  outbox: OutboxRepo;
  audit: AuditRepo;
  sessions: SessionRepo;
  providers: ProviderRepo;
  applications: ApplicationRepo;
  /**
   * Runs `fn` in one write transaction. Inside it use only the repositories `fn` is given (the store's
   * own would wait for the transaction on SQLite). A throw rolls everything back, audit records too.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** True when the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
