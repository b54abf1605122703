/**
 * Our own entries in the Zorgaanbiederslijst format (`brug lists export-zal`): each live provider as a
 * Zorgaanbieder `naam@medmij`, one Gegevensdienst per data service it offers, with one Systeemrol per
 * system role the service declares (services/endpoints.ts `providerEndpoints`, from configuration) and
 * our endpoint URIs. `zalServiceEntries` is the one place those endpoints are made: the export and the
 * submission to MedMij (onboarding) both use it. The document validates against
 * `namespace-release2/MedMij_Zorgaanbiederslijst.xsd`.
 */
import type { Config } from '../../config.ts';
import { providerEndpoints } from '../../services/endpoints.ts';
import type { Registry } from '../../services/registry.ts';
import type { Provider } from '../../store/index.ts';
import { escapeText } from '../../xml/index.ts';

/** Raised when the entries cannot be written validly; names the setting to change. */
export class ZalExportError extends Error {
  override readonly name = 'ZalExportError';
}

const ZAL_NS = 'xmlns://afsprakenstelsel.medmij.nl/zorgaanbiederslijst/release2/';
const HOST = '(([a-z0-9])([a-z0-9-])*(\\.))+([a-z0-9])([a-z0-9-])*([a-z0-9])';
/** The XSD's Frontchanneluri (no port) and Backchanneluri (port allowed), anchored. */
const FRONTCHANNEL = new RegExp(`^https://${HOST}?(/[^?#/]+)*$`);
const BACKCHANNEL = new RegExp(`^https://${HOST}(:(\\d){1,5})?(/[^?#/]+)*$`);
const NAAM = /^[a-z]{3,50}$/;

/** The endpoint bases written into the entries. */
export interface ZalEndpoints {
  /** Front channel (authorization endpoint): https, no port. */
  front: string;
  /** Back channel (token and resource endpoints): https, port allowed. */
  back: string;
}

/**
 * The endpoint bases from the configuration: the front channel from BRUG_ZAL_URL (default BRUG_PUBLIC_URL,
 * in the demo https://brug.example.nl); the back channel from BRUG_BACKCHANNEL_URL when that is https,
 * otherwise the front channel's.
 * @param config - the gateway configuration
 */
export function zalEndpoints(config: Config): ZalEndpoints {
  const front = config.zalUrl.replace(/\/+$/, '');
  const back = config.backchannelUrl.startsWith('https:') ? config.backchannelUrl.replace(/\/+$/, '') : front;
  if (!FRONTCHANNEL.test(front)) {
    throw new ZalExportError(
      `BRUG_ZAL_URL (or BRUG_PUBLIC_URL) "${front}" is not a MedMij front-channel URI: https, a dotted lower-case host name, no port, no query`,
    );
  }
  if (!BACKCHANNEL.test(back)) {
    throw new ZalExportError(
      `BRUG_BACKCHANNEL_URL "${back}" is not a MedMij back-channel URI: https, a dotted lower-case host name, optional port`,
    );
  }
  return { front, back };
}

/** One data service of a provider as the ZAL lists it (and as we submit it to MedMij). */
export interface ZalServiceEntry {
  /** Gegevensdienst id. */
  id: string;
  /** The data service's name (from the registry; the ZAL itself does not carry it). */
  name: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** One per system role of the service, each with its FHIR resource endpoint. */
  systemRoles: { code: string; resourceEndpoint: string }[];
}

/**
 * A provider's data services with their endpoint URIs: the authorization endpoint on the front
 * channel, the token and resource endpoints on the back channel, one system role per row that
 * `providerEndpoints` gives. Service ids the registry does not know come back in `unknown`.
 * @param provider - the provider's MedMij name (without `@medmij`) and services
 * @param registry - the data-service registry (ids and system roles from configuration)
 * @param endpoints - the endpoint bases (`zalEndpoints`)
 */
export function zalServiceEntries(
  provider: Pick<Provider, 'naam' | 'services'>,
  registry: Registry,
  endpoints: ZalEndpoints,
): { entries: ZalServiceEntry[]; unknown: string[] } {
  const entries: ZalServiceEntry[] = [];
  for (const row of providerEndpoints(provider, registry)) {
    let entry = entries.find((e) => e.id === row.serviceId);
    if (entry === undefined) {
      entry = {
        id: row.serviceId,
        name: row.serviceName,
        authorizationEndpoint: `${endpoints.front}/oauth/authorize`,
        tokenEndpoint: `${endpoints.back}/oauth/token`,
        systemRoles: [],
      };
      entries.push(entry);
    }
    const basePath = row.basePath
      .split('/')
      .map((seg) => encodeURIComponent(seg))
      .join('/');
    if (!entry.systemRoles.some((r) => r.code === row.systemRole))
      entry.systemRoles.push({ code: row.systemRole, resourceEndpoint: `${endpoints.back}${basePath}` });
  }
  const unknown = provider.services.map((s) => s.id).filter((id) => registry.get(id) === undefined);
  return { entries, unknown };
}

/** The result of an export: the document and the providers left out, with why. */
export interface ZalExport {
  xml: string;
  providers: string[];
  skipped: { naam: string; reason: string }[];
}

/**
 * Writes the Zorgaanbiederslijst document of our live providers.
 * @param input - providers (only `live` ones are written), the data-service registry, endpoint bases,
 *   the Volgnummer and the Tijdstempel to write
 */
export function exportZal(input: {
  providers: readonly Pick<Provider, 'naam' | 'status' | 'services'>[];
  registry: Registry;
  endpoints: ZalEndpoints;
  volgnummer?: number;
  now?: Date;
  /** Which provider statuses to list. Default only `live` (the demo node also publishes `submitted` ones). */
  statuses?: readonly string[];
}): ZalExport {
  const volgnummer = input.volgnummer ?? 1;
  if (!Number.isSafeInteger(volgnummer) || volgnummer < 1)
    throw new ZalExportError('the Volgnummer must be a positive integer');
  const skipped: ZalExport['skipped'] = [];
  const written: string[] = [];
  const entries: string[] = [];
  const live = [...input.providers]
    .filter((p) => (input.statuses ?? ['live']).includes(p.status))
    .sort((a, b) => a.naam.localeCompare(b.naam));
  for (const p of live) {
    if (!NAAM.test(p.naam)) {
      skipped.push({ naam: p.naam, reason: 'not a valid MedMij name (3-50 letters a-z)' });
      continue;
    }
    const { entries: services, unknown } = zalServiceEntries(p, input.registry, input.endpoints);
    for (const id of unknown)
      skipped.push({ naam: p.naam, reason: `data service ${id} is not in the services catalogue` });
    const diensten = services.map((service) =>
      [
        '                <Gegevensdienst>',
        `                    <GegevensdienstId>${escapeText(service.id)}</GegevensdienstId>`,
        '                    <AuthorizationEndpoint>',
        `                        <AuthorizationEndpointuri>${escapeText(service.authorizationEndpoint)}</AuthorizationEndpointuri>`,
        '                    </AuthorizationEndpoint>',
        '                    <TokenEndpoint>',
        `                        <TokenEndpointuri>${escapeText(service.tokenEndpoint)}</TokenEndpointuri>`,
        '                    </TokenEndpoint>',
        '                    <Systeemrollen>',
        ...service.systemRoles.map((role) =>
          [
            '                        <Systeemrol>',
            `                            <Systeemrolcode>${escapeText(role.code)}</Systeemrolcode>`,
            '                            <ResourceEndpoint>',
            `                                <ResourceEndpointuri>${escapeText(role.resourceEndpoint)}</ResourceEndpointuri>`,
            '                            </ResourceEndpoint>',
            '                        </Systeemrol>',
          ].join('\n'),
        ),
        '                    </Systeemrollen>',
        '                </Gegevensdienst>',
      ].join('\n'),
    );
    if (diensten.length === 0) {
      skipped.push({ naam: p.naam, reason: 'no data service to list' });
      continue;
    }
    written.push(p.naam);
    entries.push(
      [
        '        <Zorgaanbieder>',
        `            <Zorgaanbiedernaam>${p.naam}@medmij</Zorgaanbiedernaam>`,
        '            <Gegevensdiensten>',
        ...diensten,
        '            </Gegevensdiensten>',
        '        </Zorgaanbieder>',
      ].join('\n'),
    );
  }
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Zorgaanbiederslijst xmlns="${ZAL_NS}">`,
    `    <Tijdstempel>${(input.now ?? new Date()).toISOString()}</Tijdstempel>`,
    `    <Volgnummer>${volgnummer}</Volgnummer>`,
    entries.length === 0
      ? '    <Zorgaanbieders/>'
      : ['    <Zorgaanbieders>', ...entries, '    </Zorgaanbieders>'].join('\n'),
    '</Zorgaanbiederslijst>',
    '',
  ].join('\n');
  return { xml, providers: written, skipped };
}
