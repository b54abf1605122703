/**
 * One Ketenzorg contact report -> FHIR Composition (`gp-EncounterReport`, type LOINC 67781-5) with one
 * section per shared journal line (E and P; S and O lines are never shared with the patient), and each
 * line as an Observation (`gp-JournalEntry`, valueString, an E line's ICPC diagnosis as component).
 * Contacts and episodes are referred to by identifier (they come from other building blocks).
 */
import type * as fhir from 'fhir';
import { escapeText } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { practitionerWithRole } from '../allergy612/map-allergy.ts';
import { ref, tsToDateTime } from '../allergy612/map-parts.ts';
import { practitionerDisplay, practitionerFullUrl } from '../allergy612/map-people.ts';
import { episodeRef, gpCoding, identifierRef, lookupStatus, oidIdentifier } from './map-common.ts';
import type { ContactReport, JournalLine } from './model.ts';
import { DIAGNOSIS_COMPONENT, EXT, JOURNAL_LINE, PROFILE, REPORT_TYPE, SYSTEM } from './oids.ts';

const REPORT_STATUS: Readonly<Record<string, 'final' | 'preliminary' | 'entered-in-error'>> = {
  completed: 'final',
  active: 'preliminary',
  nullified: 'entered-in-error',
};

const LINE_DISPLAY: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(JOURNAL_LINE).map((l) => [l.type, l.display]),
);

function dutchDate(ts: string | undefined): string {
  if (ts === undefined || ts.length < 8) return '';
  return ` op ${ts.slice(6, 8)}-${ts.slice(4, 6)}-${ts.slice(0, 4)}`;
}

/** References and ids the report mapper needs. */
export interface ReportRefs {
  patient: fhir.Reference;
  /** fullUrls of the journal line Observations, per line (undefined for lines not shared). */
  lineUrls: (string | undefined)[];
}

/**
 * Maps one journal line to an Observation.
 * @param line - the line
 * @param r - its report
 * @param id - resource id
 * @param patient - reference to the patient
 */
export function mapJournalEntry(
  line: JournalLine,
  r: ContactReport,
  id: string,
  patient: fhir.Reference,
): fhir.Observation {
  const o = {
    resourceType: 'Observation',
    id,
    meta: { profile: [PROFILE.journalEntry] },
  } as fhir.Observation;
  o.status = 'final';
  o.code = {
    coding: [
      { system: SYSTEM.journalLineType, code: line.type, display: LINE_DISPLAY[line.type] ?? line.type },
    ],
  };
  o.subject = patient;
  const encounter = r.encounterIds[0];
  if (encounter) o.context = identifierRef(encounter, `Contact${dutchDate(r.time)}`);
  if (r.author) o.performer = [ref(practitionerFullUrl(r.author), practitionerDisplay(r.author))];
  if (line.text !== undefined) o.valueString = line.text;
  const dx = line.diagnosis?.value;
  if (dx?.code !== undefined)
    o.component = [
      { code: { coding: [{ ...DIAGNOSIS_COMPONENT }] }, valueCodeableConcept: { coding: [gpCoding(dx)] } },
    ];
  return o;
}

/**
 * Maps a contact report to a Composition.
 * @param r - the report
 * @param id - resource id
 * @param refs - patient and journal line references
 */
export function mapReport(r: ContactReport, id: string, refs: ReportRefs): fhir.Composition {
  const status = lookupStatus(REPORT_STATUS, r.statusCode, 'completed', 'contact report', r.location);
  const c = {
    resourceType: 'Composition',
    id,
    meta: { profile: [PROFILE.encounterReport] },
  } as fhir.Composition;
  const identifier = oidIdentifier(r.id);
  if (identifier) c.identifier = identifier;
  c.status = status;
  c.type = { coding: [{ ...REPORT_TYPE }] };
  c.subject = refs.patient;
  const encounter = r.encounterIds[0];
  if (encounter) c.encounter = identifierRef(encounter, `Contact${dutchDate(r.time)}`);
  if (r.time === undefined)
    throw new TranslationError('contact report without effectiveTime', `${r.location}/effectiveTime`);
  c.date = tsToDateTime(r.time);
  c.author = r.author ? [practitionerWithRole(r.author)] : [{ display: 'Onbekende auteur' }];
  const diagnosis = r.lines.find((l) => l.diagnosis?.value?.displayName !== undefined)?.diagnosis?.value
    ?.displayName;
  c.title = diagnosis ?? `Contactverslag ${refs.patient.display ?? ''}`.trim();
  if (r.concernIds.length > 0) c.event = [{ detail: r.concernIds.map(episodeRef) }];
  const sections: fhir.CompositionSection[] = [];
  r.lines.forEach((line, i) => {
    const url = refs.lineUrls[i];
    if (url === undefined) return;
    const display = LINE_DISPLAY[line.type] ?? line.type;
    const s: fhir.CompositionSection = {};
    const dx = line.diagnosis?.value;
    if (dx?.code !== undefined)
      s.extension = [{ url: EXT.icpcCode, valueCodeableConcept: { coding: [gpCoding(dx)] } }];
    s.code = { coding: [{ system: SYSTEM.journalLineType, code: line.type, display }] };
    s.text = {
      status: 'generated',
      div: `<div xmlns="http://www.w3.org/1999/xhtml">${escapeText(line.text ?? display)}</div>`,
    };
    s.entry = [
      ref(url, `${line.type}: ${display}${line.text === undefined ? '' : ` - ${line.text}`}`),
      ...r.concernIds.map(episodeRef),
    ];
    sections.push(s);
  });
  if (sections.length > 0) c.section = sections;
  return c;
}
