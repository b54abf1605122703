/**
 * Unit tests of the Ketenzorg 3.0.2 translators on small messages: strictness (wrong root, unknown
 * status, missing ids throw TranslationError with a location), stable ids, no BSN in the output, and
 * an empty answer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as fhir from 'fhir';
import { parseXml } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { translateContacts } from './translate-contacts.ts';
import { translateEpisodes } from './translate-episodes.ts';
import { translateGeneralObservations } from './translate-observations.ts';
import { translateContactReports } from './translate-reports.ts';

const PATIENT = `<recordTarget><patientRole><id root="2.16.840.1.113883.2.4.6.3" extension="999990081"/>
  <patient><name><given qualifier="IN">A.</given><family qualifier="BR">Test</family></name>
  <administrativeGenderCode code="F"/></patient></patientRole></recordTarget>`;

function message(root: string, components: string): string {
  return `<${root} xmlns="urn:hl7-org:v3"><id root="1.2" extension="M1"/><ControlActProcess><subject><organizer>
  ${PATIENT}${components}</organizer></subject></ControlActProcess></${root}>`;
}

const concern = (
  status = 'active',
): string => `<component><act><id root="1.2.3" extension="E1"/><text>Hoofdpijn</text>
  <statusCode code="${status}"/><effectiveTime><low value="20240101"/></effectiveTime>
  <entryRelationship><observation><id root="1.2.3" extension="E1-d"/>
  <code code="282291009" codeSystem="2.16.840.1.113883.6.96" displayName="Diagnosis"/>
  <value code="N01" codeSystem="2.16.840.1.113883.2.4.4.31.1" displayName="Hoofdpijn"/></observation></entryRelationship>
  </act></component>`;

const contact = (status?: string): string => `<component><encounter><id root="1.2.3" extension="C1"/>
  <code code="03" codeSystem="2.16.840.1.113883.2.4.4.30.14" displayName="consult"/>
  ${status ? `<statusCode code="${status}"/>` : ''}
  <effectiveTime><low value="202401011000"/><high value="202401011015"/></effectiveTime>
  <entryRelationship><act><id root="1.2.3" extension="E1"/></act></entryRelationship></encounter></component>`;

test('episodes: one EpisodeOfCare with its diagnosis Condition (ICPC) and the masked Patient', () => {
  const pool = translateEpisodes(parseXml(message('REPC_IN990111NL', concern())));
  const ep = pool.find((r) => r.resource.resourceType === 'EpisodeOfCare')?.resource as fhir.EpisodeOfCare;
  const cond = pool.find((r) => r.resource.resourceType === 'Condition');
  assert.equal(ep.status, 'active');
  assert.equal(ep.diagnosis?.[0]?.condition.reference, cond?.fullUrl);
  assert.equal(
    (cond?.resource as fhir.Condition).code?.coding?.[0]?.system,
    'http://hl7.org/fhir/sid/icpc-1-nl',
  );
  assert.doesNotMatch(JSON.stringify(pool), /999990081/);
  assert.deepEqual(
    pool.map((r) => r.fullUrl),
    translateEpisodes(parseXml(message('REPC_IN990111NL', concern()))).map((r) => r.fullUrl),
    'the same message gives the same fullUrls',
  );
});

test('episodes: strict about status and root', () => {
  assert.throws(
    () => translateEpisodes(parseXml(message('REPC_IN990111NL', concern('weird')))),
    (e: unknown) => e instanceof TranslationError && e.location.endsWith('/component[1]/act/statusCode'),
  );
  assert.throws(() => translateEpisodes(parseXml(message('PRPA_IN900350NL', concern()))), TranslationError);
});

test('contacts: an Encounter per contact with class AMB, the NHG type and the episode by identifier', () => {
  const pool = translateContacts(parseXml(message('PRPA_IN900350NL', contact())));
  const enc = pool.find((r) => r.resource.resourceType === 'Encounter')?.resource as fhir.Encounter;
  assert.equal(enc.status, 'finished');
  assert.equal(enc.class?.code, 'AMB');
  assert.equal(enc.type?.[0]?.coding?.[0]?.code, '03');
  assert.equal(enc.episodeOfCare?.[0]?.identifier?.value, 'E1');
  assert.equal(enc.period?.start, '2024-01-01T10:00:00+01:00');
});

test('contacts: strict about status; an answer without contacts gives an empty pool', () => {
  assert.throws(
    () => translateContacts(parseXml(message('PRPA_IN900350NL', contact('weird')))),
    TranslationError,
  );
  assert.deepEqual(translateContacts(parseXml(message('PRPA_IN900350NL', ''))), []);
});

const line = (template: string, text: string): string => `<entryRelationship typeCode="COMP"><act>
  <templateId root="2.16.840.1.113883.2.4.3.11.60.66.10.${template}"/><text>${text}</text></act></entryRelationship>`;

const report = (
  lines: string,
): string => `<component><act><id root="1.2.3" extension="R1"/><statusCode code="completed"/>
  <effectiveTime value="20240101101500"/>
  <entryRelationship typeCode="REFR"><encounter><id root="1.2.3" extension="C1"/></encounter></entryRelationship>
  ${lines}</act></component>`;

test('contact reports: S and O journal lines are never shared; E and P become sections and Observations', () => {
  const pool = translateContactReports(
    parseXml(
      message(
        'REPC_IN990101NL',
        report(
          line('208', 'subjectief') + line('209', 'objectief') + line('210', 'eval') + line('211', 'plan'),
        ),
      ),
    ),
  );
  const c = pool.find((r) => r.resource.resourceType === 'Composition')?.resource as fhir.Composition;
  assert.deepEqual(
    c.section?.map((s) => s.code?.coding?.[0]?.code),
    ['E', 'P'],
  );
  assert.equal(c.type.coding?.[0]?.code, '67781-5');
  assert.equal(c.encounter?.identifier?.value, 'C1');
  const texts = pool
    .filter((r) => r.resource.resourceType === 'Observation')
    .map((r) => (r.resource as fhir.Observation).valueString);
  assert.deepEqual(texts, ['eval', 'plan']);
  assert.doesNotMatch(JSON.stringify(pool), /subjectief|objectief/);
});

test('contact reports: an unknown journal line template throws with its location', () => {
  assert.throws(
    () => translateContactReports(parseXml(message('REPC_IN990101NL', report(line('299', 'x'))))),
    (e: unknown) => e instanceof TranslationError && e.location.endsWith('/act/templateId'),
  );
});

const observation = (value: string): string => `<component><observation><id root="1.2.3" extension="O1"/>
  <code code="1915" codeSystem="2.16.840.1.113883.2.4.4.30.45" codeSystemVersion="20" displayName="Temperatuur"/>
  <statusCode code="completed"/><effectiveTime value="20240101"/>${value}</observation></component>`;

test('general observations: PQ, ST, CE (NHG results), BL and IVL_TS values', () => {
  const value = (v: string): fhir.Observation =>
    translateGeneralObservations(
      parseXml(
        message('POOB_IN990003NL', observation(v)).replace(
          '<organizer>',
          '<organizer xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
        ),
      ),
    )[0]!.resource as fhir.Observation;
  assert.deepEqual(value('<value xsi:type="PQ" value="37.4" unit="Cel"/>').valueQuantity, {
    value: 37.4,
    unit: 'Cel',
    system: 'http://unitsofmeasure.org',
    code: 'Cel',
  });
  assert.equal(value('<value xsi:type="ST">positief</value>').valueString, 'positief');
  assert.equal(
    value(
      '<value xsi:type="CE" code="202" displayName="irregulair" codeSystem="2.16.840.1.113883.2.4.4.30.1045"/>',
    ).valueCodeableConcept?.coding?.[0]?.system,
    'https://referentiemodel.nhg.org/tabellen/nhg-tabel-45-diagnostische-bepalingen#resultaten',
  );
  assert.equal(value('<value xsi:type="BL" value="true"/>').valueBoolean, true);
  assert.equal(value('<value xsi:type="IVL_TS" value="20201021"/>').valueDateTime, '2020-10-21');
  const o = value('<value xsi:type="PQ" value="1" unit="1"/>');
  assert.equal(o.code.coding?.[0]?.version, '20');
  assert.equal(o.status, 'final');
});

test('general observations: an unknown value type throws with its location', () => {
  assert.throws(
    () =>
      translateGeneralObservations(
        parseXml(
          message('POOB_IN990003NL', observation('<value xsi:type="RTO"/>')).replace(
            '<organizer>',
            '<organizer xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
          ),
        ),
      ),
    (e: unknown) => e instanceof TranslationError && e.location.endsWith('/observation/value'),
  );
});
