/** Recording a consent (grant): who agreed, for which client, provider and data services, after which login. */
import type { Grant, StateRepos } from '../../store/index.ts';
import { newUuid } from './secrets.ts';
import type { SessionAuthentication } from './session.ts';

/** What a consent is about. */
export interface ConsentFacts {
  clientId: string;
  provider: string;
  services: string[];
  auth: SessionAuthentication;
  longLived: boolean;
}

/**
 * Stores a grant and returns it.
 * @param store - the store (or an open store transaction)
 * @param facts - client, provider, services, login facts, long-lived choice
 * @param now - epoch milliseconds
 */
export async function recordGrant(
  store: Pick<StateRepos, 'grants'>,
  facts: ConsentFacts,
  now: number,
): Promise<Grant> {
  const grant: Grant = {
    id: newUuid(),
    clientId: facts.clientId,
    provider: facts.provider,
    services: facts.services,
    bsn: facts.auth.bsn,
    authTime: facts.auth.authTime,
    authLevel: facts.auth.level,
    assertionId: facts.auth.assertionId,
    longLived: facts.longLived,
    createdAt: now,
    revokedAt: null,
  };
  await store.grants.insert(grant);
  return grant;
}
