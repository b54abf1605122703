/**
 * One FHIR endpoint per data service a provider offers, each under its own system role: what our ZAL
 * entries list (issue 5: "a provider offering several services gets one endpoint per service, each
 * listed with its own system role"). Ids and role codes come from the registry, which is built from
 * configuration (`catalogue.ts` holds the defaults), never from constants here.
 */
import type { Provider } from '../store/index.ts';
import type { DataServiceInfo } from './catalogue.ts';
import type { Registry } from './registry.ts';

/** One (data service, system role) endpoint of a provider. */
export interface ServiceEndpoint {
  /** Gegevensdienst id, e.g. '49'. */
  serviceId: string;
  /** The data service's display name. */
  serviceName: string;
  /** System-role code of this endpoint in the ZAL. */
  systemRole: string;
  /** FHIR base path below the back-channel URL: `/fhir/{naam}/{id}/stu3` (DESIGN.md). */
  basePath: string;
}

/**
 * Every system-role code a data service declares: `systemRoles` when given, else its one `systemRole`.
 * @param service - the service description
 */
export function systemRolesOf(service: DataServiceInfo): string[] {
  return service.systemRoles && service.systemRoles.length > 0
    ? [...service.systemRoles]
    : [service.systemRole];
}

/**
 * The endpoints of one provider: per offered data service the registry knows, one row per system
 * role, in the order the provider lists its services. A service id the registry does not know is
 * left out (it cannot be served).
 * @param provider - the provider (its MedMij name without `@medmij` and its services)
 * @param registry - the data-service registry
 */
export function providerEndpoints(
  provider: Pick<Provider, 'naam' | 'services'>,
  registry: Registry,
): ServiceEndpoint[] {
  const out: ServiceEndpoint[] = [];
  for (const { id } of provider.services) {
    const service = registry.get(id);
    if (!service) continue;
    for (const systemRole of systemRolesOf(service))
      out.push({
        serviceId: service.id,
        serviceName: service.name,
        systemRole,
        basePath: `/fhir/${provider.naam}/${service.id}/stu3`,
      });
  }
  return out;
}
