/**
 * A Ketenzorg 3.0.2 contact reports answer (`REPC_IN990101NL`) -> the pool: one Composition per
 * report, one Observation per shared journal line (E and P only), the Patient (BSN masked), the GP
 * with role and organization, each once. Ids are name-based (report ids and line positions, UZI, URA;
 * the message id for the Patient).
 */
import type { XmlElement } from '../../../xml/index.ts';
import { idKey, nameUuid } from '../allergy612/map-parts.ts';
import type { TranslatedResource } from '../mp612/translate.ts';
import { mapJournalEntry, mapReport } from './map-report.ts';
import type { ContactReportList } from './model.ts';
import { SHARED_LINE_TYPES } from './oids.ts';
import { readContactReportList } from './read-reports.ts';
import { ResourcePool, translateOrganizerMessage } from './translate-pool.ts';

/**
 * Maps a contact report list to FHIR resources.
 * @param list - the model from readContactReportList
 * @param messageKey - the message id, for the Patient's name-based id; never a BSN
 * @param where - location of the organizer, for errors
 */
export function mapContactReportList(
  list: ContactReportList,
  messageKey: string,
  where = '/REPC_IN990101NL',
): TranslatedResource[] {
  if (list.reports.length === 0) return [];
  const compositions: TranslatedResource[] = [];
  const others = new ResourcePool();
  const lines: TranslatedResource[] = [];
  const patient = others.addPatient(list.patient, messageKey, where);
  for (const r of list.reports) {
    // A report without an id of its own (a professional summary's journal) is keyed by its contact.
    const key = r.id ? idKey(r.id) : `contact|${idKey(r.encounterIds[0])}`;
    if (r.author) others.addCareProvider(r.author);
    const lineUrls = r.lines.map((line, i) => {
      if (!SHARED_LINE_TYPES.has(line.type)) return undefined;
      const id = nameUuid(`journal|${key}|${i}`);
      lines.push({ fullUrl: `urn:uuid:${id}`, resource: mapJournalEntry(line, r, id, patient) });
      return `urn:uuid:${id}`;
    });
    const id = nameUuid(`report|${key}`);
    compositions.push({ fullUrl: `urn:uuid:${id}`, resource: mapReport(r, id, { patient, lineUrls }) });
  }
  return [...compositions, ...others.values(), ...lines];
}

/**
 * Translates a `REPC_IN990101NL` message to the pool of FHIR STU3 resources.
 * @param message - the message root element
 */
export function translateContactReports(message: XmlElement): TranslatedResource[] {
  return translateOrganizerMessage(message, readContactReportList, mapContactReportList);
}
