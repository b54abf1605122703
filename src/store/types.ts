/**
 * The store's interface: small repositories per aggregate. The SQLite implementation is the embedded
 * default; a PostgreSQL one follows the same contract (see store.contract.test.ts). Everything a node
 * must share with its peers lives here: sessions, codes, tokens, grants, providers.
 */

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

/** A parked browser interaction (authorize -> login -> consent), with whatever state each step adds. */
export interface AuthSession {
  id: string;
  data: Record<string, unknown>;
  expiresAt: number;
}

export type ProviderStatus = 'approved' | 'submitted' | 'published' | 'live' | 'suspended';

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
  revoke(id: string, at: number): Promise<void>;
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

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  grants: GrantRepo;
  codes: CodeRepo;
  tokens: TokenRepo;
  sessions: SessionRepo;
  providers: ProviderRepo;
  /** True when the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
