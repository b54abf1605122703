/**
 * The authorization server's own settings, with their defaults (plugin options; `config.ts` may map
 * `BRUG_*` settings onto them). Every option is documented where its default is set.
 */
import type { DigidLevel } from '../../identity/index.ts';

export interface OAuthSettings {
  /**
   * Seconds a refresh token may go unused before it lapses. Each use rotates it and starts a new
   * period. Default 183 days (MedMij: long-lived consent lapses after six months without fetching).
   */
  refreshIdleSeconds: number;
  /**
   * Seconds after a refresh during which the same (spent) refresh token, presented again by the same
   * client, gets the same new pair (a retry after a lost answer). Later reuse revokes the grant.
   * Default 30.
   */
  refreshGraceSeconds: number;
  /**
   * Non-standard grant_type values accepted as another name for a standard one, e.g.
   * `{ refresh_code: 'refresh_token' }` for a PGO that sends `grant_type=refresh_code`. Default none:
   * RFC 6749 says `unsupported_grant_type`, and an operator opts in per alias.
   */
  grantTypeAliases: Readonly<Record<string, 'authorization_code' | 'refresh_token'>>;
  /** The lowest DigiD assurance level a login must reach. Default `substantieel` (Wdo norm). */
  minimumLevel: DigidLevel;
  /** Extra `acr` value to level mappings for the broker in use (on top of identity/acr.ts). */
  acrMap: Readonly<Record<string, DigidLevel>>;
  /**
   * Show the MedMij landing page (provider, PGO, data services, "Inloggen met DigiD") before sending
   * the browser to DigiD. Default false for now: the end-to-end tests still expect authorize to go
   * straight to DigiD (the lead switches it on with those tests).
   */
  landingPage: boolean;
  /**
   * Whether an Accept-Language header preferring English switches the pages to English (`?lang=en`
   * always does). Default false: browsers commonly send `en-US` by default, and the MedMij screens are
   * Dutch; the browser test still expects Dutch from an en-US Chromium.
   */
  acceptLanguage: boolean;
  /**
   * The header in which a trusted reverse proxy passes the client certificate it verified (PEM,
   * URL-encoded as nginx `$ssl_client_escaped_cert` does). Undefined (default): never read.
   */
  clientCertHeader: string | undefined;
  /**
   * Whether the client certificate must also name the client (CN or DNS SAN = the client_id's
   * hostname), besides being on the Whitelist. Default true.
   */
  certificateMustNameClient: boolean;
  /**
   * The MedMij log component's endpoint for chain-logging events (e.g.
   * `https://api.medmij.nl/eagleeye/v1/logs`). When set, events are kept in the store's outbox and a
   * background sender delivers them with retry. Undefined (default): events go to the log only.
   */
  chainLogEndpoint: string | undefined;
  /** How often the chain-log sender looks for due events, in milliseconds. Default 5000. */
  chainLogIntervalMs: number;
  /** Token and revoke requests per minute from one address before 429. Default 120. */
  backchannelPerIpPerMinute: number;
  /** Token and revoke requests per minute for one client_id before 429. Default 600. */
  backchannelPerClientPerMinute: number;
}

/** The defaults. */
export const DEFAULT_OAUTH_SETTINGS: OAuthSettings = {
  refreshIdleSeconds: 183 * 24 * 3600,
  refreshGraceSeconds: 30,
  grantTypeAliases: {},
  minimumLevel: 'substantieel',
  acrMap: {},
  landingPage: false,
  acceptLanguage: false,
  clientCertHeader: undefined,
  certificateMustNameClient: true,
  chainLogEndpoint: undefined,
  chainLogIntervalMs: 5000,
  backchannelPerIpPerMinute: 120,
  backchannelPerClientPerMinute: 600,
};

/**
 * Settings with defaults filled in.
 * @param partial - what the caller sets
 */
export function resolveSettings(partial: Partial<OAuthSettings> = {}): OAuthSettings {
  const out = { ...DEFAULT_OAUTH_SETTINGS };
  for (const [k, v] of Object.entries(partial)) {
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}
