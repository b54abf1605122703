/**
 * Authorization codes: one-time, random UUIDv4, stored only as a SHA-256 hash, bound to the client,
 * the redirect URI, the scope and the grant, living `config.oauth.codeTtl` seconds (MedMij: 900).
 */
import type { StateRepos } from '../../store/index.ts';
import { hashSecret, newUuid } from './secrets.ts';

/** What a code is bound to. */
export interface CodeBinding {
  grantId: string;
  clientId: string;
  redirectUri: string;
  scope: string;
}

/**
 * Creates and stores a code; returns the code itself (the only time it exists in clear).
 * @param store - the store (or an open store transaction)
 * @param binding - grant, client, redirect URI and scope
 * @param ttlSeconds - lifetime
 * @param now - epoch milliseconds
 */
export async function createAuthorizationCode(
  store: Pick<StateRepos, 'codes'>,
  binding: CodeBinding,
  ttlSeconds: number,
  now: number,
): Promise<string> {
  // Uniqueness check (MedMij 2.0.0): the store refuses a hash it already holds (primary key); a
  // collision, however unlikely, draws a new code instead of ever issuing one twice. (Inside a
  // PostgreSQL transaction the refused insert ends the transaction: the consent then fails whole.)
  for (let attempt = 0; ; attempt++) {
    const code = newUuid();
    try {
      await store.codes.insert({
        hash: hashSecret(code),
        grantId: binding.grantId,
        clientId: binding.clientId,
        redirectUri: binding.redirectUri,
        scope: binding.scope,
        expiresAt: now + ttlSeconds * 1000,
        usedAt: null,
      });
      return code;
    } catch (e) {
      if (attempt >= 2 || !/UNIQUE|PRIMARY KEY|constraint/i.test((e as Error).message)) throw e;
    }
  }
}
