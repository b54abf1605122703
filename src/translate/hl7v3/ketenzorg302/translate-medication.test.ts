/**
 * Unit tests of the medication agreement translator (`QUMA_IN991203NL02`): small messages for
 * strictness (wrong root, missing id or product, unmapped dosing elements throw TranslationError with a
 * location), the dosing (frequency, dose, zo nodig, route, sequence and text), and Brug's own synthetic
 * GP answer (src/sim/data): two agreements, one Medication each, one prescriber, no BSN.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type * as fhir from 'fhir';
import { parseXml } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { REPO_ROOT } from '../../golden/fixtures.ts';
import { translateMedicationAgreements } from './translate-medication.ts';

const PATIENT = `<recordTarget><patientRole><id root="2.16.840.1.113883.2.4.6.3" extension="999990093"/>
  <patient><name><given>Anna</given><family>Test</family></name></patient></patientRole></recordTarget>`;

function message(agreements: string, root = 'QUMA_IN991203NL02'): string {
  return `<${root} xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:hl7nl="urn:hl7-nl:v3"><id root="1.2" extension="M1"/><ControlActProcess><subject><organizer>
  ${PATIENT}${agreements}</organizer></subject></ControlActProcess></${root}>`;
}

const PRODUCT = `<consumable><manufacturedProduct><manufacturedMaterial>
  <code code="6939" codeSystem="2.16.840.1.113883.2.4.4.10" displayName="Metoclopramide zetpil 20mg"/>
  </manufacturedMaterial></manufacturedProduct></consumable>`;

const agreement = (opts: { id?: boolean; product?: boolean; dosing?: string } = {}): string =>
  `<component><substanceAdministration>
  ${opts.id === false ? '' : '<id root="1.2.3" extension="MA1"/>'}
  <text>Vanaf 1 januari 2026, 3 maal per dag 2 stuks</text>
  <effectiveTime xsi:type="IVL_TS"><low value="20260101"/></effectiveTime>
  <routeCode code="12" displayName="rectaal" codeSystem="2.16.840.1.113883.2.4.4.9"/>
  ${opts.product === false ? '' : PRODUCT}
  <entryRelationship><sequenceNumber value="1"/><substanceAdministration>
  <effectiveTime xsi:type="hl7nl:PIVL_TS"><hl7nl:frequency><hl7nl:numerator value="3"/>
  <hl7nl:denominator value="1" unit="d"/></hl7nl:frequency></effectiveTime>
  <doseQuantity><center value="2" unit="1"><translation code="245" codeSystem="2.16.840.1.113883.2.4.4.1.900.2" displayName="stuk"/></center></doseQuantity>
  ${opts.dosing ?? ''}</substanceAdministration></entryRelationship>
  <entryRelationship><procedure><id root="1.2.4" extension="MB1"/></procedure></entryRelationship>
  </substanceAdministration></component>`;

function translate(xml: string): fhir.Resource[] {
  return translateMedicationAgreements(parseXml(xml)).map((r) => r.resource);
}

test('an agreement becomes a MedicationRequest with its dosing, period of use and treatment', () => {
  const out = translate(message(agreement()));
  const mr = out.find((r) => r.resourceType === 'MedicationRequest') as fhir.MedicationRequest;
  assert.equal(mr.intent, 'order');
  assert.equal(mr.category?.coding?.[0]?.code, '16076005');
  assert.deepEqual(mr.identifier, [{ system: 'urn:oid:1.2.3', value: 'MA1' }]);
  assert.deepEqual(
    mr.extension?.map((e) => e.valuePeriod ?? e.valueIdentifier),
    [{ start: '2026-01-01' }, { system: 'urn:oid:1.2.4', value: 'MB1' }],
  );
  const d = mr.dosageInstruction?.[0];
  assert.equal(d?.sequence, 1);
  assert.equal(d?.text, 'Vanaf 1 januari 2026, 3 maal per dag 2 stuks');
  assert.deepEqual(d?.timing, { repeat: { frequency: 3, period: 1, periodUnit: 'd' } });
  assert.equal(d?.doseQuantity?.value, 2);
  assert.equal(d?.route?.coding?.[0]?.code, '12');
  const med = out.find((r) => r.resourceType === 'Medication') as fhir.Medication;
  assert.deepEqual(med.meta?.profile, ['http://nictiz.nl/fhir/StructureDefinition/zib-Product']);
  assert.equal(mr.medicationReference?.reference, 'urn:oid:2.16.840.1.113883.2.4.4.10.6939');
  assert.doesNotMatch(JSON.stringify(out), /999990093/, 'no BSN in the output');
});

test('strict: wrong root, no id, no product and an unmapped dosing element throw with a location', () => {
  const fails = (xml: string, where: RegExp): void => {
    assert.throws(
      () => translate(xml),
      (e: unknown) => e instanceof TranslationError && where.test(e.message + JSON.stringify(e)),
    );
  };
  fails(message(agreement(), 'REPC_IN990111NL'), /QUMA_IN991203NL02/);
  fails(message(agreement({ id: false })), /without id/);
  fails(message(agreement({ product: false })), /product code/);
  fails(message(agreement({ dosing: '<maxDoseQuantity/>' })), /maxDoseQuantity/);
});

test('an answer without agreements gives no resources', () => {
  assert.deepEqual(translate(message('')), []);
});

test('the synthetic GP answer: two agreements, two Medications, one prescriber with role and practice', () => {
  const file = path.join(REPO_ROOT, 'src/sim/data/QUMA_IN991203NL02_gp_999990093.hl7v3.xml');
  const out = translate(readFileSync(file, 'utf8'));
  const count = (t: string): number => out.filter((r) => r.resourceType === t).length;
  assert.deepEqual(
    ['MedicationRequest', 'Medication', 'Patient', 'Practitioner', 'PractitionerRole', 'Organization'].map(
      count,
    ),
    [2, 2, 1, 1, 1, 1],
  );
  const para = out.find(
    (r) => (r as fhir.MedicationRequest).identifier?.[0]?.value === 'BRUG-MB2-MA1',
  ) as fhir.MedicationRequest;
  assert.equal(para.dosageInstruction?.[0]?.asNeededCodeableConcept?.coding?.[0]?.display, 'zo nodig');
  assert.equal(para.requester?.agent.display, 'Pieter P. Brugge');
  assert.doesNotMatch(JSON.stringify(out), /999990093/);
});
