/**
 * XML -> model for the contacts of a professional summary (`PrimaryCareProvision/component1/encounter`):
 * each encounter is a Ketenzorg `Contact`, its journal lines (`component/JournalEntry`, NHG
 * journaalregeltypen S/O/E/P) with the contact's diagnosis (`component/ObservationDx`, on the E line it
 * follows) a `ContactReport`, and its prescriptions (`component/Prescription`) medication agreements.
 * Strict: an encounter, journal line or prescription without id, an unknown line type or component, a
 * diagnosis before any E line, or a bad time stamp throws `TranslationError` with its location.
 */
import { at, child, childrenNamed, type XmlElement } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { readCareProvider, textOf } from '../allergy612/read-parts.ts';
import type {
  CareProvider,
  Contact,
  ContactReport,
  Diagnosis,
  Ii,
  JournalLine,
  JournalLineType,
  MedicationAgreement,
} from '../ketenzorg302/model.ts';
import { readPeriod } from '../ketenzorg302/read-acts.ts';
import { readRequest } from '../mp612/read.ts';
import { loc, readCode, readIi, readTs, xsiType } from '../mp612/read-types.ts';
import { DIAGNOSIS_CODE, JOURNAL_LINE_SYSTEM, UZI_PERSON } from './oids.ts';

/** Ids compared as `root|extension`. */
export function iiKey(id: Ii | undefined): string {
  return `${id?.root ?? ''}|${id?.extension ?? ''}`;
}

/**
 * Reads a person in a summary (`AssignedEntity`, `AssignedPerson`): the UZI number is their id when
 * given (the Nictiz output names people by it), an unstructured name ("Jansma") is kept as family name,
 * and someone already known by that id (the summary's GP) is that person.
 * @param el - the element
 * @param known - people read before (the GP first)
 */
export function readPerson(el: XmlElement, known: readonly CareProvider[] = []): CareProvider {
  const p = readCareProvider(el);
  const uzi = childrenNamed(el, 'id').find((e) => e.attrs.root === UZI_PERSON);
  if (uzi) p.id = readIi(uzi);
  const same = known.find((k) => k.id?.extension !== undefined && iiKey(k.id) === iiKey(p.id));
  if (same) return same;
  const nameEl = at(el, 'assignee/assigneePerson/name') ?? at(el, 'assignedPerson/name');
  const plain = textOf(nameEl);
  if (p.name && p.name.given.length + p.name.prefix.length + p.name.family.length === 0 && plain)
    p.name.family = [{ value: plain }];
  return p;
}

/** What one encounter gives. */
export interface ReadEncounter {
  contact: Contact;
  /** Its journal, when it has journal lines. */
  report?: ContactReport;
  agreements: MedicationAgreement[];
  /** The ids of its journal lines (episodes refer to a contact through them). */
  lineIds: Ii[];
}

const LINE_TYPES: ReadonlySet<string> = new Set(['S', 'O', 'E', 'P']);

function readLine(je: XmlElement, where: string): { line: JournalLine; id: Ii } {
  const id = child(je, 'id');
  if (!id) throw new TranslationError('journal line without id', where);
  const code = child(je, 'code');
  const type = code?.attrs.code;
  if (code?.attrs.codeSystem !== JOURNAL_LINE_SYSTEM || type === undefined || !LINE_TYPES.has(type))
    throw new TranslationError(
      `unknown journal line type '${type ?? ''}' in '${code?.attrs.codeSystem ?? ''}'`,
      loc(where, 'code'),
    );
  const line: JournalLine = { location: where, type: type as JournalLineType };
  const text = textOf(child(je, 'value'));
  if (text !== undefined) line.text = text;
  return { line, id: readIi(id) };
}

function readDiagnosisDx(dx: XmlElement): Diagnosis {
  const d: Diagnosis = { code: { ...DIAGNOSIS_CODE } };
  const id = child(dx, 'id');
  if (id) d.id = readIi(id);
  const value = child(dx, 'value');
  if (value) d.value = readCode(value);
  return d;
}

/** The period of use of a prescription: its dosing's IVL_TS (alone, or in an SXPR_TS). */
function usePeriod(mar: XmlElement, where: string): { start?: string; end?: string } {
  const eff = child(mar, 'effectiveTime');
  if (!eff) return {};
  const ivl =
    xsiType(eff) === 'SXPR_TS' ? childrenNamed(eff, 'comp').find((c) => xsiType(c) === 'IVL_TS') : eff;
  const out: { start?: string; end?: string } = {};
  const low = child(ivl, 'low');
  const start = low ? readTs(low, loc(where, 'effectiveTime/low')) : undefined;
  if (start !== undefined) out.start = start;
  const high = child(ivl, 'high');
  const end = high ? readTs(high, loc(where, 'effectiveTime/high')) : undefined;
  if (end !== undefined) out.end = end;
  return out;
}

function readPrescription(
  el: XmlElement,
  where: string,
  people: readonly CareProvider[],
): MedicationAgreement {
  const id = child(el, 'id');
  if (!id) throw new TranslationError('prescription without id', where);
  const medication = at(el, 'directTarget/prescribedMedication');
  const code = at(medication, 'MedicationKind/code');
  const c = code ? readCode(code) : undefined;
  if (c?.code === undefined || c.codeSystem === undefined)
    throw new TranslationError(
      'prescription without product code and codeSystem',
      loc(where, 'directTarget/prescribedMedication/MedicationKind/code'),
    );
  const a: MedicationAgreement = {
    location: where,
    id: readIi(id),
    product: { code: c, ingredients: [] },
    dosages: [],
  };
  const status = child(el, 'statusCode')?.attrs.code;
  if (status !== undefined) a.statusCode = status;
  const author = child(el, 'author');
  const time = child(author, 'time');
  const authored = time ? readTs(time, loc(where, 'author/time')) : undefined;
  if (authored !== undefined) a.authoredOn = authored;
  const person = child(author, 'AssignedPerson');
  if (person) a.prescriber = readPerson(person, people);
  childrenNamed(medication, 'therapeuticAgentOf').forEach((t, i) => {
    const mar = child(t, 'medicationAdministrationRequest');
    if (!mar) return;
    const w = loc(
      where,
      `directTarget/prescribedMedication/therapeuticAgentOf[${i + 1}]/medicationAdministrationRequest`,
    );
    a.dosages.push({ request: readRequest(mar, w) });
    if (a.start === undefined && a.end === undefined) Object.assign(a, usePeriod(mar, w));
  });
  // One dosing: its own text ("2 maal per dag 1 tablet") is the agreement's description.
  const only = a.dosages.length === 1 ? a.dosages[0]?.request.text : undefined;
  if (only !== undefined) a.text = only;
  return a;
}

/**
 * Reads one encounter of a summary.
 * @param enc - the encounter element
 * @param where - its location, for errors
 * @param people - people known so far (the summary's GP first); the encounter's author is added
 */
export function readEncounter(enc: XmlElement, where: string, people: CareProvider[]): ReadEncounter {
  const id = child(enc, 'id');
  if (!id) throw new TranslationError('encounter without id', where);
  const contact: Contact = { location: where, id: readIi(id), performers: [], concernIds: [] };
  const code = child(enc, 'code');
  if (code) contact.code = readCode(code);
  if (code?.attrs.codeSystemVersion !== undefined) contact.codeVersion = code.attrs.codeSystemVersion;
  const status = child(enc, 'statusCode')?.attrs.code;
  if (status !== undefined) contact.statusCode = status;
  Object.assign(contact, readPeriod(enc, where));
  const person = at(enc, 'author/AssignedPerson');
  if (person) {
    const p = readPerson(person, people);
    if (!people.includes(p)) people.push(p);
    contact.performers.push(p);
  }
  const report: ContactReport = {
    location: where,
    encounterIds: [contact.id],
    concernIds: [],
    lines: [],
  };
  if (contact.start !== undefined) report.time = contact.start;
  if (contact.performers[0]) report.author = contact.performers[0];
  const out: ReadEncounter = { contact, agreements: [], lineIds: [] };
  childrenNamed(enc, 'component').forEach((comp, i) => {
    const w = loc(where, `component[${i + 1}]`);
    const je = child(comp, 'JournalEntry');
    const dx = child(comp, 'ObservationDx');
    const rx = child(comp, 'Prescription');
    if (je) {
      const { line, id: lineId } = readLine(je, loc(w, 'JournalEntry'));
      report.lines.push(line);
      out.lineIds.push(lineId);
    } else if (dx) {
      // The contact's diagnosis evaluates the E line before it (HWG writes it after the lines).
      const e = [...report.lines].reverse().find((l) => l.type === 'E');
      if (!e)
        throw new TranslationError('diagnosis without an E journal line before it', loc(w, 'ObservationDx'));
      e.diagnosis ??= readDiagnosisDx(dx);
    } else if (rx) {
      out.agreements.push(readPrescription(rx, loc(w, 'Prescription'), people));
    } else {
      const name = comp.children.find((c) => c.name !== 'sequenceNumber')?.name ?? '(empty)';
      throw new TranslationError(`unknown contact component '${name}'`, w);
    }
  });
  if (report.lines.length > 0) out.report = report;
  return out;
}
