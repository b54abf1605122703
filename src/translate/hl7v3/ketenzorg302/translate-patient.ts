/**
 * The patient of any Ketenzorg 3.0.2 answer with their general practitioner: the organizer's
 * `recordTarget/patientRole` -> Patient (nl-core-patient, BSN masked) whose `generalPractitioner` is
 * the organizer's responsible GP (`participant[@typeCode='CST']/participantRole`) -> Practitioner, with
 * that GP's PractitionerRole and practice (Organization). Feeds MedMij Huisartsgegevens 2.0
 * `Patient?_include=Patient:general-practitioner` (fhir.md 2.4): every building block carries them.
 */
import type * as fhir from 'fhir';
import { at, child, childrenNamed, type XmlElement } from '../../../xml/index.ts';
import { practitionerWithRole } from '../allergy612/map-allergy.ts';
import { nameUuid } from '../allergy612/map-parts.ts';
import { mapAllergyPatient as mapPatient } from '../allergy612/map-people.ts';
import { readName, textOf } from '../allergy612/read-parts.ts';
import type { TranslatedResource } from '../mp612/translate.ts';
import { readCode, readIi } from '../mp612/read-types.ts';
import type { CareProvider, GpPatient } from './model.ts';
import { readOrganizerList, readResponsibleOrganization } from './read-organizer.ts';
import { messageKey, ResourcePool } from './translate-pool.ts';

/**
 * Reads the organizer's responsible GP (participant CST): UZI id, role code (on the role or on the
 * person), name (structured, or a plain text kept as family name) and practice.
 * @param organizer - the organizer element
 */
export function readResponsibleGp(organizer: XmlElement): CareProvider | undefined {
  const cst = childrenNamed(organizer, 'participant').find((p) => p.attrs.typeCode === 'CST');
  const role = child(cst, 'participantRole');
  if (!role) return undefined;
  const p: CareProvider = { addresses: [] };
  const id = child(role, 'id');
  if (id) p.id = readIi(id);
  const code = child(role, 'code') ?? at(role, 'playingEntity/code');
  if (code) p.specialty = readCode(code);
  const name = at(role, 'playingEntity/name');
  if (name) {
    const n = readName(name);
    const plain = textOf(name);
    if (n.given.length + n.prefix.length + n.family.length === 0 && plain !== undefined)
      n.family = [{ value: plain }];
    p.name = n;
  }
  const org = readResponsibleOrganization(organizer);
  if (org) p.organization = org;
  return p;
}

/**
 * Maps a patient and their GP to the pool: the Patient first (the match of a Patient search), then
 * the GP's Practitioner, Organization and PractitionerRole.
 * @param patient - the patient
 * @param gp - the general practitioner, if known
 * @param key - the message key, for the Patient's name-based id; never a BSN
 * @param where - location of the patient, for errors
 */
export function mapPatientWithGp(
  patient: GpPatient,
  gp: CareProvider | undefined,
  key: string,
  where: string,
): TranslatedResource[] {
  const id = nameUuid(`gp-patient|${key}`);
  const resource: fhir.Patient = mapPatient(patient, id, where);
  const others = new ResourcePool();
  if (gp?.id) {
    resource.generalPractitioner = [practitionerWithRole(gp)];
    others.addCareProvider(gp);
  }
  return [{ fullUrl: `urn:uuid:${id}`, resource }, ...others.values()];
}

/**
 * Translates the patient and GP of any Ketenzorg organizer answer (the message's own interaction).
 * @param message - the message root element
 */
export function translateGpPatient(message: XmlElement): TranslatedResource[] {
  let gp: CareProvider | undefined;
  const list = readOrganizerList(message, message.name, 'none', (organizer) => {
    gp ??= readResponsibleGp(organizer);
    return () => undefined;
  });
  if (!list.patient) return [];
  return mapPatientWithGp(
    list.patient,
    gp,
    messageKey(message),
    `/${message.name}/ControlActProcess/subject/organizer/recordTarget/patientRole`,
  );
}
