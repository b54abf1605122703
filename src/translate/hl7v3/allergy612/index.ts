/**
 * Public entry of the 6.12 ICA allergy translator (`REPC_IN000024NL` -> AllergyIntolerance and the
 * resources it refers to). Pure; no I/O.
 */
export { mapAllergyList, translateAllergyList } from './translate.ts';
export { readAllergyList } from './read.ts';
export { ROOT_INTERACTION as ALLERGY_ANSWER_INTERACTION } from './oids.ts';
export type { AllergyList } from './model.ts';
