/**
 * Resolving a Bearer token for the FHIR resource server: hash it, look it up, and require that it is
 * unexpired, unrevoked and that its grant stands. The answer names the patient (server-side only),
 * the provider and the data services the token's scope covers.
 */
import type { StateRepos } from '../../store/index.ts';
import type { TokenContext } from '../fhir/types.ts';
import { parseScope } from './scope.ts';
import { hashSecret } from './secrets.ts';

/**
 * @param store - the store (or an open store transaction)
 * @param token - the presented Bearer token
 * @param now - epoch milliseconds
 * @returns the token's context, or undefined when it is not (or no longer) valid
 */
export async function resolveAccessToken(
  store: Pick<StateRepos, 'tokens' | 'grants'>,
  token: string,
  now: number,
): Promise<TokenContext | undefined> {
  if (token === '' || token.length > 512) return undefined;
  const t = await store.tokens.get(hashSecret(token));
  if (!t || t.revokedAt !== null || t.expiresAt <= now) return undefined;
  const grant = await store.grants.get(t.grantId);
  if (!grant || grant.revokedAt !== null) return undefined;
  const scope = parseScope(t.scope);
  if ('error' in scope || scope.provider !== grant.provider) return undefined;
  return {
    grantId: grant.id,
    clientId: t.clientId,
    provider: grant.provider,
    services: scope.services.filter((s) => grant.services.includes(s)),
    bsn: grant.bsn,
    auth: { time: grant.authTime, level: grant.authLevel, assertionId: grant.assertionId },
  };
}
