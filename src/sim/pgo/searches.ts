/** The FHIR search the demo PGO runs for each data service (a path relative to the service's base). */

/** The Nictiz medication search (MP 9.0.7, "Verstrekkingen" with medication, patient, performer). */
export const MEDICATION_DISPENSE_SEARCH =
  'MedicationDispense?category=http://snomed.info/sct|373784005,http://snomed.info/sct|422037009' +
  '&_include=MedicationDispense:medication&_include=MedicationDispense:patient&_include=MedicationDispense:performer';

const SEARCHES: Record<string, string> = {
  '31': MEDICATION_DISPENSE_SEARCH,
  '58': 'AllergyIntolerance',
  '49': 'Patient',
};

/**
 * The search path for a data service (the raw answer is shown for all but 31).
 * @param serviceId - gegevensdienst id
 */
export function searchFor(serviceId: string): string {
  return SEARCHES[serviceId] ?? 'Patient';
}

/**
 * The full search URL.
 * @param backchannelUrl - the gateway's back-channel URL
 * @param provider - provider naam
 * @param serviceId - gegevensdienst id
 */
export function searchUrl(backchannelUrl: string, provider: string, serviceId: string): string {
  return `${backchannelUrl}/fhir/${encodeURIComponent(provider)}/${encodeURIComponent(serviceId)}/stu3/${searchFor(serviceId)}`;
}
