/**
 * The CapabilityStatement of one endpoint (provider + data service), from the registry: per resource
 * type the profile of its bindings and the search parameters and includes they accept (the endpoint's
 * own search tables, the same ones the FHIR layer validates requests against). A type with several
 * bindings of different profiles (MedicationRequest on 31: agreements and dispense requests) names
 * them in its documentation and in the statement's `profile` list, since STU3 allows one profile per
 * resource. Answered without a token.
 */
import type * as fhir from 'fhir';
import type { Config } from '../config.ts';
import { buildCapabilityStatement, describeSearchTable } from '../medmij/fhir/index.ts';
import type { SearchBinding } from './binding.ts';
import type { Registry } from './registry.ts';

/** What a binding answers, for the documentation of a type with several profiles. */
function describeBinding(b: SearchBinding): string {
  const cats = (b.categories ?? []).map((c) => `${c.system}|${c.code}`).join(',');
  return cats === '' ? b.profile : `${b.profile} (category=${cats})`;
}

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
  const types = [...new Set(service.searches.map((s) => s.resourceType))];
  return buildCapabilityStatement({
    name: `Brug ${provider} ${service.id}`,
    title: `${service.name} (${provider}@medmij)`,
    publisher: 'Brug',
    description: `FHIR STU3 endpoint of ${provider}@medmij for data service ${service.id} (${service.name}), served by Brug from the LSP.`,
    software: { name: 'Brug', version: '0.1.0' },
    implementationUrl: `${config.backchannelUrl}/fhir/${provider}/${service.id}/stu3`,
    oauth: true,
    profiles: [...new Set(service.searches.map((s) => s.profile))],
    resources: types.map((type) => {
      const bindings = service.searches.filter((s) => s.resourceType === type);
      const profiles = [...new Set(bindings.map((b) => b.profile))];
      const table = service.tables[type];
      return {
        type,
        ...(profiles.length === 1
          ? { profile: profiles[0]! }
          : { documentation: `Profiles by category: ${bindings.map(describeBinding).join('; ')}` }),
        ...(table ? describeSearchTable(table) : {}),
      };
    }),
  });
}
