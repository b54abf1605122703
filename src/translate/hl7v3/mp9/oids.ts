/**
 * Constants of the MP 9 building blocks Brug reads from the LSP (aorta.md 2.2) and the MedMij profiles
 * and categories they become (fhir.md 2.2). Only MA and MGB are translated so far.
 */

/** Answer interactions (MP 9, as VZVZ maps them). */
export const MP9_AGREEMENTS_INTERACTION = 'QUMA_IN991203NL04';
export const MP9_MEDICATION_USE_INTERACTION = 'QUMG_IN991223NL02';

export const PROFILE = {
  medicationUse: 'http://nictiz.nl/fhir/StructureDefinition/zib-MedicationUse',
  product: 'http://nictiz.nl/fhir/StructureDefinition/zib-Product',
} as const;

/** MedicationStatement.category of a medication use (fhir.md 2.2, the MedMij MGB search). */
export const MEDICATION_USE_CATEGORY = {
  system: 'urn:oid:2.16.840.1.113883.2.4.3.11.60.20.77.5.3',
  code: '6',
  display: 'Medicatiegebruik',
} as const;

/** Medication use statusCode (ActStatus) -> MedicationStatement.status. */
export const MEDICATION_USE_STATUS: Readonly<
  Record<string, 'active' | 'completed' | 'entered-in-error' | 'stopped' | 'on-hold'>
> = {
  active: 'active',
  completed: 'completed',
  aborted: 'stopped',
  suspended: 'on-hold',
  nullified: 'entered-in-error',
};
