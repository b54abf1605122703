/**
 * One Ketenzorg GP allergy -> FHIR AllergyIntolerance (`zib-AllergyIntolerance`, MedMij Huisartsgegevens
 * 2.0 `AllergyIntolerance?category=medication`): identifier, clinical status from the concern (with
 * its ActStatus code), verification status, category from the propensity code, the substance or
 * product as code, patient, onset, and the author as asserted date and recorder.
 */
import type * as fhir from 'fhir';
import { practitionerWithRole } from '../allergy612/map-allergy.ts';
import { codeSpecification, tsToDateTime } from '../allergy612/map-parts.ts';
import { TranslationError } from '../../errors.ts';
import { concept, gpCoding, oidIdentifier } from './map-common.ts';
import type { GpAllergy } from './model.ts';
import { ALLERGY_CATEGORY, ALLERGY_STATUS, PROFILE, SYSTEM } from './oids.ts';

/**
 * Maps one allergy.
 * @param a - the allergy
 * @param id - resource id
 * @param patient - reference to the patient
 */
export function mapGpAllergy(a: GpAllergy, id: string, patient: fhir.Reference): fhir.AllergyIntolerance {
  // Built in the element order of the STU3 definition.
  const r = {
    resourceType: 'AllergyIntolerance',
    id,
    meta: { profile: [PROFILE.allergyIntolerance] },
  } as fhir.AllergyIntolerance;
  const identifier = oidIdentifier(a.id);
  if (identifier) r.identifier = [identifier];
  let verification: fhir.AllergyIntolerance['verificationStatus'] = 'confirmed';
  if (a.concernStatus !== undefined) {
    const s = ALLERGY_STATUS[a.concernStatus];
    if (!s)
      throw new TranslationError(
        `unknown concern statusCode '${a.concernStatus}'`,
        `${a.location}/../../statusCode`,
      );
    if (s === 'entered-in-error') verification = 'entered-in-error';
    else {
      r.clinicalStatus = s;
      r._clinicalStatus = codeSpecification({
        system: SYSTEM.actStatus,
        code: a.concernStatus,
        display: a.concernStatus,
      });
    }
  }
  if (r.clinicalStatus === undefined && verification !== 'entered-in-error' && a.currentStatus)
    r.clinicalStatus = a.currentStatus;
  r.verificationStatus = verification;
  const category = a.kind?.code === undefined ? undefined : ALLERGY_CATEGORY[a.kind.code];
  if (category && a.kind?.code !== undefined) {
    r.category = [category.fhir];
    r._category = [
      codeSpecification({ system: SYSTEM.snomed, code: a.kind.code, display: category.display }),
    ];
  }
  if (a.agent) r.code = concept(gpCoding(a.agent), a.agent.originalText ?? a.agent.code ?? '');
  r.patient = patient;
  if (a.onset !== undefined) r.onsetDateTime = tsToDateTime(a.onset);
  if (a.authorTime !== undefined) r.assertedDate = tsToDateTime(a.authorTime);
  if (a.author) r.recorder = practitionerWithRole(a.author);
  if (a.note !== undefined) r.note = [{ text: a.note }];
  return r;
}
