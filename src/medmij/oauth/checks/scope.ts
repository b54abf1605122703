/**
 * Rule: the scope follows the MedMij grammar (one or more `naam~id`, one provider), the provider is
 * known and live, it offers every requested data service, and the client may ask for each of them.
 */
import type { Provider, Store } from '../../../store/index.ts';
import type { ClientInfo } from '../../lists/index.ts';
import { redirectError } from '../errors.ts';
import { formatScope, parseScope, type ParsedScope } from '../scope.ts';

/** A scope that passed every check, with the provider it names. */
export interface CheckedScope extends ParsedScope {
  scope: string;
  providerInfo: Provider;
}

/**
 * @param store - for the provider
 * @param client - the client (its allowed services)
 * @param scope - the `scope` parameter
 */
export async function checkScope(
  store: Store,
  client: ClientInfo,
  scope: string | undefined,
): Promise<CheckedScope> {
  if (scope === undefined || scope === '') throw redirectError('invalid_scope', 'scope is missing');
  const parsed = parseScope(scope);
  if ('error' in parsed) throw redirectError('invalid_scope', parsed.error);
  const provider = await store.providers.get(parsed.provider);
  if (!provider || provider.status !== 'live') {
    throw redirectError('invalid_scope', `unknown provider ${parsed.provider}`);
  }
  for (const id of parsed.services) {
    if (!provider.services.some((s) => s.id === id)) {
      throw redirectError('invalid_scope', `provider ${parsed.provider} does not offer data service ${id}`);
    }
    if (client.allowedServices !== undefined && !client.allowedServices.includes(id)) {
      throw redirectError('invalid_scope', `the client may not request data service ${id}`);
    }
  }
  return { ...parsed, scope: formatScope(parsed), providerInfo: provider };
}
