/**
 * The CapabilityStatement of one endpoint (provider + data service), from the registry: which resource
 * types it answers, with their search parameters and includes. Answered without a token.
 */
import type * as fhir from 'fhir';
import type { Config } from '../config.ts';
import {
  buildCapabilityStatement,
  describeSearchTable,
  DEFAULT_SEARCH_TABLES,
} from '../medmij/fhir/index.ts';
import type { Registry } from './registry.ts';

/** Profiles of the resources each search returns as matches. */
const MATCH_PROFILES: Record<string, string> = {
  MedicationDispense: 'http://nictiz.nl/fhir/StructureDefinition/mp612-DispenseToFHIRConversion-Dispense',
  AllergyIntolerance: 'http://nictiz.nl/fhir/StructureDefinition/mp612-AllergyIntoleranceToFHIRConversion',
  EpisodeOfCare: 'http://fhir.nl/fhir/StructureDefinition/nl-core-episodeofcare',
  Encounter: 'http://nictiz.nl/fhir/StructureDefinition/gp-Encounter',
  Composition: 'http://nictiz.nl/fhir/StructureDefinition/gp-EncounterReport',
  Observation: 'http://nictiz.nl/fhir/StructureDefinition/gp-DiagnosticResult',
};

/**
 * @param registry - the data services
 * @param config - for the endpoint's public URL
 * @param provider - MedMij name without @medmij
 * @param serviceId - data-service id
 */
export function capabilityFor(
  registry: Registry,
  config: Config,
  provider: string,
  serviceId: string,
): fhir.CapabilityStatement | undefined {
  const service = registry.get(serviceId);
  if (!service) return undefined;
  return buildCapabilityStatement({
    name: `Brug ${provider} ${service.id}`,
    title: `${service.name} (${provider}@medmij)`,
    publisher: 'Brug',
    description: `FHIR STU3 endpoint of ${provider}@medmij for data service ${service.id} (${service.name}), served by Brug from the LSP.`,
    software: { name: 'Brug', version: '0.1.0' },
    implementationUrl: `${config.backchannelUrl}/fhir/${provider}/${service.id}/stu3`,
    oauth: true,
    resources: service.searches.map((s) => {
      const table = DEFAULT_SEARCH_TABLES[s.resourceType];
      return {
        type: s.resourceType,
        ...((s.profile ?? MATCH_PROFILES[s.resourceType])
          ? { profile: s.profile ?? MATCH_PROFILES[s.resourceType] }
          : {}),
        ...(table ? describeSearchTable(table) : {}),
      };
    }),
  });
}
