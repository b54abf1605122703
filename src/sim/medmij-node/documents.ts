/**
 * Small writers for MedMij list documents (OCL, Whitelist, GNL) in the release2/release1 shapes, for the
 * node simulator, its tests and the demo. The ZAL writer is Brug's own export (medmij/lists/export-zal.ts).
 */
import { escapeText } from '../../xml/index.ts';

const NS = {
  ocl: 'xmlns://afsprakenstelsel.medmij.nl/oauthclientlist/release2/',
  whitelist: 'xmlns://afsprakenstelsel.medmij.nl/whitelist/release2/',
  gnl: 'xmlns://afsprakenstelsel.medmij.nl/gegevensdienstnamenlijst/release1/',
};

function doc(
  root: string,
  ns: string,
  volgnummer: number,
  listName: string,
  items: string[],
  at: Date,
): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<${root} xmlns="${ns}">`,
    `    <Tijdstempel>${at.toISOString()}</Tijdstempel>`,
    `    <Volgnummer>${volgnummer}</Volgnummer>`,
    items.length === 0
      ? `    <${listName}/>`
      : [`    <${listName}>`, ...items, `    </${listName}>`].join('\n'),
    `</${root}>`,
    '',
  ].join('\n');
}

/**
 * An OAuth Client List.
 * @param volgnummer - its sequence number
 * @param clients - hostname and organisation name per PGO
 * @param at - the Tijdstempel (default now)
 */
export function oclXml(
  volgnummer: number,
  clients: { hostname: string; organisationName: string }[],
  at: Date = new Date(),
): string {
  const items = clients.map(
    (c) =>
      `        <OAuthclient><Hostname>${escapeText(c.hostname)}</Hostname><OAuthclientOrganisatienaam>${escapeText(c.organisationName)}</OAuthclientOrganisatienaam></OAuthclient>`,
  );
  return doc('OAuthclientlist', NS.ocl, volgnummer, 'OAuthclients', items, at);
}

/**
 * A Whitelist.
 * @param volgnummer - its sequence number
 * @param hostnames - the MedMij nodes allowed on the back channel
 * @param at - the Tijdstempel (default now)
 */
export function whitelistXml(volgnummer: number, hostnames: string[], at: Date = new Date()): string {
  const items = hostnames.map(
    (h) => `        <MedMijNode><Hostname>${escapeText(h)}</Hostname></MedMijNode>`,
  );
  return doc('Whitelist', NS.whitelist, volgnummer, 'MedMijNodes', items, at);
}

/**
 * A Gegevensdienstnamenlijst.
 * @param volgnummer - its sequence number
 * @param services - id and Weergavenaam per data service
 * @param at - the Tijdstempel (default now)
 */
export function gnlXml(
  volgnummer: number,
  services: { id: string; name: string }[],
  at: Date = new Date(),
): string {
  const items = services.map(
    (s) =>
      `        <Gegevensdienst><GegevensdienstId>${escapeText(s.id)}</GegevensdienstId><Weergavenaam>${escapeText(s.name)}</Weergavenaam></Gegevensdienst>`,
  );
  return doc('Gegevensdienstnamenlijst', NS.gnl, volgnummer, 'Gegevensdiensten', items, at);
}
