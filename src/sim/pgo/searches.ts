/**
 * The FHIR searches the demo PGO runs for a data service, read from the registry: one per search
 * binding, as MedMij asks it (the binding's categories, comma-separated, and its includes), so every
 * building block a service declares (on 31: the 6.12 conversion and MP 9 TA, MVE, MA, VV and MGB)
 * shows in the demo without a list of its own here. Only the Dutch headings are the demo's.
 */
import type { SearchBinding } from '../../services/binding.ts';
import type { DataService } from '../../services/registry.ts';

/** One search of the demo: a heading and the path below the service's FHIR base. */
export interface DemoSearch {
  label: string;
  resourceType: string;
  path: string;
}

/** Dutch headings by profile (presentation only; a profile without one shows its resource type). */
const LABELS: Readonly<Record<string, string>> = {
  'http://nictiz.nl/fhir/StructureDefinition/mp612-DispenseToFHIRConversion-Dispense':
    'Verstrekkingen en toedieningsafspraken (6.12)',
  'http://nictiz.nl/fhir/StructureDefinition/zib-AdministrationAgreement': 'Toedieningsafspraken',
  'http://nictiz.nl/fhir/StructureDefinition/zib-Dispense': 'Verstrekkingen',
  'http://nictiz.nl/fhir/StructureDefinition/zib-MedicationAgreement': 'Medicatieafspraken',
  'http://nictiz.nl/fhir/StructureDefinition/zib-DispenseRequest': 'Verstrekkingsverzoeken',
  'http://nictiz.nl/fhir/StructureDefinition/zib-MedicationUse': 'Medicatiegebruik',
  'http://nictiz.nl/fhir/StructureDefinition/mp612-AllergyIntoleranceToFHIRConversion':
    'Overgevoeligheden (6.12)',
  'http://nictiz.nl/fhir/StructureDefinition/zib-AllergyIntolerance': 'Allergieën',
  'http://fhir.nl/fhir/StructureDefinition/nl-core-patient': 'Patiënt en huisarts',
  'http://fhir.nl/fhir/StructureDefinition/nl-core-episodeofcare': 'Episodes',
  'http://nictiz.nl/fhir/StructureDefinition/gp-Encounter': 'Contacten',
  'http://nictiz.nl/fhir/StructureDefinition/gp-EncounterReport': 'Journaal',
  'http://nictiz.nl/fhir/StructureDefinition/gp-DiagnosticResult': 'Uitslagen',
};

/**
 * The search path of a binding: its type, its categories (one comma-separated `category`) and its
 * includes, e.g. the 6.12 conversion's `MedicationDispense?category=...|373784005,...|422037009&_include=...`.
 * @param b - the binding
 */
export function searchPath(b: SearchBinding): string {
  const params: string[] = [];
  if (b.categories && b.categories.length > 0)
    params.push(`category=${b.categories.map((c) => `${c.system}|${c.code}`).join(',')}`);
  for (const i of b.includes) params.push(`_include=${i}`);
  return params.length === 0 ? b.resourceType : `${b.resourceType}?${params.join('&')}`;
}

/**
 * The demo's searches for a data service, in the registry's order.
 * @param service - the data service
 */
export function demoSearches(service: DataService): DemoSearch[] {
  return service.searches.map((b) => ({
    label: LABELS[b.profile] ?? b.resourceType,
    resourceType: b.resourceType,
    path: searchPath(b),
  }));
}

/**
 * The full search URL.
 * @param backchannelUrl - the gateway's back-channel URL
 * @param provider - provider naam
 * @param serviceId - gegevensdienst id
 * @param path - the search below the service's base (`demoSearches`)
 */
export function searchUrl(backchannelUrl: string, provider: string, serviceId: string, path: string): string {
  return `${backchannelUrl}/fhir/${encodeURIComponent(provider)}/${encodeURIComponent(serviceId)}/stu3/${path}`;
}
