/**
 * The professional summary (HWG 6.10 `QUPC_IN990002NL`, Professionele Samenvatting) -> the patient
 * with their general practitioner: `PrimaryCareProvision/subject/Patient` -> Patient (nl-core-patient,
 * BSN masked) whose `generalPractitioner` is the provision's author (`author/AssignedEntity`, the GP)
 * -> Practitioner, PractitionerRole and practice (Organization). Feeds the GP data Patient search
 * (fhir.md 2.4). The summary's episodes, contacts, results, medication and allergies are not
 * translated yet (the Ketenzorg building blocks answer those searches). Pure; no I/O.
 */
import { at, child, childrenNamed, type XmlElement } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { readAddress, readCareProvider, readName, readTelecoms } from '../allergy612/read-parts.ts';
import type { CareProvider, GpPatient } from '../ketenzorg302/model.ts';
import { mapPatientWithGp } from '../ketenzorg302/translate-patient.ts';
import { messageKey } from '../ketenzorg302/translate-pool.ts';
import type { TranslatedResource } from '../mp612/translate.ts';
import { loc, readIi, readTs } from '../mp612/read-types.ts';

/** The answer interaction of the professional summary. */
export const PROFESSIONAL_SUMMARY_INTERACTION = 'QUPC_IN990002NL';
/** UZI person number root: preferred as the GP's id (the Nictiz output names the GP by it). */
const UZI_PERSON = '2.16.528.1.1007.3.1';
const HL7_NS = 'urn:hl7-org:v3';

/** The patient and GP of one professional summary. */
export interface SummaryPatient {
  patient: GpPatient;
  gp?: CareProvider;
  where: string;
}

/**
 * Reads the patient and the GP of a `QUPC_IN990002NL` message (the first PrimaryCareProvision).
 * @param message - the message root element
 */
export function readSummaryPatient(message: XmlElement): SummaryPatient | undefined {
  const base = `/${message.name}`;
  if (message.name !== PROFESSIONAL_SUMMARY_INTERACTION || message.ns !== HL7_NS)
    throw new TranslationError(
      `expected ${PROFESSIONAL_SUMMARY_INTERACTION} in ${HL7_NS}, got '${message.name}'`,
      base,
    );
  const subjects = childrenNamed(child(message, 'ControlActProcess'), 'subject');
  for (const [i, s] of subjects.entries()) {
    const provision = child(s, 'PrimaryCareProvision');
    const pat = at(provision, 'subject/Patient');
    if (!provision || !pat) continue;
    const where = `${base}/ControlActProcess/subject[${i + 1}]/PrimaryCareProvision/subject/Patient`;
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
    const entity = at(provision, 'author/AssignedEntity');
    const out: SummaryPatient = { patient, where };
    if (entity) {
      const gp = readCareProvider(entity);
      const uzi = childrenNamed(entity, 'id').find((e) => e.attrs.root === UZI_PERSON);
      if (uzi) gp.id = readIi(uzi);
      out.gp = gp;
    }
    return out;
  }
  return undefined;
}

/**
 * Translates a `QUPC_IN990002NL` message to the Patient with their GP.
 * @param message - the message root element
 */
export function translateSummaryPatient(message: XmlElement): TranslatedResource[] {
  const s = readSummaryPatient(message);
  return s ? mapPatientWithGp(s.patient, s.gp, messageKey(message), s.where) : [];
}
