/**
 * Builds the searchset Bundle the golden files describe from a translated pool: MedicationDispenses
 * as `search.mode = match` (counted in `total`), everything else `include`.
 */
import type * as fhir from 'fhir';
import type { TranslatedResource } from '../hl7v3/mp612/translate.ts';

/**
 * @param pool - the translated resources
 */
export function searchsetBundle(pool: TranslatedResource[]): fhir.Bundle {
  const match = pool.filter((e) => e.resource.resourceType === 'MedicationDispense');
  const rest = pool.filter((e) => e.resource.resourceType !== 'MedicationDispense');
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: match.length,
    entry: [
      ...match.map((e) => ({ fullUrl: e.fullUrl, resource: e.resource, search: { mode: 'match' as const } })),
      ...rest.map((e) => ({
        fullUrl: e.fullUrl,
        resource: e.resource,
        search: { mode: 'include' as const },
      })),
    ],
  };
}
