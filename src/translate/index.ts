/**
 * Public entry of `translate/`: HL7v3 answers (parsed XML) to FHIR STU3 resource pools. Pure; no I/O.
 */
export { TranslationError } from './errors.ts';
export {
  mapDispenseList,
  translateDispenseList,
  type TranslatedResource,
  type TranslateOptions,
} from './hl7v3/mp612/translate.ts';
export { readDispenseList } from './hl7v3/mp612/read.ts';
export type { DispenseList } from './hl7v3/mp612/model.ts';
