/** The resolved dependencies every OAuth route works with, and small shared helpers. */
import type { PatientLogin } from '../../identity/index.ts';
import type { OAuthDecision } from '../../audit/index.ts';
import type { StoreTx } from '../../store/index.ts';
import type { ChainLogEvent, ClientAuthenticator, OAuthDeps } from './deps.ts';
import type { OAuthSettings } from './settings.ts';
import { pageError, redirectError, type RedirectTarget } from './errors.ts';

export interface OAuthContext extends OAuthDeps {
  login: PatientLogin;
  now: () => number;
  authenticateClient: ClientAuthenticator;
  settings: OAuthSettings;
  chainLog: (event: ChainLogEvent) => void;
  audit: (decision: OAuthDecision, tx?: StoreTx) => Promise<void>;
}

/**
 * Reads a single-valued parameter; a repeated parameter is an error (RFC 6749 section 3.1), shown as
 * a page or redirected depending on whether the redirect URI is known yet.
 * @param params - parsed query or form body
 * @param name - the parameter
 * @param redirectable - whether the error may redirect
 */
export function single(params: unknown, name: string, redirectable: boolean): string | undefined {
  const v = (params as Record<string, unknown> | undefined)?.[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') {
    const msg = `${name} must be given once`;
    throw redirectable ? redirectError('invalid_request', msg) : pageError(400, 'invalid_request', msg);
  }
  return v;
}

/**
 * Builds the redirect back to the client: its redirect URI with the given parameters added.
 * @param target - the matched redirect URI and state
 * @param params - code, or error and error_description
 */
export function clientRedirect(target: RedirectTarget, params: Record<string, string>): string {
  const url = new URL(target.redirectUri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  if (target.state !== undefined) url.searchParams.set('state', target.state);
  return url.href;
}
