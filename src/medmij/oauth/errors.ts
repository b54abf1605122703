/**
 * The OAuth error family. Each error carries an HTTP status, an RFC 6749 code, a public description
 * (what the PGO or the person may see), a private detail (logs only, never a BSN) and whether it may
 * be sent back by redirect. Only errors raised after the redirect URI was matched to the client may
 * redirect (`allowRedirect`); the authorize pipeline attaches the target then.
 */

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'server_error'
  | 'temporarily_unavailable';

/** Where a redirectable error goes: a redirect URI already matched to the client, and the state. */
export interface RedirectTarget {
  redirectUri: string;
  state: string | undefined;
}

export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  /** Set by the pipeline once the redirect URI is known to belong to the client. */
  redirectTarget: RedirectTarget | undefined;

  /**
   * @param status - HTTP status for JSON answers and error pages
   * @param code - the RFC 6749 error code
   * @param description - public description
   * @param options - private detail for logs, and whether a redirect is allowed
   */
  constructor(
    readonly status: number,
    readonly code: OAuthErrorCode,
    readonly description: string,
    readonly options: { detail?: string; allowRedirect?: boolean } = {},
  ) {
    super(`${code}: ${description}`);
  }

  get allowRedirect(): boolean {
    return this.options.allowRedirect === true;
  }

  get detail(): string | undefined {
    return this.options.detail;
  }
}

/** An error that must never redirect (bad client or redirect URI, lost session, CSRF). */
export const pageError = (
  status: number,
  code: OAuthErrorCode,
  description: string,
  detail?: string,
): OAuthError => new OAuthError(status, code, description, { detail, allowRedirect: false });

/** An error that goes back to the client's redirect URI. */
export const redirectError = (code: OAuthErrorCode, description: string, detail?: string): OAuthError =>
  new OAuthError(400, code, description, { detail, allowRedirect: true });

/** An error of the token endpoint (JSON). */
export const tokenError = (
  status: 400 | 401,
  code: OAuthErrorCode,
  description: string,
  detail?: string,
): OAuthError => new OAuthError(status, code, description, { detail });
