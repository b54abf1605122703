/**
 * Redeeming an authorization code for an access token: the one code path the token endpoint and
 * `brug token issue` share. In order: the code is consumed (atomically, once; a replay revokes every
 * token issued from it), then it must be unexpired, issued to the same client, for the same
 * redirect URI, and its grant must still stand. PKCE and refresh tokens (long-lived consent) plug in
 * here later.
 */
import type { Store } from '../../store/index.ts';
import { tokenError } from './errors.ts';
import { hashSecret, newUuid } from './secrets.ts';

/** A token request after its parameters were checked for presence. */
export interface CodeRedemption {
  code: string;
  clientId: string;
  redirectUri: string;
  /** Register this token instead of a random one (qualification fixed tokens; test environments only). */
  fixedToken?: string;
}

/** The RFC 6749 section 5.1 answer. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/**
 * @param store - the store
 * @param request - code, client and redirect URI
 * @param tokenTtlSeconds - access token lifetime
 * @param now - epoch milliseconds
 */
export async function redeemCode(
  store: Store,
  request: CodeRedemption,
  tokenTtlSeconds: number,
  now: number,
): Promise<TokenResponse> {
  const codeHash = hashSecret(request.code);
  const consumed = await store.codes.consume(codeHash, now);
  if (consumed === undefined) throw tokenError(400, 'invalid_grant', 'the code is unknown');
  if ('replayed' in consumed) {
    const revoked = await store.tokens.revokeByCode(codeHash, now);
    throw tokenError(
      400,
      'invalid_grant',
      'the code was already used',
      `replay; revoked ${revoked} token(s)`,
    );
  }
  const code = consumed.code;
  if (code.expiresAt <= now) throw tokenError(400, 'invalid_grant', 'the code has expired');
  if (code.clientId !== request.clientId) {
    throw tokenError(
      400,
      'invalid_grant',
      'the code was issued to another client',
      `client ${request.clientId}`,
    );
  }
  if (code.redirectUri !== request.redirectUri) {
    throw tokenError(400, 'invalid_grant', 'redirect_uri differs from the one in the authorization request');
  }
  const grant = await store.grants.get(code.grantId);
  if (!grant || grant.revokedAt !== null)
    throw tokenError(400, 'invalid_grant', 'the consent behind the code was withdrawn');

  const token = request.fixedToken ?? newUuid();
  const tokenHash = hashSecret(token);
  if (request.fixedToken !== undefined && (await store.tokens.get(tokenHash))) {
    throw tokenError(400, 'invalid_request', 'this fixed token is already registered');
  }
  await store.tokens.insert({
    hash: tokenHash,
    grantId: grant.id,
    clientId: code.clientId,
    scope: code.scope,
    expiresAt: now + tokenTtlSeconds * 1000,
    revokedAt: null,
    codeHash,
  });
  return { access_token: token, token_type: 'Bearer', expires_in: tokenTtlSeconds, scope: code.scope };
}
