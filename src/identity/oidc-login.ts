/**
 * The OpenID Connect relying party for a DigiD broker (openid-client v6). Every authorization
 * request gets a fresh login (`prompt=login`, `max_age=0`), bound to the browser session by
 * `state`, `nonce` and a PKCE verifier that Brug keeps server-side. The result carries the BSN (from
 * the verified ID token, or else userinfo) and the facts the LSP query needs: when, how strongly and
 * by which assertion the person authenticated.
 */
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import type { Config } from '../config.ts';
import { isTestEnvironment } from '../config.ts';
import { mapAcr, type DigidLevel } from './acr.ts';
import { isValidBsn } from './bsn.ts';

/** What Brug keeps (server-side, in the session) between sending the browser out and its return. */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** A completed, verified patient login. */
export interface PatientAuthenticationResult {
  /** The BSN: server-side only. */
  bsn: string;
  /** Epoch milliseconds of the authentication (`auth_time`). */
  authTime: number;
  /** DigiD level (see acr.ts). */
  level: string;
  /** `sid` or `jti` of the ID token, or a SHA-256 of the ID token itself. */
  assertionId: string;
}

/** Why a login failed; `reason` is safe to log (no BSN), `cancelled` when the person stopped. */
export class LoginError extends Error {
  override readonly name = 'LoginError';
  constructor(
    readonly reason: string,
    readonly cancelled = false,
  ) {
    super(reason);
  }
}

/** The patient-login seam the OAuth routes use. */
export interface PatientLogin {
  /** Starts a login: the URL to send the browser to and what to keep until it returns. */
  start(): Promise<{ url: string; pending: PendingLogin }>;
  /**
   * Completes a login from the callback URL the browser arrived on.
   * @param callbackUrl - the full callback URL (with `code` and `state`, or `error`)
   * @param pending - what `start` returned for this session
   */
  finish(callbackUrl: URL, pending: PendingLogin): Promise<PatientAuthenticationResult>;
}

/** Options for the relying party beyond the configuration. */
export interface OidcLoginOptions {
  /** Where the broker sends the browser back to. Default `${publicUrl}/oauth/digid/callback`. */
  redirectUri?: string;
  /** Requested scope. Default `openid`. */
  scope?: string;
  /** Network timeout toward the broker, in seconds. Default 10. */
  timeoutSeconds?: number;
  /** The broker's own `acr` values mapped to DigiD levels (on top of acr.ts). */
  acrMap?: Readonly<Record<string, DigidLevel>>;
}

/**
 * Builds the relying party from `config.oidc`. Discovery happens on first use (and is retried after
 * a failure), so the gateway can start before the broker answers.
 * @param config - the gateway configuration (`oidc.*`, `publicUrl`, `env`)
 * @param options - redirect URI, scope and timeout overrides
 */
export function oidcPatientLogin(config: Config, options: OidcLoginOptions = {}): PatientLogin {
  const redirectUri = options.redirectUri ?? `${config.publicUrl}/oauth/digid/callback`;
  const scope = options.scope ?? 'openid';
  const issuer = new URL(config.oidc.issuer);
  if (issuer.protocol !== 'https:' && !isTestEnvironment(config)) {
    throw new LoginError('the DigiD broker must use https outside demo and test environments');
  }
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = (): Promise<oidc.Configuration> => {
    discovered ??= oidc
      .discovery(issuer, config.oidc.clientId, undefined, oidc.ClientSecretBasic(config.oidc.clientSecret), {
        timeout: options.timeoutSeconds ?? 10,
        // Plain http only for a test issuer (the DigiD simulator on loopback); deprecated by design in openid-client.
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        execute: issuer.protocol === 'http:' && isTestEnvironment(config) ? [oidc.allowInsecureRequests] : [],
      })
      .catch((e: unknown) => {
        discovered = undefined;
        throw new LoginError(`discovery at the DigiD broker failed: ${(e as Error).message}`);
      });
    return discovered;
  };

  return {
    async start() {
      const c = await configuration();
      const pending: PendingLogin = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
      };
      const url = oidc.buildAuthorizationUrl(c, {
        redirect_uri: redirectUri,
        scope,
        response_type: 'code',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
        prompt: 'login',
        max_age: '0',
      });
      return { url: url.href, pending };
    },

    async finish(callbackUrl, pending) {
      const error = callbackUrl.searchParams.get('error');
      if (error !== null) {
        throw new LoginError(
          `the DigiD broker answered ${error}`,
          error === 'access_denied' || error === 'login_required',
        );
      }
      const c = await configuration();
      let tokens;
      try {
        tokens = await oidc.authorizationCodeGrant(c, callbackUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          maxAge: 0,
          idTokenExpected: true,
        });
      } catch (e) {
        throw new LoginError(`the DigiD login could not be verified: ${(e as Error).message}`);
      }
      const claims = tokens.claims();
      if (!claims) throw new LoginError('the DigiD broker returned no ID token');
      let bsn: unknown = claims[config.oidc.bsnClaim];
      if (bsn === undefined) {
        const info = await oidc.fetchUserInfo(c, tokens.access_token, claims.sub);
        bsn = info[config.oidc.bsnClaim];
      }
      if (typeof bsn !== 'string' || !isValidBsn(bsn)) {
        throw new LoginError(`claim ${config.oidc.bsnClaim} is missing or not a valid BSN`);
      }
      if (typeof claims.auth_time !== 'number') throw new LoginError('the ID token has no auth_time');
      const assertion =
        (typeof claims.sid === 'string' && claims.sid) ||
        (typeof claims.jti === 'string' && claims.jti) ||
        createHash('sha256')
          .update(tokens.id_token ?? '')
          .digest('hex');
      return {
        bsn,
        authTime: claims.auth_time * 1000,
        level: mapAcr(claims.acr, options.acrMap),
        assertionId: assertion,
      };
    },
  };
}
