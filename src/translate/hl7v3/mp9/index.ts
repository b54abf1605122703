/**
 * Public entry of the MP 9 building-block translators (LSP QUMA/QUMG answers): medication agreements
 * and medication use. Pure; no I/O.
 */
export { mapMedicationUseList, translateMp9Agreements, translateMp9MedicationUse } from './translate.ts';
export {
  MP9_AGREEMENTS_INTERACTION,
  MP9_MEDICATION_USE_INTERACTION,
  MEDICATION_USE_CATEGORY,
} from './oids.ts';
