/**
 * Public entry of the MP 9 building-block translators (LSP QUMA/QUVV/QUTA/QUMV/QUMG answers):
 * medication agreements, dispense requests, administration agreements, dispenses and medication use.
 * Pure; no I/O.
 */
export {
  translateMp9AdministrationAgreements,
  translateMp9Agreements,
  translateMp9DispenseRequests,
  translateMp9Dispenses,
  translateMp9MedicationUse,
} from './translate.ts';
export {
  MP9_ADMINISTRATION_AGREEMENTS_INTERACTION,
  MP9_AGREEMENTS_INTERACTION,
  MP9_DISPENSE_REQUESTS_INTERACTION,
  MP9_DISPENSES_INTERACTION,
  MP9_MEDICATION_USE_INTERACTION,
  MEDICATION_USE_CATEGORY,
} from './oids.ts';
