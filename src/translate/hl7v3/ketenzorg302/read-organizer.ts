/**
 * What every Ketenzorg 3.0.2 answer shares on reading: the root check, the organizers under
 * `ControlActProcess/subject`, and in each organizer the patient (`recordTarget/patientRole`), the
 * responsible organization (participant CST) and the components of one kind. The first patient and
 * organization of the message are kept.
 */
import { at, child, childrenNamed, type XmlElement } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { readAddress, readName, readTelecoms, textOf } from '../allergy612/read-parts.ts';
import { loc, readIi, readTs } from '../mp612/read-types.ts';
import type { CareOrganization, GpPatient } from './model.ts';

const HL7_NS = 'urn:hl7-org:v3';

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
  const birthTime = child(person, 'birthTime');
  const birth = birthTime ? readTs(birthTime, loc(where, 'patient/birthTime')) : undefined;
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

/**
 * The organization of the system that sent the answer
 * (`ControlActProcess/authorOrPerformer/participant/AssignedDevice/Organization`): the GP practice
 * whose record it is, when the organizer names no responsible organization (as in the LSP episodes
 * batch of fixtures/hl7v3/gp-ketenzorg-302, which Nictiz gives this organization as managingOrganization).
 * @param message - the message root element
 */
export function readAuthorOrganization(message: XmlElement): CareOrganization | undefined {
  const org = at(
    child(message, 'ControlActProcess'),
    'authorOrPerformer/participant/AssignedDevice/Organization',
  );
  if (!org) return undefined;
  const o: CareOrganization = { addresses: childrenNamed(org, 'addr').map(readAddress) };
  const id = child(org, 'id');
  if (id) o.id = readIi(id);
  const name = textOf(child(org, 'name'));
  if (name !== undefined) o.name = name;
  return o;
}

/** The components of one kind of a message, with the message's patient and organization. */
export interface OrganizerList<T> {
  patient?: GpPatient;
  organization?: CareOrganization;
  items: T[];
}

/** Reads one component element (e.g. `encounter`) at its location. */
export type ComponentReader<T> = (el: XmlElement, where: string) => T;

/**
 * Reads a Ketenzorg answer: checks the root, then reads every organizer's patient, responsible
 * organization and its `component/<component>` elements.
 * @param message - the message root element
 * @param interaction - the expected root (answer interaction)
 * @param component - the element name inside each `component` (`act`, `encounter`, `observation`)
 * @param readerFor - gives the component reader of one organizer (it may read more of the organizer)
 */
export function readOrganizerList<T>(
  message: XmlElement,
  interaction: string,
  component: string,
  readerFor: (organizer: XmlElement, organization: CareOrganization | undefined) => ComponentReader<T>,
): OrganizerList<T> {
  const base = `/${message.name}`;
  if (message.name !== interaction || message.ns !== HL7_NS) {
    throw new TranslationError(`expected ${interaction} in ${HL7_NS}, got '${message.name}'`, base);
  }
  const out: OrganizerList<T> = { items: [] };
  childrenNamed(child(message, 'ControlActProcess'), 'subject').forEach((s, i) => {
    const where = `${base}/ControlActProcess/subject[${i + 1}]/organizer`;
    const organizer = child(s, 'organizer');
    if (!organizer) return;
    const role = at(organizer, 'recordTarget/patientRole');
    if (role && !out.patient) out.patient = readPatientRole(role, loc(where, 'recordTarget/patientRole'));
    const org = readResponsibleOrganization(organizer);
    if (org && !out.organization) out.organization = org;
    const read = readerFor(organizer, org);
    childrenNamed(organizer, 'component').forEach((comp, j) => {
      const el = child(comp, component);
      if (el) out.items.push(read(el, loc(where, `component[${j + 1}]/${component}`)));
    });
  });
  return out;
}
