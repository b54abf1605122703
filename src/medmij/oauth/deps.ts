/** What the OAuth routes need from the rest of the gateway. */
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { PatientLogin } from '../../identity/index.ts';
import type { DataServiceInfo } from '../../services/catalogue.ts';
import type { Store } from '../../store/index.ts';
import type { ClientInfo, ClientRegistry, NodeWhitelist } from '../lists/index.ts';
import type { OAuthSettings } from './settings.ts';
import type { LspExchange, OAuthDecision } from '../../audit/index.ts';
import type { StoreTx } from '../../store/index.ts';

/**
 * Rule of the back-channel endpoints: the client proves who it is, and throws an OAuthError
 * (`invalid_client`, 401) when it cannot. MedMij does this with the TLS client certificate on the back
 * channel, checked against the Whitelist (client-auth.ts).
 */
export type ClientAuthenticator = (request: FastifyRequest, client: ClientInfo) => void;

/** A MedMij chain-logging event (ketenlogging); never a BSN. */
export interface ChainLogEvent {
  type: string;
  [field: string]: unknown;
}

export interface OAuthDeps {
  config: Config;
  store: Store;
  clients: ClientRegistry;
  /** The data-service catalogue: list names and whether long-lived consent is offered. */
  services: readonly DataServiceInfo[];
  logger: FastifyBaseLogger;
  /** The patient login; default: the OIDC relying party for `config.oidc` (identity/). */
  login?: PatientLogin;
  /**
   * Client authentication at the token and revoke endpoints. Default: `certificateAuthenticator`
   * (client-auth.ts) with `whitelist`; without a whitelist, in production every non-demo client is
   * refused (fail closed), in demo/test every known client is accepted.
   */
  authenticateClient?: ClientAuthenticator;
  /** The MedMij Whitelist for back-channel client certificates (lists/whitelist.ts). */
  whitelist?: NodeWhitelist;
  /** Clock in epoch milliseconds (tests). Default Date.now. */
  now?: () => number;
  /**
   * The latest fetches of a person's data (the audit log), for their consents page. Absent: the page
   * shows consents only.
   */
  history?: (bsn: string) => Promise<
    {
      at: number;
      provider: string;
      clientId: string | undefined;
      resourceType: string;
      status: number;
      matches: number;
    }[]
  >;
  /**
   * The availability check between login and consent (BRUG_AVAILABILITY_CHECK; services/availability.ts).
   * Absent (the default `off`): no check. `none` ends the flow with a page and `access_denied`.
   */
  availability?: (q: {
    bsn: string;
    provider: string;
    services: string[];
    auth: { time: number; level: string; assertionId: string };
  }) => Promise<{ result: 'available' | 'none' | 'unknown'; lsp: LspExchange[] }>;
  /** The authorization server's settings (settings.ts); unset ones take their defaults. */
  settings?: Partial<OAuthSettings>;
  /**
   * Where chain-logging events go (medmij.md section 5), e.g. the outbox of chain-log.ts. Default: the
   * log only.
   */
  chainLog?: (event: ChainLogEvent) => void;
  /**
   * Records each decision (authorize, DigiD login, consent, token, refresh, revoke; accepted or
   * refused) in the audit log before its answer is sent; when it fails, the request fails. With `tx`,
   * the record is appended inside that store transaction, which also holds the decision's state change
   * (grant, code, token), so neither commits without the other. Default: nothing recorded (unit tests).
   */
  audit?: (decision: OAuthDecision, tx?: StoreTx) => Promise<void>;
  /** Told of each access token issued (metrics). */
  onTokenIssued?: (grantType: string) => void;
}
