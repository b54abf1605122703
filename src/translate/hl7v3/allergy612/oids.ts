/**
 * Constants of the 6.12 ICA allergy conversion: interaction, OIDs, profiles, extensions and the code
 * tables it needs. Facts: ../shared/domain/fhir.md 2.6 and the expected Nictiz output
 * (fixtures/hl7v3/qualification/ica-612-allergy/CIO-01-AlleOnderdelen_999911235.fhir-stu3.xml).
 */

/** The answer interaction this translator reads ("Opleveren condities"). */
export const ROOT_INTERACTION = 'REPC_IN000024NL';

export const OID = {
  bsn: '2.16.840.1.113883.2.4.6.3',
  uziPerson: '2.16.528.1.1007.3.1',
  agb: '2.16.840.1.113883.2.4.6.1',
  ura: '2.16.528.1.1007.3.3',
  agbSpecialty: '2.16.840.1.113883.2.4.6.7',
  organizationType: '2.16.840.1.113883.2.4.15.1060',
  country: '2.16.840.1.113883.2.4.4.16.34',
  roleCode: '2.16.840.1.113883.5.111',
  uziRole: '2.16.840.1.113883.2.4.15.111',
} as const;

export const SYSTEM = {
  bsn: 'http://fhir.nl/fhir/NamingSystem/bsn',
  ura: 'http://fhir.nl/fhir/NamingSystem/ura',
  uzi: 'http://fhir.nl/fhir/NamingSystem/uzi-nr-pers',
  agb: 'http://fhir.nl/fhir/NamingSystem/agb-z',
  snomed: 'http://snomed.info/sct',
  actStatus: 'http://hl7.org/fhir/v3/ActStatus',
  addressUse: 'http://hl7.org/fhir/v3/AddressUse',
  administrativeGender: 'http://hl7.org/fhir/v3/AdministrativeGender',
  roleCode: 'http://hl7.org/fhir/v3/RoleCode',
  organizationType: 'http://nictiz.nl/fhir/NamingSystem/organization-type',
  uziRole: 'http://fhir.nl/fhir/NamingSystem/uzi-rolcode',
} as const;

export const PROFILE = {
  allergy: 'http://nictiz.nl/fhir/StructureDefinition/mp612-AllergyIntoleranceToFHIRConversion',
  patient: 'http://fhir.nl/fhir/StructureDefinition/nl-core-patient',
  practitioner: 'http://fhir.nl/fhir/StructureDefinition/nl-core-practitioner',
  practitionerRole: 'http://fhir.nl/fhir/StructureDefinition/nl-core-practitionerrole',
  organization: 'http://fhir.nl/fhir/StructureDefinition/nl-core-organization',
  relatedPerson: 'http://fhir.nl/fhir/StructureDefinition/nl-core-relatedperson',
} as const;

export const EXT = {
  codeSpecification: 'http://nictiz.nl/fhir/StructureDefinition/code-specification',
  practitionerRoleReference: 'http://nictiz.nl/fhir/StructureDefinition/practitionerrole-reference',
  dataAbsentReason: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason',
  telecomType: 'http://nictiz.nl/fhir/StructureDefinition/zib-ContactInformation-TelecomType',
  addressType: 'http://nictiz.nl/fhir/StructureDefinition/zib-AddressInformation-AddressType',
  streetName: 'http://hl7.org/fhir/StructureDefinition/iso21090-ADXP-streetName',
  houseNumber: 'http://hl7.org/fhir/StructureDefinition/iso21090-ADXP-houseNumber',
  buildingNumberSuffix: 'http://hl7.org/fhir/StructureDefinition/iso21090-ADXP-buildingNumberSuffix',
} as const;

/** Condition/code (ActCode) -> FHIR category: the 6.12 ICA codes are all medication-related. */
export const CATEGORY: Readonly<Record<string, { fhir: 'medication'; snomed: string; display: string }>> = {
  DINT: {
    fhir: 'medication',
    snomed: '419511003',
    display: 'neiging tot ongewenste reactie op medicatie en/of drug',
  },
  DALG: {
    fhir: 'medication',
    snomed: '419511003',
    display: 'neiging tot ongewenste reactie op medicatie en/of drug',
  },
  DNAINT: {
    fhir: 'medication',
    snomed: '419511003',
    display: 'neiging tot ongewenste reactie op medicatie en/of drug',
  },
  DNAALG: {
    fhir: 'medication',
    snomed: '419511003',
    display: 'neiging tot ongewenste reactie op medicatie en/of drug',
  },
};

/** Condition statusCode (ActStatus) -> AllergyIntolerance clinicalStatus (none for nullified). */
export const CLINICAL_STATUS: Readonly<
  Record<string, { fhir?: 'active' | 'inactive' | 'resolved'; display: string; enteredInError?: true }>
> = {
  active: { fhir: 'active', display: 'Actief' },
  completed: { fhir: 'resolved', display: 'Voltooid' },
  suspended: { fhir: 'inactive', display: 'Onderbroken' },
  aborted: { fhir: 'inactive', display: 'Afgebroken' },
  obsolete: { fhir: 'inactive', display: 'Vervallen' },
  nullified: { display: 'Geannuleerd', enteredInError: true },
};

/** AGB-medisch specialisme (COD016-VEKT) displays as the Nictiz output writes them (only codes seen so far). */
export const SPECIALTY_DISPLAY: Readonly<Record<string, string>> = {
  '0303': 'Medisch specialisten, chirurgie',
  '0305': 'Medisch specialisten, orthopedie',
  '0313': 'Medisch specialisten, inwendige geneeskunde',
};

/** UZI role codes (2.16.840.1.113883.2.4.15.111) displays (only codes seen so far). */
export const UZI_ROLE_DISPLAY: Readonly<Record<string, string>> = {
  '01.015': 'Huisarts',
};

/** Organization type (2.16.840.1.113883.2.4.15.1060) displays (only codes seen so far). */
export const ORGANIZATION_TYPE_DISPLAY: Readonly<Record<string, string>> = {
  Z4: 'Zelfstandig behandelcentrum',
};

/** GBA table 34 country code 6030 = the Netherlands. */
export const COUNTRY = { code: '6030', iso: 'NL', display: 'Nederland' } as const;
