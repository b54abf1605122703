/**
 * Unit tests of the 6.12 ICA allergy translator on small messages: statuses, strictness (unknown
 * codes and statuses throw TranslationError with a location), stable ids, and no BSN in the output.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as fhir from 'fhir';
import { parseXml } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { translateAllergyList } from './translate.ts';

function message(conditions: string): string {
  return `<REPC_IN000024NL xmlns="urn:hl7-org:v3"><id root="1.2.3" extension="M1"/>
  <ControlActProcess moodCode="EVN">${conditions}</ControlActProcess></REPC_IN000024NL>`;
}

function condition(opts: {
  id?: string;
  code?: string;
  status?: string;
  uncertainty?: string;
  informant?: string;
}): string {
  return `<subject><Condition>
    <id root="1.2.3.4" extension="${opts.id ?? 'A1'}"/>
    <code code="${opts.code ?? 'DINT'}" codeSystem="2.16.840.1.113883.5.4"/>
    <statusCode code="${opts.status ?? 'active'}"/>
    <effectiveTime><low value="20240101"/></effectiveTime>
    ${opts.uncertainty ? `<uncertaintyCode code="${opts.uncertainty}"/>` : ''}
    <subject><patient><id root="2.16.840.1.113883.2.4.6.3" extension="999990081"/>
      <Person><name><given qualifier="IN">A.</given><family qualifier="BR">Test</family></name></Person></patient></subject>
    <causativeAgent><administerableMaterial><administerableMaterialKind>
      <code code="35" displayName="Penicillines" codeSystem="2.16.840.1.113883.2.4.4.1.902.122"/>
    </administerableMaterialKind></administerableMaterial></causativeAgent>
    ${opts.informant ?? ''}
  </Condition></subject>`;
}

function allergies(xml: string): fhir.AllergyIntolerance[] {
  return translateAllergyList(parseXml(xml))
    .map((r) => r.resource)
    .filter((r): r is fhir.AllergyIntolerance => r.resourceType === 'AllergyIntolerance');
}

test('statuses: active, completed -> resolved, nullified -> entered-in-error, U -> unconfirmed', () => {
  const out = allergies(
    message(
      condition({ id: 'A1' }) +
        condition({ id: 'A2', status: 'completed', uncertainty: 'U' }) +
        condition({ id: 'A3', status: 'nullified' }),
    ),
  );
  assert.deepEqual(
    out.map((a) => [a.identifier?.[0]?.value, a.clinicalStatus, a.verificationStatus]),
    [
      ['A1', 'active', 'confirmed'],
      ['A2', 'resolved', 'unconfirmed'],
      ['A3', undefined, 'entered-in-error'],
    ],
  );
  assert.deepEqual(out[0]?.category, ['medication']);
  assert.equal(out[0]?.code?.coding?.[0]?.system, 'urn:oid:2.16.840.1.113883.2.4.4.1.902.122');
});

test('the same message twice gives the same fullUrls (the caller keeps one of each)', () => {
  const xml = message(condition({ informant: '<informant><patient/></informant>' }));
  const a = translateAllergyList(parseXml(xml)).map((r) => r.fullUrl);
  const b = translateAllergyList(parseXml(xml)).map((r) => r.fullUrl);
  assert.deepEqual(a, b);
  assert.equal(new Set(a).size, a.length);
});

test('no BSN in the output; the Patient identifier is masked', () => {
  const pool = translateAllergyList(parseXml(message(condition({}))));
  assert.doesNotMatch(JSON.stringify(pool), /999990081/);
  const patient = pool.find((r) => r.resource.resourceType === 'Patient')?.resource as fhir.Patient;
  assert.equal(patient.identifier?.[0]?.system, 'http://fhir.nl/fhir/NamingSystem/bsn');
  assert.equal(patient.identifier?.[0]?._value?.extension?.[0]?.valueCode, 'masked');
});

test('strict: an unknown Condition code throws with its location', () => {
  assert.throws(
    () => translateAllergyList(parseXml(message(condition({ code: 'XYZ' })))),
    (e: unknown) =>
      e instanceof TranslationError &&
      e.location === '/REPC_IN000024NL/ControlActProcess/subject[1]/Condition/code',
  );
});

test('strict: an unknown status and a wrong root throw', () => {
  assert.throws(
    () => translateAllergyList(parseXml(message(condition({ status: 'weird' })))),
    TranslationError,
  );
  assert.throws(
    () => translateAllergyList(parseXml('<QURX_IN990113NL xmlns="urn:hl7-org:v3"/>')),
    (e: unknown) => e instanceof TranslationError && e.location === '/QURX_IN990113NL',
  );
});

test('an answer without Conditions (NF) gives an empty pool', () => {
  assert.deepEqual(translateAllergyList(parseXml(message(''))), []);
});
