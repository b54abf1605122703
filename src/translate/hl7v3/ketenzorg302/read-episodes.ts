/**
 * XML -> the episode model of one `REPC_IN990111NL` (Ketenzorg 3.0.2 "overdracht concerns"). Strict:
 * wrong root, a concern without id, or a bad time stamp throws `TranslationError` with its location.
 */
import { at, child, childrenNamed, type XmlElement } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { readAddress, readName, readTelecoms, textOf } from '../allergy612/read-parts.ts';
import { loc, readCode, readIi, readTs } from '../mp612/read-types.ts';
import type { CareOrganization, Concern, Diagnosis, EpisodeList, GpPatient } from './model.ts';
import { EPISODES_INTERACTION } from './oids.ts';

const HL7_NS = 'urn:hl7-org:v3';

function ts(el: XmlElement | undefined, where: string): string | undefined {
  return el ? readTs(el, where) : undefined;
}

/**
 * Reads `recordTarget/patientRole` (Ketenzorg: the person is `patientRole/patient`).
 * @param role - the patientRole element
 * @param where - its location, for errors
 */
export function readPatientRole(role: XmlElement, where: string): GpPatient {
  const person = child(role, 'patient');
  const p: GpPatient = {
    ids: childrenNamed(role, 'id').map(readIi),
    names: childrenNamed(person, 'name').map(readName),
    addresses: childrenNamed(role, 'addr').map(readAddress),
    telecoms: readTelecoms(role),
  };
  const gender = child(person, 'administrativeGenderCode')?.attrs.code;
  if (gender !== undefined) p.gender = gender;
  const birth = ts(child(person, 'birthTime'), loc(where, 'patient/birthTime'));
  if (birth !== undefined) p.birthTime = birth;
  return p;
}

/**
 * Reads the responsible organization (`participant[@typeCode='CST']/participantRole/scopingEntity`).
 * @param organizer - the organizer element
 */
export function readResponsibleOrganization(organizer: XmlElement): CareOrganization | undefined {
  const scoping = at(organizer, 'participant/participantRole/scopingEntity');
  if (!scoping) return undefined;
  const o: CareOrganization = { addresses: childrenNamed(scoping, 'addr').map(readAddress) };
  const id = child(scoping, 'id');
  if (id) o.id = readIi(id);
  const name = textOf(child(scoping, 'desc')) ?? textOf(child(scoping, 'name'));
  if (name !== undefined) o.name = name;
  return o;
}

function readDiagnosis(obs: XmlElement, where: string): Diagnosis {
  const d: Diagnosis = {};
  const id = child(obs, 'id');
  if (id) d.id = readIi(id);
  const code = child(obs, 'code');
  if (code) d.code = readCode(code);
  const status = child(obs, 'statusCode')?.attrs.code;
  if (status !== undefined) d.statusCode = status;
  const onset = ts(at(obs, 'effectiveTime/low'), loc(where, 'effectiveTime/low'));
  if (onset !== undefined) d.onset = onset;
  const value = child(obs, 'value');
  if (value) d.value = readCode(value);
  return d;
}

function readConcern(act: XmlElement, where: string): Concern {
  const id = child(act, 'id');
  if (!id) throw new TranslationError('concern without id', where);
  const c: Concern = { location: where, id: readIi(id), diagnoses: [] };
  const title = textOf(child(act, 'text'));
  if (title !== undefined) c.title = title;
  const status = child(act, 'statusCode')?.attrs.code;
  if (status !== undefined) c.statusCode = status;
  const start = ts(at(act, 'effectiveTime/low'), loc(where, 'effectiveTime/low'));
  if (start !== undefined) c.start = start;
  const end = ts(at(act, 'effectiveTime/high'), loc(where, 'effectiveTime/high'));
  if (end !== undefined) c.end = end;
  childrenNamed(act, 'entryRelationship').forEach((er, i) => {
    const obs = child(er, 'observation');
    if (obs) c.diagnoses.push(readDiagnosis(obs, loc(where, `entryRelationship[${i + 1}]/observation`)));
  });
  return c;
}

/**
 * Reads the episodes of a `REPC_IN990111NL` message.
 * @param message - the message root element
 */
export function readEpisodeList(message: XmlElement): EpisodeList {
  const base = `/${message.name}`;
  if (message.name !== EPISODES_INTERACTION || message.ns !== HL7_NS) {
    throw new TranslationError(`expected ${EPISODES_INTERACTION} in ${HL7_NS}, got '${message.name}'`, base);
  }
  const out: EpisodeList = { concerns: [] };
  childrenNamed(child(message, 'ControlActProcess'), 'subject').forEach((s, i) => {
    const where = `${base}/ControlActProcess/subject[${i + 1}]/organizer`;
    const organizer = child(s, 'organizer');
    if (!organizer) return;
    const role = at(organizer, 'recordTarget/patientRole');
    if (role && !out.patient) out.patient = readPatientRole(role, loc(where, 'recordTarget/patientRole'));
    const org = readResponsibleOrganization(organizer);
    if (org && !out.organization) out.organization = org;
    childrenNamed(organizer, 'component').forEach((comp, j) => {
      const act = child(comp, 'act');
      if (act) out.concerns.push(readConcern(act, loc(where, `component[${j + 1}]/act`)));
    });
  });
  return out;
}
