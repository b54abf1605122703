/**
 * The MedMij data services (gegevensdiensten) Brug can offer, with their default ids, list names and
 * system-role codes. These are defaults only: ids and role codes are configuration, never constants in
 * logic, because several are unverified (../shared/domain/medmij.md section 4). The registry that ties
 * each service to its FHIR searches, HL7v3 queries and translators is built from these.
 */
/** The kinds Brug ships: the stable keys that tie a configured id to its searches and translators. */
export type DataServiceKind = 'medication-612' | 'gp-data' | 'allergy-612';

export interface DataServiceInfo {
  /** Gegevensdienst id as in the Gegevensdienstnamenlijst. */
  id: string;
  /**
   * What it serves: a key into the registry's searches (`SEARCHES_BY_KIND`, or the table passed to
   * `createRegistry`). A new data service that reuses existing translators is a new key there only.
   */
  kind: DataServiceKind | (string & {});
  /** Weergavenaam (display name) from the Gegevensdienstnamenlijst. */
  name: string;
  /** System role code for our ZAL entries ([UNVERIFIED] for 31 and 58). */
  systemRole: string;
  /**
   * All system-role codes when the service has more than one (each gets its own ZAL endpoint, see
   * `endpoints.ts`); unset = just `systemRole`.
   */
  systemRoles?: readonly string[];
  fhirVersion: 'STU3';
  /** Whether long-lived consent ("voor onbepaalde tijd") is offered for this service. */
  longLivedConsent: boolean;
}

export const DEFAULT_DATA_SERVICES: readonly DataServiceInfo[] = [
  {
    id: '31',
    kind: 'medication-612',
    name: 'Verzamelen Medicatiegegevens 9.0',
    systemRole: 'MP-9.0.7-MGB-FHIR',
    fhirVersion: 'STU3',
    longLivedConsent: true,
  },
  {
    id: '49',
    kind: 'gp-data',
    name: 'Verzamelen Huisartsgegevens 2.0',
    systemRole: 'MM-2.0-HGB-FHIR',
    fhirVersion: 'STU3',
    longLivedConsent: true,
  },
  {
    id: '58',
    kind: 'allergy-612',
    name: 'Medicatiegerelateerde overgevoeligheden 2.A',
    systemRole: 'MM-2.A-AIB-FHIR',
    fhirVersion: 'STU3',
    longLivedConsent: true,
  },
];
