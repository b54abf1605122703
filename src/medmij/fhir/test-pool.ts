/**
 * A small pool in the shape of the 6.12 conversion (TA + MVE per dispense, sharing a MedicationTreatment
 * identifier; Medication, Patient and Organization to include), for this folder's tests. Dates are
 * absolute so the tests do not depend on today.
 */
import type * as fhir from 'fhir';
import {
  EXT_MEDICATION_TREATMENT,
  EXT_PERIOD_OF_USE,
  EXT_REQUEST_DATE,
} from './medication-dispense.params.ts';
import type { PooledResource, TokenContext } from './types.ts';

export const SNOMED = 'http://snomed.info/sct';
export const TA = '422037009';
export const MVE = '373784005';
export const ZI = 'urn:oid:2.16.840.1.113883.2.4.4.8';
export const HPK = 'urn:oid:2.16.840.1.113883.2.4.4.7';
export const PRK = 'urn:oid:2.16.840.1.113883.2.4.4.10';
export const GPK = 'urn:oid:2.16.840.1.113883.2.4.4.1';
export const TREATMENT_SYSTEM = 'urn:oid:2.16.840.1.113883.2.4.3.11.999.77.373784005.1';
export const TEST_BSN = '999911715';

const PROFILE = 'http://nictiz.nl/fhir/StructureDefinition/mp612-DispenseToFHIRConversion-';
const ORG_DISPLAY = "Organisatie met id '01234567' in identificerend systeem '2.16.528.1.1007.3.3'.";

function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
}

export const PATIENT: PooledResource = {
  fullUrl: `urn:uuid:${uuid(900)}`,
  resource: {
    resourceType: 'Patient',
    id: uuid(900),
    meta: { profile: [`${PROFILE}Patient`] },
    identifier: [
      {
        system: 'http://fhir.nl/fhir/NamingSystem/bsn',
        _value: {
          extension: [
            { url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'masked' },
          ],
        },
      },
    ],
    name: [{ family: 'XXX_Bekker', given: ['Hanneke'] }],
    gender: 'female',
    birthDate: '1960-01-01',
  },
};

export const ORGANIZATION: PooledResource = {
  fullUrl: 'urn:oid:2.16.528.1.1007.3.3.1234567',
  resource: {
    resourceType: 'Organization',
    id: '2.16.528.1.1007.3.3.1234567',
    meta: { profile: [`${PROFILE}Organization`] },
    identifier: [{ system: 'http://fhir.nl/fhir/NamingSystem/ura', value: '01234567' }],
  },
};

/** Paracetamol: ZI, HPK, PRK and GPK codings; referenced by urn:uuid. */
export const MED_1: PooledResource = {
  fullUrl: `urn:uuid:${uuid(801)}`,
  resource: {
    resourceType: 'Medication',
    id: uuid(801),
    meta: { profile: [`${PROFILE}Product`] },
    code: {
      coding: [
        { system: ZI, code: '15401367', display: 'PARACETAMOL PCH TABLET 500MG', userSelected: true },
        { system: HPK, code: '1234567', display: 'PARACETAMOL PCH TABLET 500MG' },
        { system: PRK, code: '3956', display: 'PARACETAMOL 500MG TABLET' },
        { system: GPK, code: '2194', display: 'PARACETAMOL TABLET 500MG' },
      ],
      text: 'PARACETAMOL PCH TABLET 500MG',
    },
  },
};

/** Ibuprofen: ZI and PRK; served under an http fullUrl and referenced as `Medication/med-2`. */
export const MED_2: PooledResource = {
  fullUrl: 'https://dvza.example.org/fhir/Medication/med-2',
  resource: {
    resourceType: 'Medication',
    id: 'med-2',
    meta: { profile: [`${PROFILE}Product`] },
    code: {
      coding: [
        { system: ZI, code: '13550055', display: 'IBUPROFEN PCH TABLET 600MG' },
        { system: PRK, code: '67903', display: 'IBUPROFEN 600MG TABLET' },
      ],
      text: 'IBUPROFEN PCH TABLET 600MG',
    },
  },
};

function treatment(key: string): fhir.Extension {
  return { url: EXT_MEDICATION_TREATMENT, valueIdentifier: { system: TREATMENT_SYSTEM, value: key } };
}

function category(code: string): fhir.CodeableConcept {
  return {
    coding: [
      {
        system: SNOMED,
        code,
        display:
          code === TA
            ? 'Provider medication administration instructions (procedure)'
            : 'Dispensing medication (procedure)',
      },
    ],
    text: code === TA ? 'Toedieningsafspraak' : 'Medicatieverstrekking',
  };
}

function common(
  med: PooledResource,
): Pick<fhir.MedicationDispense, 'medicationReference' | 'subject' | 'performer'> {
  const ref = med === MED_2 ? 'Medication/med-2' : med.fullUrl;
  return {
    medicationReference: {
      reference: ref,
      display: (med.resource as fhir.Medication).code?.text ?? 'medication',
    },
    subject: { reference: PATIENT.fullUrl, display: 'Hanneke XXX_Bekker' },
    performer: [{ actor: { reference: ORGANIZATION.fullUrl, display: ORG_DISPLAY } }],
  };
}

function ta(n: number, key: string, med: PooledResource, period?: fhir.Period): PooledResource {
  const extension: fhir.Extension[] = [];
  if (period) extension.push({ url: EXT_PERIOD_OF_USE, valuePeriod: period });
  extension.push(treatment(key));
  return {
    fullUrl: `urn:uuid:${uuid(n)}`,
    resource: {
      resourceType: 'MedicationDispense',
      id: uuid(n),
      meta: { profile: [`${PROFILE}AdministrationAgreement`] },
      extension,
      category: category(TA),
      ...common(med),
    },
  };
}

function mve(n: number, key: string, med: PooledResource, requestDate?: string): PooledResource {
  const extension: fhir.Extension[] = [];
  if (requestDate) extension.push({ url: EXT_REQUEST_DATE, valueDateTime: requestDate });
  extension.push(treatment(key));
  return {
    fullUrl: `urn:uuid:${uuid(n)}`,
    resource: {
      resourceType: 'MedicationDispense',
      id: uuid(n),
      meta: { profile: [`${PROFILE}Dispense`] },
      extension,
      identifier: [{ system: TREATMENT_SYSTEM, value: key }],
      category: category(MVE),
      ...common(med),
      quantity: { value: 20, unit: 'stuk', system: 'urn:oid:2.16.840.1.113883.2.4.4.1.900.2', code: '245' },
    },
  };
}

/** Pair A: paracetamol, November 2026. */
export const TA_A = ta(1, 'A', MED_1, { start: '2026-11-01', end: '2026-11-30T23:59:59+01:00' });
export const MVE_A = mve(2, 'A', MED_1, '2026-11-01');
/** Pair B: ibuprofen, June 2026. */
export const TA_B = ta(3, 'B', MED_2, { start: '2026-06-01', end: '2026-06-30T23:59:59+02:00' });
export const MVE_B = mve(4, 'B', MED_2, '2026-06-01');
/** Pair C: paracetamol from 1 December 2026, no end. */
export const TA_C = ta(5, 'C', MED_1, { start: '2026-12-01' });
export const MVE_C = mve(6, 'C', MED_1, '2026-12-01T09:30:00+01:00');
/** Pair D: ibuprofen with neither a period of use nor a request date. */
export const TA_D = ta(7, 'D', MED_2);
export const MVE_D = mve(8, 'D', MED_2);

/** The whole pool, in the order a source would produce it. */
export function testPool(): PooledResource[] {
  return [TA_A, MVE_A, TA_B, MVE_B, TA_C, MVE_C, TA_D, MVE_D, MED_1, MED_2, PATIENT, ORGANIZATION];
}

/** A token for provider `ggzdemo`, data service 31. */
export function testToken(over: Partial<TokenContext> = {}): TokenContext {
  return {
    grantId: 'g-1',
    clientId: 'pgo.example.nl',
    provider: 'ggzdemo',
    services: ['31'],
    bsn: TEST_BSN,
    auth: { time: 1_796_000_000, level: 'substantieel', assertionId: 'a-1' },
    ...over,
  };
}
