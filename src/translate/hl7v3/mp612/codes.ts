/**
 * Code tables of the 6.12 conversion, as data: category codings, gender, time units (HL7/UCUM to the
 * Dutch words the Nictiz output uses), and UCUM units that have a G-standaard table 902 equivalent.
 */
import { OID } from './oids.ts';

/** MedicationDispense categories (SNOMED CT). */
export const CATEGORY = {
  administrationAgreement: {
    code: '422037009',
    display: 'Provider medication administration instructions (procedure)',
    text: 'Toedieningsafspraak',
  },
  dispense: {
    code: '373784005',
    display: 'Dispensing medication (procedure)',
    text: 'Medicatieverstrekking',
  },
} as const;

/** HL7 AdministrativeGender -> FHIR gender and Dutch display. */
export const GENDER: Record<string, { fhir: 'male' | 'female' | 'other' | 'unknown'; display: string }> = {
  M: { fhir: 'male', display: 'Man' },
  F: { fhir: 'female', display: 'Vrouw' },
  UN: { fhir: 'other', display: 'Onbepaald' },
};

/** FHIR gender -> HL7 code (the other direction of GENDER). */
export const GENDER_BY_FHIR: Record<string, string> = Object.fromEntries(
  Object.entries(GENDER).map(([hl7, g]) => [g.fhir, hl7]),
);

/** A time unit: its UCUM code, and Dutch singular / plural words. */
export interface TimeUnit {
  ucum: 's' | 'min' | 'h' | 'd' | 'wk' | 'mo' | 'a';
  one: string;
  many: string;
}

/** HL7 time units (UCUM) -> Dutch words. */
export const TIME_UNIT: Record<string, TimeUnit> = {
  s: { ucum: 's', one: 'seconde', many: 'seconden' },
  min: { ucum: 'min', one: 'minuut', many: 'minuten' },
  h: { ucum: 'h', one: 'uur', many: 'uur' },
  d: { ucum: 'd', one: 'dag', many: 'dagen' },
  wk: { ucum: 'wk', one: 'week', many: 'weken' },
  mo: { ucum: 'mo', one: 'maand', many: 'maanden' },
  a: { ucum: 'a', one: 'jaar', many: 'jaar' },
};

/** The UCUM time unit for a word (the other direction of TIME_UNIT), e.g. 'dag' -> 'd'. */
export function timeUnitByWord(word: string): string | undefined {
  for (const [code, u] of Object.entries(TIME_UNIT)) if (u.one === word || u.many === word) return code;
  return undefined;
}

/** A G-standaard table 902 unit. */
export interface GstdUnit {
  code: string;
  display: string;
}

/**
 * UCUM units (as HL7 PQ `unit`) that map to a G-standaard 902 unit when the message carries no
 * translation. Only pairs seen in the Nictiz conversion output are listed (02c: `g` -> 215 gram);
 * others keep their UCUM code. '1' (a count) has no single 902 unit.
 */
export const GSTD_UNIT_BY_UCUM: Record<string, GstdUnit> = {
  g: { code: '215', display: 'gram' },
  ml: { code: '233', display: 'milliliter' },
  mL: { code: '233', display: 'milliliter' },
  '[iU]': { code: '217', display: 'internat.eenh.' },
};

/** G-standaard 902 units seen in the fixtures (code -> display), for readers and tests. */
export const GSTD_UNIT_DISPLAY: Record<string, string> = {
  '208': 'dosis',
  '211': 'eenheid',
  '215': 'gram',
  '217': 'internat.eenh.',
  '233': 'milliliter',
  '245': 'stuk',
  '303': 'druppel',
};

/** The 902 code -> UCUM unit (the other direction), for units written as UCUM where needed. */
export const UCUM_BY_GSTD_CODE: Record<string, string> = Object.fromEntries(
  Object.entries(GSTD_UNIT_BY_UCUM).map(([ucum, u]) => [u.code, ucum]),
);

/** Dutch plural of a unit word used in regenerated dosage texts (lower case); others stay as they are. */
export const UNIT_PLURAL: Record<string, string> = {
  stuk: 'stuks',
  dosis: 'doses',
  druppel: 'druppels',
  tablet: 'tabletten',
  capsule: 'capsules',
  zakje: 'zakjes',
  pleister: 'pleisters',
  ampul: 'ampullen',
  inhalatie: 'inhalaties',
  verstuiving: 'verstuivingen',
};

/** Short words used for some units in dosage texts (lower case display -> text word). */
export const UNIT_TEXT: Record<string, string> = {
  milliliter: 'ml',
};

/** The code system OID of G-standaard units (re-exported for readers of this table). */
export const GSTD_UNIT_SYSTEM = OID.gstdUnit;
