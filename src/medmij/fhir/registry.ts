/**
 * The search tables Brug serves by default, keyed by resource type. Another data service adds its
 * resource types by writing a table beside `medication-dispense.params.ts` and listing it here.
 */
import { ALLERGY_INTOLERANCE } from './allergy-intolerance.params.ts';
import { COMPOSITION } from './composition.params.ts';
import { ENCOUNTER } from './encounter.params.ts';
import { EPISODE_OF_CARE } from './episode-of-care.params.ts';
import { MEDICATION_DISPENSE } from './medication-dispense.params.ts';
import { MEDICATION_REQUEST } from './medication-request.params.ts';
import { MEDICATION_STATEMENT } from './medication-statement.params.ts';
import { OBSERVATION } from './observation.params.ts';
import { PATIENT } from './patient.params.ts';
import type { SearchTables } from './params.ts';

export const DEFAULT_SEARCH_TABLES: SearchTables = {
  MedicationDispense: MEDICATION_DISPENSE,
  AllergyIntolerance: ALLERGY_INTOLERANCE,
  EpisodeOfCare: EPISODE_OF_CARE,
  Encounter: ENCOUNTER,
  Composition: COMPOSITION,
  Observation: OBSERVATION,
  MedicationRequest: MEDICATION_REQUEST,
  Patient: PATIENT,
  MedicationStatement: MEDICATION_STATEMENT,
};
