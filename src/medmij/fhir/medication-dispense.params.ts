/**
 * Search parameters of MedicationDispense for Medicatieproces 9.0.7 on MedMij (TA, MVE and the 6.12
 * conversion): `../shared/domain/fhir.md` section 2.2, SearchParameters from Nictiz-STU3-Zib2017.
 *
 * `requestdate` and `periodofuse` inherit along the MedicationTreatment identifier: in the 6.12
 * conversion each LSP dispense becomes a TA (carrying the period of use) and an MVE (carrying the
 * request date) with the same MedicationTreatment identifier, and the qualification scripts
 * (Dispense612Conversion 3.1b-g) expect a filter on either date to keep or drop both halves together.
 * A resource's own value always wins; the fallback applies only to resources without one.
 */
import type * as fhir from 'fhir';
import { dateRange, periodRange, type DateRange } from './dates.ts';
import { ID_PARAM, codeableTokens, extensionsOf, identifierTokens, type SearchTable } from './params.ts';

export const EXT_REQUEST_DATE = 'http://nictiz.nl/fhir/StructureDefinition/zib-Dispense-RequestDate';
export const EXT_PERIOD_OF_USE = 'http://nictiz.nl/fhir/StructureDefinition/zib-Medication-PeriodOfUse';
export const EXT_MEDICATION_TREATMENT =
  'http://nictiz.nl/fhir/StructureDefinition/zib-Medication-MedicationTreatment';

/** Date ranges of the extensions with this url (valueDateTime, valueDate or valuePeriod). */
export function extensionDates(r: fhir.Resource, url: string): DateRange[] {
  const out: DateRange[] = [];
  for (const e of extensionsOf(r, url)) {
    const range =
      e.valuePeriod !== undefined
        ? periodRange(e.valuePeriod)
        : e.valueDateTime !== undefined
          ? dateRange(e.valueDateTime)
          : e.valueDate !== undefined
            ? dateRange(e.valueDate)
            : undefined;
    if (range) out.push(range);
  }
  return out;
}

/** `system|value` of the resource's MedicationTreatment identifier, the key TA and MVE share. */
export function medicationTreatmentKey(r: fhir.Resource): string | undefined {
  const id = extensionsOf(r, EXT_MEDICATION_TREATMENT)[0]?.valueIdentifier;
  return id?.value === undefined ? undefined : `${id.system ?? ''}|${id.value}`;
}

const dispense = (r: fhir.Resource): fhir.MedicationDispense => r as fhir.MedicationDispense;

/** `medicationtreatment`: the zib-Medication-MedicationTreatment identifier (every medication building block). */
export const MEDICATION_TREATMENT_PARAM: SearchTable['params'][string] = {
  kind: 'token',
  values: (r) =>
    extensionsOf(r, EXT_MEDICATION_TREATMENT).flatMap((e) =>
      e.valueIdentifier ? identifierTokens([e.valueIdentifier]) : [],
    ),
  definition: 'http://nictiz.nl/fhir/SearchParameter/Medications-medicationtreatment',
};

export const MEDICATION_DISPENSE: SearchTable = {
  resourceType: 'MedicationDispense',
  params: {
    _id: ID_PARAM,
    identifier: {
      kind: 'token',
      values: (r) => identifierTokens(dispense(r).identifier),
      definition: 'http://hl7.org/fhir/SearchParameter/MedicationDispense-identifier',
    },
    category: {
      kind: 'token',
      values: (r) => codeableTokens(dispense(r).category),
      definition: 'http://nictiz.nl/fhir/SearchParameter/Medications-category',
    },
    medicationtreatment: MEDICATION_TREATMENT_PARAM,
    requestdate: {
      kind: 'date',
      values: (r) => extensionDates(r, EXT_REQUEST_DATE),
      inheritKey: medicationTreatmentKey,
      definition: 'http://nictiz.nl/fhir/SearchParameter/MedicationDispense-requestdate',
    },
    periodofuse: {
      kind: 'date',
      values: (r) => extensionDates(r, EXT_PERIOD_OF_USE),
      inheritKey: medicationTreatmentKey,
      definition: 'http://nictiz.nl/fhir/SearchParameter/Medications-periodofuse',
    },
    whenhandedover: {
      kind: 'date',
      values: (r) => {
        const v = dispense(r).whenHandedOver;
        const range = v === undefined ? undefined : dateRange(v);
        return range ? [range] : [];
      },
      definition: 'http://hl7.org/fhir/SearchParameter/MedicationDispense-whenhandedover',
    },
    'medication.code': {
      kind: 'chain',
      references: (r) => {
        const ref = dispense(r).medicationReference;
        return ref ? [ref] : [];
      },
      targetType: 'Medication',
      values: (m) => codeableTokens((m as fhir.Medication).code),
      documentation: 'Chained search on the referenced Medication.code (G-standaard urn:oid systems).',
    },
  },
  includes: {
    'MedicationDispense:medication': (r) => {
      const ref = dispense(r).medicationReference;
      return ref ? [ref] : [];
    },
    'MedicationDispense:patient': (r) => {
      const ref = dispense(r).subject;
      return ref ? [ref] : [];
    },
    'MedicationDispense:performer': (r) =>
      (dispense(r).performer ?? []).flatMap((p) => (p.actor ? [p.actor] : [])),
  },
};
