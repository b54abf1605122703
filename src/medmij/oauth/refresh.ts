/**
 * Refresh tokens for long-lived consent ("voor onbepaalde tijd"). Rules, in order:
 * - only a long-lived grant gets one; it is an opaque UUIDv4, stored as a SHA-256 hash;
 * - it belongs to the client it was issued to, and lapses when unused for `refreshIdleSeconds`;
 * - using it spends it (rotation): the answer is a new access token and a new refresh token;
 * - the same spent token presented again within `refreshGraceSeconds` gets the same new pair (a retry
 *   after a lost answer); later, it counts as theft and revokes the whole grant;
 * - revoking the grant (patient, PGO, code replay) revokes every token of it.
 */
import type { AccessToken, Grant, RefreshToken, StateRepos } from '../../store/index.ts';
import { tokenError } from './errors.ts';
import type { TokenResponse } from './redeem.ts';
import { openSealed, sealFor } from './seal.ts';
import { parseScope } from './scope.ts';
import { hashSecret, newUuid } from './secrets.ts';

/** Lifetimes the refresh grant works with. */
export interface RefreshTimes {
  /** Access token lifetime, seconds. */
  tokenTtlSeconds: number;
  /** Refresh token idle lifetime, seconds. */
  refreshIdleSeconds: number;
  /** Retry grace after a rotation, seconds. */
  refreshGraceSeconds: number;
}

/**
 * A new refresh token row and its clear value, for a long-lived grant.
 * @param grant - the grant (must be long-lived)
 * @param clientId - the client it belongs to
 * @param scope - its scope
 * @param idleSeconds - idle lifetime
 * @param now - epoch milliseconds
 */
export function newRefreshToken(
  grant: Grant,
  clientId: string,
  scope: string,
  idleSeconds: number,
  now: number,
): { token: string; row: RefreshToken } {
  const token = newUuid();
  return {
    token,
    row: {
      hash: hashSecret(token),
      grantId: grant.id,
      clientId,
      scope,
      createdAt: now,
      idleExpiresAt: now + idleSeconds * 1000,
      rotatedAt: null,
      successor: null,
      revokedAt: null,
    },
  };
}

/** A refresh request after its parameters were checked for presence. */
export interface RefreshRequest {
  refreshToken: string;
  clientId: string;
  /** A narrower scope for the new access token (RFC 6749 section 6), optional. */
  scope?: string | undefined;
}

function narrowScope(original: string, requested: string | undefined): string {
  if (requested === undefined || requested === '') return original;
  const want = parseScope(requested);
  const have = parseScope(original);
  if ('error' in want || 'error' in have) throw tokenError(400, 'invalid_scope', 'scope is not valid');
  if (want.provider !== have.provider || !want.services.every((s) => have.services.includes(s)))
    throw tokenError(400, 'invalid_scope', 'scope exceeds the scope of the consent');
  return requested;
}

function retryAnswer(
  rt: RefreshToken,
  presented: string,
  now: number,
  graceSeconds: number,
): TokenResponse | undefined {
  if (rt.rotatedAt === null || rt.successor === null) return undefined;
  if (now - rt.rotatedAt > graceSeconds * 1000) return undefined;
  const answer = openSealed(presented, rt.successor) as TokenResponse | undefined;
  return answer?.access_token === undefined ? undefined : answer;
}

/**
 * Uses a refresh token: the `refresh_token` grant of the token endpoint.
 * @param store - the store (or an open store transaction)
 * @param request - the refresh token, client and optional narrower scope
 * @param times - lifetimes and grace
 * @param now - epoch milliseconds
 * @throws OAuthError `invalid_grant` when the token is unknown, spent, lapsed, revoked or another client's
 */
export async function useRefreshToken(
  store: Pick<StateRepos, 'refreshTokens' | 'grants'>,
  request: RefreshRequest,
  times: RefreshTimes,
  now: number,
): Promise<TokenResponse> {
  const hash = hashSecret(request.refreshToken);
  for (let attempt = 0; attempt < 2; attempt++) {
    const rt = await store.refreshTokens.get(hash);
    if (!rt) throw tokenError(400, 'invalid_grant', 'the refresh token is unknown');
    if (rt.clientId !== request.clientId) {
      throw tokenError(
        400,
        'invalid_grant',
        'the refresh token was issued to another client',
        `client ${request.clientId}`,
      );
    }
    if (rt.revokedAt !== null) throw tokenError(400, 'invalid_grant', 'the refresh token was revoked');
    const grant = await store.grants.get(rt.grantId);
    if (!grant || grant.revokedAt !== null || !grant.longLived) {
      throw tokenError(400, 'invalid_grant', 'the consent behind the refresh token was withdrawn');
    }
    if (rt.rotatedAt !== null) {
      const again = retryAnswer(rt, request.refreshToken, now, times.refreshGraceSeconds);
      if (again) return again;
      await store.grants.revoke(grant.id, now);
      throw tokenError(
        400,
        'invalid_grant',
        'the refresh token was already used',
        `reuse; grant ${grant.id} revoked`,
      );
    }
    if (rt.idleExpiresAt <= now) {
      throw tokenError(400, 'invalid_grant', 'the refresh token has lapsed (unused for too long)');
    }
    const scope = narrowScope(rt.scope, request.scope);
    const access = newUuid();
    const accessRow: AccessToken = {
      hash: hashSecret(access),
      grantId: grant.id,
      clientId: rt.clientId,
      scope,
      expiresAt: now + times.tokenTtlSeconds * 1000,
      revokedAt: null,
      codeHash: null,
    };
    const next = newRefreshToken(grant, rt.clientId, rt.scope, times.refreshIdleSeconds, now);
    const answer: TokenResponse = {
      access_token: access,
      token_type: 'Bearer',
      expires_in: times.tokenTtlSeconds,
      scope,
      refresh_token: next.token,
    };
    const sealed = sealFor(request.refreshToken, answer);
    if (await store.refreshTokens.rotate(hash, now, { next: next.row, access: accessRow, sealed }))
      return answer;
    // Another request spent it a moment ago: answer as its retry (same pair) on the next pass.
  }
  throw tokenError(400, 'invalid_grant', 'the refresh token was already used');
}
