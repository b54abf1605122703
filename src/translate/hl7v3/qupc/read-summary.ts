/**
 * XML -> the model of a professional summary (HWG 6.10 `QUPC_IN990002NL`): the first
 * `ControlActProcess/subject/PrimaryCareProvision` with a patient. Its patient and GP
 * (`subject/Patient`, `author/AssignedEntity`), episodes (`component7/episodeOfCondition`), contacts
 * with their journal and prescriptions (`component1/encounter`, read-contacts.ts), diagnostic results
 * (`component2/observation`) and intolerances (`component4/ObservationIntolerance`). Strict: wrong root,
 * an unknown child of the provision, an episode or intolerance without id, a negated intolerance or a
 * bad time stamp throws `TranslationError` with its location.
 */
import { at, child, childrenNamed, type XmlElement } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { readAddress, readName, readTelecoms, textOf } from '../allergy612/read-parts.ts';
import type { CareProvider, Concern, GpAllergy, GpPatient, Ii } from '../ketenzorg302/model.ts';
import { readPeriod } from '../ketenzorg302/read-acts.ts';
import { readObservation } from '../ketenzorg302/read-observations.ts';
import { loc, readCode, readIi, readTs } from '../mp612/read-types.ts';
import type { ProfessionalSummary, SummaryPatient } from './model.ts';
import {
  ALERT_CODE,
  DIAGNOSIS_CODE,
  DRUG_INTOLERANCE,
  PROFESSIONAL_SUMMARY_INTERACTION,
  PROVISION_CHILDREN,
} from './oids.ts';
import { iiKey, readEncounter, readPerson } from './read-contacts.ts';

const HL7_NS = 'urn:hl7-org:v3';

function readPatient(pat: XmlElement, where: string): GpPatient {
  const person = child(pat, 'Person');
  const patient: GpPatient = {
    ids: childrenNamed(pat, 'id').map(readIi),
    names: childrenNamed(person, 'name').map(readName),
    addresses: childrenNamed(pat, 'addr').map(readAddress),
    telecoms: readTelecoms(pat),
  };
  const gender = child(person, 'administrativeGenderCode')?.attrs.code;
  if (gender !== undefined) patient.gender = gender;
  const birth = child(person, 'birthTime');
  const t = birth ? readTs(birth, loc(where, 'Person/birthTime')) : undefined;
  if (t !== undefined) patient.birthTime = t;
  return patient;
}

/** The provision of a summary message and its location, or undefined when it has none with a patient. */
function provisionOf(message: XmlElement): { provision: XmlElement; base: string } | undefined {
  const root = `/${message.name}`;
  if (message.name !== PROFESSIONAL_SUMMARY_INTERACTION || message.ns !== HL7_NS)
    throw new TranslationError(
      `expected ${PROFESSIONAL_SUMMARY_INTERACTION} in ${HL7_NS}, got '${message.name}'`,
      root,
    );
  const subjects = childrenNamed(child(message, 'ControlActProcess'), 'subject');
  for (const [i, s] of subjects.entries()) {
    const provision = child(s, 'PrimaryCareProvision');
    if (provision && at(provision, 'subject/Patient'))
      return { provision, base: `${root}/ControlActProcess/subject[${i + 1}]/PrimaryCareProvision` };
  }
  return undefined;
}

function patientOf(provision: XmlElement, base: string): SummaryPatient {
  const where = `${base}/subject/Patient`;
  const out: SummaryPatient = { patient: readPatient(at(provision, 'subject/Patient')!, where), where };
  const entity = at(provision, 'author/AssignedEntity');
  if (entity) out.gp = readPerson(entity);
  return out;
}

/**
 * Reads the patient and the GP of a `QUPC_IN990002NL` message (the first PrimaryCareProvision).
 * @param message - the message root element
 */
export function readSummaryPatient(message: XmlElement): SummaryPatient | undefined {
  const p = provisionOf(message);
  return p ? patientOf(p.provision, p.base) : undefined;
}

function readConcern(ep: XmlElement, where: string): { concern: Concern; lineIds: Ii[] } {
  const id = child(ep, 'id');
  if (!id) throw new TranslationError('episode without id', where);
  const concern: Concern = { location: where, id: readIi(id), diagnoses: [], ...readPeriod(ep, where) };
  const title = textOf(child(ep, 'text'));
  if (title !== undefined) concern.title = title;
  const status = child(ep, 'statusCode')?.attrs.code;
  if (status !== undefined) concern.statusCode = status;
  for (const dx of childrenNamed(child(ep, 'reason'), 'ObservationDx')) {
    const value = child(dx, 'value');
    const did = child(dx, 'id');
    concern.diagnoses.push({
      code: { ...DIAGNOSIS_CODE },
      ...(did ? { id: readIi(did) } : {}),
      ...(value ? { value: readCode(value) } : {}),
    });
  }
  // The journal lines of the episode's contacts: how a contact is tied to its episode.
  const lineIds = childrenNamed(ep, 'component2').flatMap((c) =>
    childrenNamed(at(c, 'episodOfCare'), 'component').flatMap((r) => {
      const rid = at(r, 'actReference/id');
      return rid ? [readIi(rid)] : [];
    }),
  );
  return { concern, lineIds };
}

function readIntolerance(el: XmlElement, where: string, gp: CareProvider | undefined): GpAllergy {
  const id = child(el, 'id');
  if (!id) throw new TranslationError('intolerance without id', where);
  if (el.attrs.negationInd === 'true')
    throw new TranslationError('a negated intolerance (no intolerance known) is not mapped', where);
  const a: GpAllergy = { location: where, id: readIi(id), kind: { ...DRUG_INTOLERANCE } };
  // The observation's statusCode says it was recorded (completed), not that the intolerance ended.
  if (child(el, 'statusCode')?.attrs.code === 'nullified') a.concernStatus = 'nullified';
  else a.currentStatus = 'active';
  const value = child(el, 'value');
  if (value) a.agent = readCode(value);
  const low = at(el, 'effectiveTime/low');
  const onset = low ? readTs(low, loc(where, 'effectiveTime/low')) : undefined;
  if (onset !== undefined) a.onset = onset;
  if (gp) a.author = gp;
  const note = textOf(child(el, 'text'));
  if (note !== undefined) a.note = note;
  return a;
}

/**
 * Reads everything Brug translates of a `QUPC_IN990002NL` message, or undefined when it holds no
 * provision with a patient.
 * @param message - the message root element
 */
export function readProfessionalSummary(message: XmlElement): ProfessionalSummary | undefined {
  const found = provisionOf(message);
  if (!found) return undefined;
  const { provision, base } = found;
  for (const c of provision.children)
    if (!PROVISION_CHILDREN.has(c.name))
      throw new TranslationError(
        `unknown element '${c.name}' in the professional summary`,
        loc(base, c.name),
      );
  const s: ProfessionalSummary = {
    ...patientOf(provision, base),
    concerns: [],
    contacts: [],
    reports: [],
    agreements: [],
    observations: [],
    allergies: [],
  };
  if (s.gp?.organization) s.organization = s.gp.organization;
  const episodeOfLine = new Map<string, Ii[]>();
  childrenNamed(provision, 'component7').forEach((c, i) => {
    const ep = child(c, 'episodeOfCondition');
    if (!ep) return;
    const { concern, lineIds } = readConcern(ep, loc(base, `component7[${i + 1}]/episodeOfCondition`));
    s.concerns.push(concern);
    for (const l of lineIds)
      episodeOfLine.set(iiKey(l), [...(episodeOfLine.get(iiKey(l)) ?? []), concern.id]);
  });
  const people: CareProvider[] = s.gp ? [s.gp] : [];
  childrenNamed(provision, 'component1').forEach((c, i) => {
    const enc = child(c, 'encounter');
    if (!enc) return;
    const r = readEncounter(enc, loc(base, `component1[${i + 1}]/encounter`), people);
    const concerns = new Map<string, Ii>();
    for (const l of r.lineIds)
      for (const cid of episodeOfLine.get(iiKey(l)) ?? []) concerns.set(iiKey(cid), cid);
    r.contact.concernIds = [...concerns.values()];
    s.contacts.push(r.contact);
    if (r.report) s.reports.push({ ...r.report, concernIds: [...concerns.values()] });
    s.agreements.push(...r.agreements);
  });
  childrenNamed(provision, 'component2').forEach((c, i) => {
    const obs = child(c, 'observation');
    if (!obs || (!child(obs, 'id') && child(obs, 'code')?.attrs.code === ALERT_CODE)) return;
    const o = readObservation(obs, loc(base, `component2[${i + 1}]/observation`));
    // The summary's results were recorded in the GP's record: the GP is their performer.
    if (!o.performer && s.gp) o.performer = s.gp;
    s.observations.push(o);
  });
  childrenNamed(provision, 'component4').forEach((c, i) => {
    const el = child(c, 'ObservationIntolerance');
    if (el)
      s.allergies.push(readIntolerance(el, loc(base, `component4[${i + 1}]/ObservationIntolerance`), s.gp));
  });
  return s;
}
