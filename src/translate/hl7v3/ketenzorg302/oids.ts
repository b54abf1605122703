/**
 * Constants of the Ketenzorg 3.0.2 -> MedMij Huisartsgegevens 2.0 conversion: interactions, systems,
 * profiles, extensions and code tables. Facts: ../shared/domain/aorta.md 2.3, ../shared/domain/fhir.md
 * 2.4 and the expected Nictiz outputs in fixtures/hl7v3/qualification/gp-cevat/.
 */

/** Answer interactions (Ketenzorg 3.0.2 "beschikbaarstellen"). */
export const EPISODES_INTERACTION = 'REPC_IN990111NL';
export const CONTACTS_INTERACTION = 'PRPA_IN900350NL';
export const CONTACT_REPORTS_INTERACTION = 'REPC_IN990101NL';
export const GENERAL_OBSERVATIONS_INTERACTION = 'POOB_IN990003NL';
export const MEDICATION_AGREEMENTS_INTERACTION = 'QUMA_IN991203NL02';
export const LAB_RESULTS_INTERACTION = 'POLB_IN364001NL03';
export const ALLERGIES_INTERACTION = 'REPC_IN990131NL';

export const OID = {
  icpc: '2.16.840.1.113883.2.4.4.31.1',
  snomed: '2.16.840.1.113883.6.96',
  nhgTable14: '2.16.840.1.113883.2.4.4.30.14',
  loinc: '2.16.840.1.113883.6.1',
  nhgTable45: '2.16.840.1.113883.2.4.4.30.45',
  nhgTable45Results: '2.16.840.1.113883.2.4.4.30.1045',
  observationInterpretation: '2.16.840.1.113883.5.83',
  /** Ketenzorg template ids of the journal line acts (S, O, E, P) and of a diagnosis. */
  templateS: '2.16.840.1.113883.2.4.3.11.60.66.10.208',
  templateO: '2.16.840.1.113883.2.4.3.11.60.66.10.209',
  templateE: '2.16.840.1.113883.2.4.3.11.60.66.10.210',
  templateP: '2.16.840.1.113883.2.4.3.11.60.66.10.211',
} as const;

export const SYSTEM = {
  icpc: 'http://hl7.org/fhir/sid/icpc-1-nl',
  snomed: 'http://snomed.info/sct',
  actStatus: 'http://hl7.org/fhir/v3/ActStatus',
  actCode: 'http://hl7.org/fhir/v3/ActCode',
  participationType: 'http://hl7.org/fhir/v3/ParticipationType',
  nhgTable14: 'https://referentiemodel.nhg.org/tabellen/nhg-tabel-14-contactwijze',
  loinc: 'http://loinc.org',
  nhgTable45: 'https://referentiemodel.nhg.org/tabellen/nhg-tabel-45-diagnostische-bepalingen',
  nhgTable45Results:
    'https://referentiemodel.nhg.org/tabellen/nhg-tabel-45-diagnostische-bepalingen#resultaten',
  observationInterpretation: 'http://hl7.org/fhir/v3/ObservationInterpretation',
  referenceRangeMeaning: 'http://hl7.org/fhir/referencerange-meaning',
  ucum: 'http://unitsofmeasure.org',
  journalLineType: 'http://fhir.nl/fhir/NamingSystem/journaalregeltypen',
} as const;

export const PROFILE = {
  episodeOfCare: 'http://fhir.nl/fhir/StructureDefinition/nl-core-episodeofcare',
  problem: 'http://nictiz.nl/fhir/StructureDefinition/zib-Problem',
  encounter: 'http://nictiz.nl/fhir/StructureDefinition/gp-Encounter',
  encounterReport: 'http://nictiz.nl/fhir/StructureDefinition/gp-EncounterReport',
  journalEntry: 'http://nictiz.nl/fhir/StructureDefinition/gp-JournalEntry',
  diagnosticResult: 'http://nictiz.nl/fhir/StructureDefinition/gp-DiagnosticResult',
  laboratoryResult: 'http://nictiz.nl/fhir/StructureDefinition/gp-LaboratoryResult',
  medicationAgreement: 'http://nictiz.nl/fhir/StructureDefinition/zib-MedicationAgreement',
  product: 'http://nictiz.nl/fhir/StructureDefinition/zib-Product',
  allergyIntolerance: 'http://nictiz.nl/fhir/StructureDefinition/zib-AllergyIntolerance',
} as const;

export const EXT = {
  episodeTitle: 'http://nictiz.nl/fhir/StructureDefinition/EpisodeOfCare-Title',
  practitionerRoleReference: 'http://nictiz.nl/fhir/StructureDefinition/practitionerrole-reference',
  icpcCode: 'http://nictiz.nl/fhir/StructureDefinition/code-icpc-1-nl',
  episodeContext: 'http://nictiz.nl/fhir/StructureDefinition/extension-context-nl-core-episodeofcare',
  nullFlavor: 'http://hl7.org/fhir/StructureDefinition/iso21090-nullFlavor',
  periodOfUse: 'http://nictiz.nl/fhir/StructureDefinition/zib-Medication-PeriodOfUse',
  medicationTreatment: 'http://nictiz.nl/fhir/StructureDefinition/zib-Medication-MedicationTreatment',
} as const;

/** Journal line type by template id, and its display. */
export const JOURNAL_LINE: Readonly<Record<string, { type: 'S' | 'O' | 'E' | 'P'; display: string }>> = {
  [OID.templateS]: { type: 'S', display: 'Subjectief' },
  [OID.templateO]: { type: 'O', display: 'Objectief' },
  [OID.templateE]: { type: 'E', display: 'Evaluatie' },
  [OID.templateP]: { type: 'P', display: 'Plan' },
};

/** The journal line types a patient may see: MedMij GP data shares E and P lines, never S or O (fhir.md 2.4). */
export const SHARED_LINE_TYPES: ReadonlySet<string> = new Set(['E', 'P']);

/** Composition.type of a contact report (LOINC 67781-5). */
export const REPORT_TYPE = {
  system: SYSTEM.loinc,
  code: '67781-5',
  display: 'Summarization of encounter note Narrative',
} as const;

/** Observation.component code of an E line's diagnosis (v3 ActCode DISDX). */
export const DIAGNOSIS_COMPONENT = {
  system: SYSTEM.actCode,
  code: 'DISDX',
  display: 'discharge diagnosis',
} as const;

/**
 * NHG table 14 contactwijze -> Encounter.class (v3 ActCode). Only codes seen in the qualification data
 * are listed; another code gives no class (the type still carries it) rather than a guess.
 */
export const CONTACT_CLASS: Readonly<Record<string, { code: string; display: string }>> = {
  '03': { code: 'AMB', display: 'Ambulatory' },
};

/** Contact statusCode -> Encounter.status; no statusCode means a contact that took place. */
export const ENCOUNTER_STATUS: Readonly<
  Record<string, 'finished' | 'in-progress' | 'cancelled' | 'entered-in-error'>
> = {
  completed: 'finished',
  active: 'in-progress',
  aborted: 'cancelled',
  cancelled: 'cancelled',
  nullified: 'entered-in-error',
};

/** Concern statusCode (ActStatus) -> EpisodeOfCare.status. */
export const EPISODE_STATUS: Readonly<
  Record<string, 'active' | 'finished' | 'onhold' | 'cancelled' | 'entered-in-error'>
> = {
  active: 'active',
  completed: 'finished',
  suspended: 'onhold',
  aborted: 'cancelled',
  nullified: 'entered-in-error',
};

/** Concern statusCode -> Condition clinicalStatus, with the zib ProblemStatus SNOMED code. */
export const PROBLEM_STATUS: Readonly<
  Record<string, { fhir: 'active' | 'inactive' | 'resolved'; snomed: string; display: string }>
> = {
  active: { fhir: 'active', snomed: '55561003', display: 'Active' },
  suspended: { fhir: 'inactive', snomed: '73425007', display: 'Inactive' },
  completed: { fhir: 'resolved', snomed: '73425007', display: 'Inactive' },
};

/** EpisodeOfCare.type of a GP episode (SNOMED 64572001 "aandoening", as the Nictiz output writes it). */
export const EPISODE_TYPE = { system: SYSTEM.snomed, code: '64572001', display: 'aandoening' } as const;

/**
 * Observation.category of a GP lab result: SNOMED 275711006, the laboratory category of
 * zib-LaboratoryTestResult that the BgZ lab search asks for (fhir.md 2.3). [UNVERIFIED] for
 * gp-LaboratoryResult: no Nictiz Ketenzorg lab output was found; the display is configurable here.
 */
export const LAB_CATEGORY = {
  system: SYSTEM.snomed,
  code: '275711006',
  display: 'Chemistry procedure',
} as const;

/** Observation statusCode -> Observation.status. */
export const OBSERVATION_STATUS: Readonly<
  Record<string, 'final' | 'preliminary' | 'cancelled' | 'entered-in-error'>
> = {
  completed: 'final',
  active: 'preliminary',
  aborted: 'cancelled',
  nullified: 'entered-in-error',
};

/** MedicationRequest.category of a medication agreement (SNOMED 16076005, text as the Nictiz output writes it). */
export const AGREEMENT_CATEGORY = {
  system: SYSTEM.snomed,
  code: '16076005',
  display: 'Prescription (procedure)',
  text: 'Medicatieafspraak',
} as const;

/** Medication agreement statusCode -> MedicationRequest.status; no statusCode gives no status. */
export const AGREEMENT_STATUS: Readonly<
  Record<string, 'active' | 'on-hold' | 'cancelled' | 'completed' | 'entered-in-error' | 'stopped'>
> = {
  active: 'active',
  completed: 'completed',
  suspended: 'on-hold',
  aborted: 'stopped',
  cancelled: 'cancelled',
  nullified: 'entered-in-error',
};

/**
 * The allergy observation's value (SNOMED propensity) -> AllergyIntolerance.category, with the display
 * the Nictiz output gives the code-specification. Only the code seen in the Ketenzorg example is
 * listed; another gives no category rather than a guess.
 */
export const ALLERGY_CATEGORY: Readonly<Record<string, { fhir: 'medication'; display: string }>> = {
  '419511003': { fhir: 'medication', display: 'neiging tot ongewenste reactie op medicatie en/of drug' },
};

/** Concern statusCode (ActStatus) -> AllergyIntolerance.clinicalStatus; nullified = entered in error. */
export const ALLERGY_STATUS: Readonly<
  Record<string, 'active' | 'inactive' | 'resolved' | 'entered-in-error'>
> = {
  active: 'active',
  completed: 'resolved',
  suspended: 'inactive',
  aborted: 'inactive',
  nullified: 'entered-in-error',
};
