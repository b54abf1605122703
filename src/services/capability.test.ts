/**
 * The CapabilityStatement per endpoint comes from the registry: each resource type with the profile of
 * its bindings (or, when bindings of one type differ, their profiles in the documentation and in the
 * statement's `profile` list) and exactly the parameters and includes its bindings declare.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testConfig } from '../config.ts';
import { toFhirXml } from '../medmij/fhir/index.ts';
import { DEFAULT_DATA_SERVICES } from './catalogue.ts';
import { capabilityFor } from './capability.ts';
import { createRegistry } from './registry.ts';

const registry = createRegistry(DEFAULT_DATA_SERVICES);
const config = testConfig('/tmp/brug-capability-test');

function resource(
  serviceId: string,
  type: string,
): Record<string, unknown> & { searchParam?: { name: string }[] } {
  const cs = capabilityFor(registry, config, 'ggzdemo', serviceId)!;
  const r = cs.rest?.[0]?.resource?.find((x) => x.type === type);
  assert.ok(r, `${type} on ${serviceId}`);
  return r as unknown as Record<string, unknown> & { searchParam?: { name: string }[] };
}

test('service 31: the medication types, each once, with the union of their bindings', () => {
  const cs = capabilityFor(registry, config, 'ggzdemo', '31')!;
  assert.deepEqual(
    cs.rest?.[0]?.resource?.map((r) => r.type),
    ['MedicationDispense', 'MedicationRequest', 'MedicationStatement'],
  );
  const requests = resource('31', 'MedicationRequest');
  assert.equal(requests.profile, undefined, 'two profiles: none as the one profile');
  assert.match(
    String(requests.documentation),
    /zib-MedicationAgreement \(category=http:\/\/snomed\.info\/sct\|16076005\)/,
  );
  assert.match(
    String(requests.documentation),
    /zib-DispenseRequest \(category=http:\/\/snomed\.info\/sct\|52711000146108\)/,
  );
  assert.deepEqual(requests.searchParam?.map((p) => p.name).sort(), [
    '_id',
    'category',
    'identifier',
    'medicationtreatment',
    'periodofuse',
  ]);
  const dispenses = resource('31', 'MedicationDispense');
  assert.deepEqual(dispenses.searchParam?.map((p) => p.name).sort(), [
    '_id',
    'category',
    'identifier',
    'medication.code',
    'medicationtreatment',
    'periodofuse',
    'requestdate',
    'whenhandedover',
  ]);
  assert.deepEqual(
    cs.profile?.map((p) => p.reference?.split('/').pop()),
    [
      'mp612-DispenseToFHIRConversion-Dispense',
      'zib-AdministrationAgreement',
      'zib-Dispense',
      'zib-MedicationAgreement',
      'zib-DispenseRequest',
      'zib-MedicationUse',
    ],
  );
  assert.deepEqual(resource('31', 'MedicationStatement').profile, {
    reference: 'http://nictiz.nl/fhir/StructureDefinition/zib-MedicationUse',
    display: 'http://nictiz.nl/fhir/StructureDefinition/zib-MedicationUse',
  });
  // STU3 order: profile after format, before rest.
  assert.match(toFhirXml(cs), /<format value="json"\/><profile>.*<\/profile><rest>/);
});

test('service 49: the GP medication agreements carry their profile', () => {
  const r = resource('49', 'MedicationRequest');
  assert.equal(
    (r.profile as { reference: string }).reference,
    'http://nictiz.nl/fhir/StructureDefinition/zib-MedicationAgreement',
  );
});

test('service 58: AllergyIntolerance only, with the mp612 allergy profile and its parameters and includes', () => {
  const cs = capabilityFor(registry, config, 'ggzdemo', '58')!;
  const profile = 'http://nictiz.nl/fhir/StructureDefinition/mp612-AllergyIntoleranceToFHIRConversion';
  assert.equal(cs.implementation?.url, `${config.publicUrl}/fhir/ggzdemo/58/stu3`);
  assert.deepEqual(
    cs.rest?.[0]?.resource?.map((r) => r.type),
    ['AllergyIntolerance'],
  );
  assert.deepEqual(
    cs.profile?.map((p) => p.reference),
    [profile],
  );
  const r = resource('58', 'AllergyIntolerance') as Record<string, unknown> & {
    searchParam?: { name: string; type: string }[];
  };
  assert.equal((r.profile as { reference: string }).reference, profile);
  assert.deepEqual(r.interaction, [{ code: 'search-type' }]);
  assert.deepEqual(r.searchParam?.map((p) => [p.name, p.type]).sort(), [
    ['_id', 'token'],
    ['category', 'token'],
    ['clinical-status', 'token'],
    ['code', 'token'],
    ['date', 'date'],
    ['identifier', 'token'],
    ['onset', 'date'],
    ['verification-status', 'token'],
  ]);
  assert.deepEqual(r.searchInclude, [
    'AllergyIntolerance:patient',
    'AllergyIntolerance:recorder',
    'AllergyIntolerance:asserter',
  ]);
});

test('an unknown service has no CapabilityStatement', () => {
  assert.equal(capabilityFor(registry, config, 'ggzdemo', '999'), undefined);
});
