/**
 * The availability check before consent (MedMij "beschikbaarheidstoets"; BRUG_AVAILABILITY_CHECK):
 * does this provider hold data for this person for the asked data services? `index` asks the LSP's
 * index (QUMT_IN020010NL, no medical content); `query` asks each service's own query and looks only at
 * whether anything came back. When the LSP cannot say (down, refused), the answer is `unknown` and the
 * flow goes on: the search itself will then report the failure, and a person is not turned away
 * because of a network fault.
 */
import type { LspClient, LspQuery } from '../aorta/index.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/index.ts';
import { queriesOf, type Registry } from './registry.ts';

export type Availability = 'available' | 'none' | 'unknown';

export interface AvailabilityQuestion {
  bsn: string;
  /** MedMij name without @medmij. */
  provider: string;
  services: string[];
  auth: { time: number; level: string; assertionId: string };
}

export type AvailabilityCheck = (q: AvailabilityQuestion) => Promise<Availability>;

/** The LSP index query. */
export const INDEX_QUERY = 'QUMT_IN020010NL';

/**
 * @param deps - store (providers), LSP client, registry, logger, and the mode
 */
export function createAvailabilityCheck(deps: {
  store: Store;
  lsp: LspClient;
  registry: Registry;
  logger: Logger;
  mode: 'index' | 'query';
}): AvailabilityCheck {
  return async (q) => {
    const provider = await deps.store.providers.get(q.provider);
    const target = provider?.applicationIds[0];
    if (!provider || target === undefined) return 'unknown';
    const ask = (interaction: string): LspQuery => ({
      interaction,
      bsn: q.bsn,
      target: { applicationId: target, ura: provider.ura },
      auth: q.auth,
    });
    const interactions =
      deps.mode === 'index'
        ? [INDEX_QUERY]
        : [
            ...new Set(
              q.services.flatMap(
                (id) =>
                  deps.registry.get(id)?.searches.flatMap(queriesOf) ?? [],
              ),
            ),
          ];
    let unknown = false;
    for (const interaction of interactions) {
      try {
        const answer = await deps.lsp.query(ask(interaction));
        if (answer.parts.some((p) => (p.queryResponseCode ?? 'OK') === 'OK' && /^[AC]A$/.test(p.ackType))) {
          return 'available';
        }
      } catch (e) {
        unknown = true;
        deps.logger.warn(
          { provider: q.provider, interaction, err: (e as Error).message },
          'availability check could not ask the LSP',
        );
      }
    }
    return unknown ? 'unknown' : 'none';
  };
}
