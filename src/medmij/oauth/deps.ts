/** What the OAuth routes need from the rest of the gateway. */
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { PatientLogin } from '../../identity/index.ts';
import type { DataServiceInfo } from '../../services/catalogue.ts';
import type { Store } from '../../store/index.ts';
import type { ClientInfo, ClientRegistry } from '../lists/index.ts';

/**
 * Rule (seam) of the token endpoint: the client proves who it is, and throws an OAuthError
 * (`invalid_client`, 401) when it cannot. MedMij does this with the TLS client certificate on the back
 * channel, checked against the Whitelist; that arrives with the mTLS back channel. Until then the
 * default accepts every client the registry knows (loopback demo clients never need a certificate).
 */
export type ClientAuthenticator = (request: FastifyRequest, client: ClientInfo) => void;

export interface OAuthDeps {
  config: Config;
  store: Store;
  clients: ClientRegistry;
  /** The data-service catalogue: list names and whether long-lived consent is offered. */
  services: readonly DataServiceInfo[];
  logger: FastifyBaseLogger;
  /** The patient login; default: the OIDC relying party for `config.oidc` (identity/). */
  login?: PatientLogin;
  /** Client authentication at the token endpoint. Default: none yet (see ClientAuthenticator). */
  authenticateClient?: ClientAuthenticator;
  /** Clock in epoch milliseconds (tests). Default Date.now. */
  now?: () => number;
}
