/**
 * The availability check before consent (MedMij "beschikbaarheidstoets"; BRUG_AVAILABILITY_CHECK):
 * does this provider hold data for this person for the asked data services? `index` asks the LSP's
 * index (QUMT_IN020010NL, no medical content); `query` asks each service's own query and looks only at
 * whether anything came back. When the LSP cannot say (down, refused), the answer is `unknown` and the
 * flow goes on: the search itself will then report the failure, and a person is not turned away
 * because of a network fault. Each HL7v3 exchange (interaction, message id, LSP codes) is returned with
 * the answer, for the audit record of the check.
 */
import type { LspClient, LspQuery } from '../aorta/index.ts';
import { askRecorded, type LspExchange } from '../audit/index.ts';
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

/** The answer and the LSP exchanges that gave it. */
export interface AvailabilityAnswer {
  result: Availability;
  lsp: LspExchange[];
}

export type AvailabilityCheck = (q: AvailabilityQuestion) => Promise<AvailabilityAnswer>;

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
    const lsp: LspExchange[] = [];
    if (!provider || target === undefined) return { result: 'unknown', lsp };
    const ask = (interaction: string): LspQuery => ({
      interaction,
      bsn: q.bsn,
      target: { applicationId: target, ura: provider.ura },
      auth: q.auth,
    });
    const interactions =
      deps.mode === 'index'
        ? [INDEX_QUERY]
        : [...new Set(q.services.flatMap((id) => deps.registry.get(id)?.searches.flatMap(queriesOf) ?? []))];
    let unknown = false;
    for (const interaction of interactions) {
      try {
        const answer = await askRecorded(deps.lsp, ask(interaction), lsp);
        if (answer.parts.some((p) => (p.queryResponseCode ?? 'OK') === 'OK' && /^[AC]A$/.test(p.ackType))) {
          return { result: 'available', lsp };
        }
      } catch (e) {
        unknown = true;
        deps.logger.warn(
          { provider: q.provider, interaction, err: (e as Error).message },
          'availability check could not ask the LSP',
        );
      }
    }
    return { result: unknown ? 'unknown' : 'none', lsp };
  };
}
