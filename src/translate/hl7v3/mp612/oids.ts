/**
 * OIDs used by MP 6.12 messages and their FHIR counterparts, as named constants. Facts:
 * ../shared/domain/aorta.md sections 1.4 and 2.1, ../shared/domain/fhir.md section 2.2.
 */
export const OID = {
  hl7v3Namespace: 'urn:hl7-org:v3',
  bsn: '2.16.840.1.113883.2.4.6.3',
  uziPerson: '2.16.528.1.1007.3.1',
  ura: '2.16.528.1.1007.3.3',
  agb: '2.16.840.1.113883.2.4.6.1',
  gstdZi: '2.16.840.1.113883.2.4.4.8',
  gstdHpk: '2.16.840.1.113883.2.4.4.7',
  gstdGpk: '2.16.840.1.113883.2.4.4.1',
  gstdPrk: '2.16.840.1.113883.2.4.4.10',
  gstdSnk: '2.16.840.1.113883.2.4.4.1.750',
  gstdSsk: '2.16.840.1.113883.2.4.4.1.725',
  /** G-standaard thesaurus 902: units. */
  gstdUnit: '2.16.840.1.113883.2.4.4.1.900.2',
  /** G-standaard route of administration. */
  gstdRoute: '2.16.840.1.113883.2.4.4.9',
  /** NHG table 25 (gebruiksvoorschrift): zo-nodig criteria and additional instructions. */
  nhgTable25: '2.16.840.1.113883.2.4.4.5',
  administrativeGender: '2.16.840.1.113883.5.1',
  actCode: '2.16.840.1.113883.5.4',
} as const;

/** FHIR system URIs used by the mp612 conversion profiles. */
export const SYSTEM = {
  bsn: 'http://fhir.nl/fhir/NamingSystem/bsn',
  ura: 'http://fhir.nl/fhir/NamingSystem/ura',
  uzi: 'http://fhir.nl/fhir/NamingSystem/uzi-nr-pers',
  agb: 'http://fhir.nl/fhir/NamingSystem/agb-z',
  snomed: 'http://snomed.info/sct',
  ucum: 'http://unitsofmeasure.org',
  nullFlavor: 'http://hl7.org/fhir/v3/NullFlavor',
  administrativeGender: 'http://hl7.org/fhir/v3/AdministrativeGender',
  nhgTable25: 'https://referentiemodel.nhg.org/tabellen/nhg-tabel-25-gebruiksvoorschrift#aanvullend-numeriek',
} as const;

/** Profiles (meta.profile) of the 6.12 -> FHIR conversion. */
export const PROFILE = {
  administrationAgreement:
    'http://nictiz.nl/fhir/StructureDefinition/mp612-DispenseToFHIRConversion-AdministrationAgreement',
  dispense: 'http://nictiz.nl/fhir/StructureDefinition/mp612-DispenseToFHIRConversion-Dispense',
  product: 'http://nictiz.nl/fhir/StructureDefinition/mp612-DispenseToFHIRConversion-Product',
  patient: 'http://nictiz.nl/fhir/StructureDefinition/mp612-DispenseToFHIRConversion-Patient',
  organization: 'http://nictiz.nl/fhir/StructureDefinition/mp612-DispenseToFHIRConversion-Organization',
  practitioner: 'http://fhir.nl/fhir/StructureDefinition/nl-core-practitioner',
} as const;

/** Extension URLs. */
export const EXT = {
  authoredOn: 'http://nictiz.nl/fhir/StructureDefinition/zib-AdministrationAgreement-AuthoredOn',
  periodOfUse: 'http://nictiz.nl/fhir/StructureDefinition/zib-Medication-PeriodOfUse',
  duration: 'http://nictiz.nl/fhir/StructureDefinition/zib-MedicationUse-Duration',
  medicationTreatment: 'http://nictiz.nl/fhir/StructureDefinition/zib-Medication-MedicationTreatment',
  requestDate: 'http://nictiz.nl/fhir/StructureDefinition/zib-Dispense-RequestDate',
  cyclicalSchedule: 'http://nictiz.nl/fhir/StructureDefinition/zib-Medication-RepeatPeriodCyclicalSchedule',
  productDescription: 'http://nictiz.nl/fhir/StructureDefinition/zib-Product-Description',
  nullFlavor: 'http://hl7.org/fhir/StructureDefinition/iso21090-nullFlavor',
  dataAbsentReason: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason',
  assemblyOrder: 'http://hl7.org/fhir/StructureDefinition/humanname-assembly-order',
  ownPrefix: 'http://hl7.org/fhir/StructureDefinition/humanname-own-prefix',
  ownName: 'http://hl7.org/fhir/StructureDefinition/humanname-own-name',
  partnerPrefix: 'http://hl7.org/fhir/StructureDefinition/humanname-partner-prefix',
  partnerName: 'http://hl7.org/fhir/StructureDefinition/humanname-partner-name',
  enQualifier: 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-qualifier',
  codeSpecification: 'http://nictiz.nl/fhir/StructureDefinition/code-specification',
} as const;

/** `urn:oid:` form of an OID (how unknown code systems are written in FHIR). */
export function urnOid(oid: string): string {
  return `urn:oid:${oid}`;
}

const LEADING_ZEROS = /^0+(?=\d)/;

/** An OID with every node's leading zeros removed (`01234567` -> `1234567`); OID nodes have none. */
export function oidNode(digits: string): string {
  const stripped = digits.replace(LEADING_ZEROS, '');
  return stripped;
}
