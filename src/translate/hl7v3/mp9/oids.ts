/**
 * Constants of the MP 9 building blocks Brug reads from the LSP (aorta.md 2.2) and the MedMij 9.0.7
 * profiles, categories and extensions they become (fhir.md 2.2, Nictiz zib2017 STU3 profiles):
 * medication agreement (MA), dispense request (VV), administration agreement (TA), dispense (MVE) and
 * medication use (MGB).
 */

/** Answer interactions (MP 9, as VZVZ maps them). */
export const MP9_AGREEMENTS_INTERACTION = 'QUMA_IN991203NL04';
export const MP9_DISPENSE_REQUESTS_INTERACTION = 'QUVV_IN992203NL03';
export const MP9_ADMINISTRATION_AGREEMENTS_INTERACTION = 'QUTA_IN991213NL02';
export const MP9_DISPENSES_INTERACTION = 'QUMV_IN992213NL02';
export const MP9_MEDICATION_USE_INTERACTION = 'QUMG_IN991223NL02';

export const PROFILE = {
  dispenseRequest: 'http://nictiz.nl/fhir/StructureDefinition/zib-DispenseRequest',
  administrationAgreement: 'http://nictiz.nl/fhir/StructureDefinition/zib-AdministrationAgreement',
  dispense: 'http://nictiz.nl/fhir/StructureDefinition/zib-Dispense',
  medicationUse: 'http://nictiz.nl/fhir/StructureDefinition/zib-MedicationUse',
  product: 'http://nictiz.nl/fhir/StructureDefinition/zib-Product',
} as const;

const NICTIZ = 'http://nictiz.nl/fhir/StructureDefinition';

/** Extensions of the MP 9.0.7 zib profiles. */
export const EXT = {
  medicationTreatment: `${NICTIZ}/zib-Medication-MedicationTreatment`,
  periodOfUse: `${NICTIZ}/zib-Medication-PeriodOfUse`,
  useDuration: `${NICTIZ}/zib-MedicationUse-Duration`,
  additionalInformation: `${NICTIZ}/zib-Medication-AdditionalInformation`,
  stopType: `${NICTIZ}/zib-Medication-StopType`,
  agreementAuthoredOn: `${NICTIZ}/zib-AdministrationAgreement-AuthoredOn`,
  agreementReason: `${NICTIZ}/zib-AdministrationAgreement-AgreementReason`,
  relatedAgreement: `${NICTIZ}/zib-DispenseRequest-RelatedMedicationAgreement`,
  dispenseLocation: `${NICTIZ}/zib-Dispense-Location`,
  requestDate: `${NICTIZ}/zib-Dispense-RequestDate`,
  distributionForm: `${NICTIZ}/zib-Dispense-DistributionForm`,
  asAgreed: `${NICTIZ}/zib-MedicationUse-AsAgreedIndicator`,
  prescriber: `${NICTIZ}/zib-MedicationUse-Prescriber`,
  useAuthor: `${NICTIZ}/zib-MedicationUse-Author`,
  changeReason: `${NICTIZ}/zib-MedicationUse-ReasonForChangeOrDiscontinuationOfUse`,
} as const;

const SNOMED = 'http://snomed.info/sct';

/** The category of each building block (code, the SNOMED display, and the Dutch name as text). */
export const CATEGORY = {
  dispenseRequest: {
    system: SNOMED,
    code: '52711000146108',
    display: 'Request to dispense medication to patient (situation)',
    text: 'Verstrekkingsverzoek',
  },
  administrationAgreement: {
    system: SNOMED,
    code: '422037009',
    display: 'Provider medication administration instructions (procedure)',
    text: 'Toedieningsafspraak',
  },
  dispense: {
    system: SNOMED,
    code: '373784005',
    display: 'Dispensing medication (procedure)',
    text: 'Verstrekking',
  },
} as const;

/** MedicationStatement.category of a medication use (fhir.md 2.2, the MedMij MGB search). */
export const MEDICATION_USE_CATEGORY = {
  system: 'urn:oid:2.16.840.1.113883.2.4.3.11.60.20.77.5.3',
  code: '6',
  display: 'Medicatiegebruik',
} as const;

/** HL7v3 template ids (root 2.16.840.1.113883.2.4.3.11.60.20.77.10.<n>) of the parts Brug reads. */
const T = '2.16.840.1.113883.2.4.3.11.60.20.77.10';
export const TEMPLATE = {
  dosing: `${T}.9149`,
  medicationTreatment: `${T}.9084`,
  agreementRef: `${T}.9086`,
  administrationAgreementRef: `${T}.9101`,
  dispenseRef: `${T}.9102`,
  dispenseRequestRef: `${T}.9096`,
  prescriberRef: `${T}.9166`,
  comment: `${T}.9069`,
  additionalInstruction: `${T}.9085`,
  agreementReason: `${T}.9083`,
  additionalInformation: `${T}.9175`,
  additionalWish: `${T}.9093`,
  requestDate: `${T}.9095`,
  distributionForm: `${T}.9097`,
  useReason: `${T}.9114`,
  changeReason: [`${T}.9115`, `${T}.9271`],
  asAgreed: [`${T}.9117`, `${T}.9317`],
  useIndicator: `${T}.9189`,
} as const;

/** The template id of a comment (toelichting) in later MP 9 versions (zib Comment, 3.10.0.32). */
export const COMMENT_TEMPLATE_ZIB = '2.16.840.1.113883.2.4.3.11.60.3.10.0.32';

/** Medication use statusCode (ActStatus) -> MedicationStatement.status. */
export const MEDICATION_USE_STATUS: Readonly<
  Record<string, 'active' | 'completed' | 'entered-in-error' | 'stopped' | 'on-hold'>
> = {
  active: 'active',
  completed: 'completed',
  aborted: 'stopped',
  suspended: 'on-hold',
  nullified: 'entered-in-error',
};

/**
 * Administration agreement / dispense statusCode -> MedicationDispense.status. The Nictiz 9.0.7
 * mapping writes a status only for a cancelled building block ("geannuleerd"); a current one has none.
 */
export const DISPENSE_STATUS: Readonly<Record<string, 'entered-in-error' | undefined>> = {
  active: undefined,
  completed: undefined,
  nullified: 'entered-in-error',
};

/** The HL7 code for "the patient himself" (an author or informant that is the patient). */
export const ONESELF = 'ONESELF';
