/**
 * Redeeming an authorization code for an access token: the one code path the token endpoint and
 * `brug token issue` share. In order: the code is consumed (atomically, once; a replay revokes every
 * token issued from it), then it must be unexpired, issued to the same client, for the same
 * redirect URI, and its grant must still stand. A long-lived grant also gets a refresh token
 * (refresh.ts). A replayed code revokes the grant with every token issued from it.
 */
import type { StateRepos } from '../../store/index.ts';
import { tokenError } from './errors.ts';
import { newRefreshToken } from './refresh.ts';
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
  /** Only for long-lived consent. */
  refresh_token?: string;
}

/** Default idle lifetime of a refresh token: 183 days (see settings.ts). */
const DEFAULT_REFRESH_IDLE_SECONDS = 183 * 24 * 3600;

/**
 * @param store - the store (or an open store transaction)
 * @param request - code, client and redirect URI
 * @param tokenTtlSeconds - access token lifetime
 * @param now - epoch milliseconds
 * @param refreshIdleSeconds - idle lifetime of the refresh token a long-lived grant gets
 */
export async function redeemCode(
  store: Pick<StateRepos, 'codes' | 'tokens' | 'grants' | 'refreshTokens'>,
  request: CodeRedemption,
  tokenTtlSeconds: number,
  now: number,
  refreshIdleSeconds: number = DEFAULT_REFRESH_IDLE_SECONDS,
): Promise<TokenResponse> {
  const codeHash = hashSecret(request.code);
  const consumed = await store.codes.consume(codeHash, now);
  if (consumed === undefined) throw tokenError(400, 'invalid_grant', 'the code is unknown');
  if ('replayed' in consumed) {
    const revoked = await store.tokens.revokeByCode(codeHash, now);
    await store.grants.revoke(consumed.replayed.grantId, now);
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
  const answer: TokenResponse = {
    access_token: token,
    token_type: 'Bearer',
    expires_in: tokenTtlSeconds,
    scope: code.scope,
  };
  if (grant.longLived) {
    const refresh = newRefreshToken(grant, code.clientId, code.scope, refreshIdleSeconds, now);
    await store.refreshTokens.insert(refresh.row);
    answer.refresh_token = refresh.token;
  }
  return answer;
}
