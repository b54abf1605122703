/**
 * Our own entries in the Zorgaanbiederslijst format (`brug lists export-zal`): each live provider as a
 * Zorgaanbieder `naam@medmij`, one Gegevensdienst per data service it offers, with the service's system
 * role(s) from the services catalogue (configuration) and our endpoint URIs. The document is what the
 * DVZA submits to MedMij; it validates against `namespace-release2/MedMij_Zorgaanbiederslijst.xsd`.
 */
import type { Config } from '../../config.ts';
import type { DataServiceInfo } from '../../services/catalogue.ts';
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

/** The result of an export: the document and the providers left out, with why. */
export interface ZalExport {
  xml: string;
  providers: string[];
  skipped: { naam: string; reason: string }[];
}

/**
 * Writes the Zorgaanbiederslijst document of our live providers.
 * @param input - providers (only `live` ones are written), the data-service catalogue, endpoint bases,
 *   the Volgnummer and the Tijdstempel to write
 */
export function exportZal(input: {
  providers: readonly Pick<Provider, 'naam' | 'status' | 'services'>[];
  services: readonly DataServiceInfo[];
  endpoints: ZalEndpoints;
  volgnummer?: number;
  now?: Date;
  /** Which provider statuses to list. Default only `live` (the demo node also publishes `submitted` ones). */
  statuses?: readonly string[];
}): ZalExport {
  const { front, back } = input.endpoints;
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
    const diensten: string[] = [];
    for (const { id } of p.services) {
      const service = input.services.find((s) => s.id === id);
      if (service === undefined) {
        skipped.push({ naam: p.naam, reason: `data service ${id} is not in the services catalogue` });
        continue;
      }
      const resource = `${back}/fhir/${p.naam}/${encodeURIComponent(id)}/stu3`;
      diensten.push(
        [
          '                <Gegevensdienst>',
          `                    <GegevensdienstId>${escapeText(id)}</GegevensdienstId>`,
          '                    <AuthorizationEndpoint>',
          `                        <AuthorizationEndpointuri>${escapeText(front)}/oauth/authorize</AuthorizationEndpointuri>`,
          '                    </AuthorizationEndpoint>',
          '                    <TokenEndpoint>',
          `                        <TokenEndpointuri>${escapeText(back)}/oauth/token</TokenEndpointuri>`,
          '                    </TokenEndpoint>',
          '                    <Systeemrollen>',
          '                        <Systeemrol>',
          `                            <Systeemrolcode>${escapeText(service.systemRole)}</Systeemrolcode>`,
          '                            <ResourceEndpoint>',
          `                                <ResourceEndpointuri>${escapeText(resource)}</ResourceEndpointuri>`,
          '                            </ResourceEndpoint>',
          '                        </Systeemrol>',
          '                    </Systeemrollen>',
          '                </Gegevensdienst>',
        ].join('\n'),
      );
    }
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
