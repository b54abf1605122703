/**
 * The search tables Brug serves by default, keyed by resource type. Another data service adds its
 * resource types by writing a table beside `medication-dispense.params.ts` and listing it here.
 */
import { MEDICATION_DISPENSE } from './medication-dispense.params.ts';
import type { SearchTables } from './params.ts';

export const DEFAULT_SEARCH_TABLES: SearchTables = {
  MedicationDispense: MEDICATION_DISPENSE,
};
