/**
 * Unit tests of the professional summary translators on a small summary: what each GP data search
 * takes from it (the episode linked to its contact through the journal references, the contact's
 * diagnosis on its E line, a prescription, a result, an intolerance as a medication allergy; alerts
 * and contraindications left out), stable ids across the searches, no BSN, and strictness (unknown
 * elements and journal line types, a diagnosis without an E line, a negated intolerance, the root).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as fhir from 'fhir';
import { parseXml } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import type { TranslatedResource } from '../mp612/translate.ts';
import {
  translateProfessionalSummary,
  translateSummaryAgreements,
  translateSummaryAllergies,
  translateSummaryContacts,
  translateSummaryEpisodes,
  translateSummaryObservations,
  translateSummaryPatient,
  translateSummaryReports,
} from './index.ts';

const GP = `<id root="2.16.840.1.113883.2.4.6.1" extension="01234567"/><id root="2.16.528.1.1007.3.1" extension="999001111"/>
  <code code="01.015" codeSystem="2.16.840.1.113883.2.4.15.111" displayName="Huisarts"/>`;
const ORG = `<Organization><id root="2.16.528.1.1007.3.3" extension="00009999"/><name>Praktijk De Brug</name></Organization>`;

function summary(extra = '', encounterParts = ''): string {
  return `<QUPC_IN990002NL xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <id root="1.2.3" extension="S1"/><ControlActProcess><subject><PrimaryCareProvision>
  <subject><Patient><id root="2.16.840.1.113883.2.4.6.3" extension="999990093"/>
    <Person><name><given qualifier="IN">H.</given><family qualifier="BR">Huisman</family></name>
    <administrativeGenderCode code="M"/><birthTime value="19600101"/></Person></Patient></subject>
  <author><AssignedEntity>${GP}<assignedPerson><name><family>Smit</family></name></assignedPerson>${ORG}</AssignedEntity></author>
  <component7><episodeOfCondition><id root="1.2.3.6" extension="E1"/><text>Astma</text><statusCode code="active"/>
    <effectiveTime><low value="20240301"/></effectiveTime>
    <component2><episodOfCare><component><actReference><id root="1.2.3.2.3" extension="C1"/></actReference></component></episodOfCare></component2>
    <reason><ObservationDx><id root="1.2.3.6.1" extension="E1"/><code code="DISDX" codeSystem="2.16.840.1.113883.5.4"/>
    <value code="R96" codeSystem="2.16.840.1.113883.2.4.4.31.1" displayName="Astma"/></ObservationDx></reason>
  </episodeOfCondition></component7>
  <component1><encounter><id root="1.2.3.1" extension="C1"/>
    <code code="03" codeSystem="2.16.840.1.113883.2.4.4.30.14" displayName="consult"/>
    <effectiveTime><low value="202406101000"/><high value="202406101010"/></effectiveTime>
    <author><AssignedPerson>${GP}</AssignedPerson></author>
    <component><JournalEntry><id root="1.2.3.2.1" extension="C1"/><code code="S" codeSystem="2.16.840.1.113883.2.4.4.32.2"/><value>Benauwd 's nachts</value></JournalEntry></component>
    <component><JournalEntry><id root="1.2.3.2.3" extension="C1"/><code code="E" codeSystem="2.16.840.1.113883.2.4.4.32.2"/><value>Astma</value></JournalEntry></component>
    <component><ObservationDx><id root="1.2.3.3" extension="C1"/><code code="DISDX" codeSystem="2.16.840.1.113883.5.4"/>
      <value code="R96" codeSystem="2.16.840.1.113883.2.4.4.31.1" displayName="Astma"/></ObservationDx></component>
    <component><JournalEntry><id root="1.2.3.2.4" extension="C1"/><code code="P" codeSystem="2.16.840.1.113883.2.4.4.32.2"/><value>Salbutamol zo nodig</value></JournalEntry></component>
    ${encounterParts}
    <component><Prescription><id root="1.2.3.7" extension="R1"/><statusCode code="active"/>
      <author><time value="20240610"/><AssignedPerson><id root="2.16.528.1.1007.3.1" extension="999001111"/></AssignedPerson></author>
      <directTarget><prescribedMedication><MedicationKind><code code="12345" codeSystem="2.16.840.1.113883.2.4.4.1" displayName="salbutamol inhalator"/></MedicationKind>
      <therapeuticAgentOf><medicationAdministrationRequest><text>zo nodig 1 inhalatie</text>
      <effectiveTime xsi:type="IVL_TS"><low value="20240610"/><high value="20241210"/></effectiveTime>
      </medicationAdministrationRequest></therapeuticAgentOf></prescribedMedication></directTarget></Prescription></component>
  </encounter></component1>
  <component2><observation><code code="74018-3" codeSystem="2.16.840.1.113883.6.1"/></observation></component2>
  <component2><observation><id root="1.2.3.4" extension="O1"/>
    <code code="1915" codeSystem="2.16.840.1.113883.2.4.4.30.45" displayName="temperatuur"/>
    <effectiveTime value="20240610" xsi:type="IVL_TS"/><value xsi:type="PQ" value="37.5" unit="Cel"/></observation></component2>
  <component3><ContraIndication><id root="1.2.3.8" extension="K1"/><code code="CI" codeSystem="2.16.840.1.113883.5.4"/>
    <value code="219" codeSystem="2.16.840.1.113883.2.4.4.1.902.40" displayName="VERKEERSDEELNAME"/></ContraIndication></component3>
  <component4><ObservationIntolerance><id root="1.2.3.9" extension="I1"/><code code="INTLRNC" codeSystem="2.16.840.1.113883.5.4"/>
    <text>Uitslag na amoxicilline</text><statusCode code="completed"/><effectiveTime><low value="20200101"/></effectiveTime>
    <value code="35" codeSystem="2.16.840.1.113883.2.4.4.1.902.122" displayName="PENICILLINES"/></ObservationIntolerance></component4>
  ${extra}
  </PrimaryCareProvision></subject></ControlActProcess></QUPC_IN990002NL>`;
}

function of<T extends fhir.Resource>(pool: TranslatedResource[], type: string): T[] {
  return pool.filter((r) => r.resource.resourceType === type).map((r) => r.resource as T);
}

test('each GP data search takes its part of the summary', () => {
  const m = parseXml(summary());
  const episodes = of<fhir.EpisodeOfCare>(translateSummaryEpisodes(m), 'EpisodeOfCare');
  assert.equal(episodes.length, 1);
  assert.equal(episodes[0]?.managingOrganization?.display, 'Praktijk De Brug');
  const encounter = of<fhir.Encounter>(translateSummaryContacts(m), 'Encounter')[0];
  assert.equal(encounter?.episodeOfCare?.[0]?.identifier?.value, 'E1', 'tied to its episode by journal line');
  assert.equal(encounter?.participant?.[0]?.individual?.display, 'Smit', 'the GP, completed by UZI');
  const reports = translateSummaryReports(m);
  const composition = of<fhir.Composition>(reports, 'Composition')[0];
  assert.deepEqual(
    composition?.section?.map((s) => s.code?.coding?.[0]?.code),
    ['E', 'P'],
    'S lines are never shared',
  );
  assert.equal(composition?.title, 'Astma');
  const eLine = of<fhir.Observation>(reports, 'Observation').find((o) => o.code.coding?.[0]?.code === 'E');
  assert.equal(
    eLine?.component?.[0]?.valueCodeableConcept?.coding?.[0]?.code,
    'R96',
    'the diagnosis on the E line',
  );
  const results = of<fhir.Observation>(translateSummaryObservations(m), 'Observation');
  assert.deepEqual(
    results.map((o) => o.identifier?.[0]?.value),
    ['O1'],
    'the alert is no result',
  );
  assert.equal(results[0]?.performer?.[0]?.display, 'Smit');
  const agreements = of<fhir.MedicationRequest>(translateSummaryAgreements(m), 'MedicationRequest');
  assert.equal(agreements[0]?.dosageInstruction?.[0]?.text, 'zo nodig 1 inhalatie');
  assert.equal(agreements[0]?.requester?.agent.display, 'Smit');
  const allergies = of<fhir.AllergyIntolerance>(translateSummaryAllergies(m), 'AllergyIntolerance');
  assert.deepEqual(
    allergies.map((a) => [a.identifier?.[0]?.value, a.category?.[0], a.clinicalStatus]),
    [['I1', 'medication', 'active']],
    'the intolerance, not the contraindication',
  );
  assert.equal(allergies[0]?.note?.[0]?.text, 'Uitslag na amoxicilline');
});

test('one id per resource whichever search translates it, and no BSN anywhere', () => {
  const m = parseXml(summary());
  const whole = translateProfessionalSummary(m);
  const urls = new Set(whole.map((r) => r.fullUrl));
  assert.equal(urls.size, whole.length, 'each resource once');
  for (const t of [
    translateSummaryPatient,
    translateSummaryEpisodes,
    translateSummaryContacts,
    translateSummaryReports,
    translateSummaryObservations,
    translateSummaryAgreements,
    translateSummaryAllergies,
  ])
    for (const r of t(m)) assert.ok(urls.has(r.fullUrl), r.fullUrl);
  assert.equal(of(whole, 'Patient').length, 1);
  assert.doesNotMatch(JSON.stringify(whole), /999990093/);
});

function throwsAt(xml: string, message: RegExp, location: RegExp): void {
  assert.throws(
    () => translateProfessionalSummary(parseXml(xml)),
    (e: unknown) => e instanceof TranslationError && message.test(e.message) && location.test(e.location),
  );
}

test('strict: unknown elements and line types, a diagnosis without E line, a negated intolerance', () => {
  throwsAt(summary('<component9/>'), /unknown element 'component9'/, /PrimaryCareProvision\/component9$/);
  throwsAt(
    summary(
      '',
      '<component><JournalEntry><id root="1" extension="x"/><code code="X" codeSystem="2.16.840.1.113883.2.4.4.32.2"/></JournalEntry></component>',
    ),
    /unknown journal line type 'X'/,
    /encounter\/component\[5\]\/JournalEntry\/code$/,
  );
  throwsAt(
    summary('', '<component><Procedure/></component>'),
    /unknown contact component 'Procedure'/,
    /encounter\/component\[5\]$/,
  );
  const noE = summary().replace(/<component><JournalEntry><id root="1\.2\.3\.2\.3"[\s\S]*?<\/component>/, '');
  throwsAt(noE, /diagnosis without an E journal line/, /ObservationDx$/);
  throwsAt(
    summary().replace('<ObservationIntolerance>', '<ObservationIntolerance negationInd="true">'),
    /negated intolerance/,
    /component4\[1\]\/ObservationIntolerance$/,
  );
  assert.throws(
    () => translateProfessionalSummary(parseXml('<QURX_IN990113NL xmlns="urn:hl7-org:v3"/>')),
    TranslationError,
  );
});

test('a summary without a provision gives nothing', () => {
  const empty = parseXml('<QUPC_IN990002NL xmlns="urn:hl7-org:v3"><ControlActProcess/></QUPC_IN990002NL>');
  assert.deepEqual(translateProfessionalSummary(empty), []);
  assert.deepEqual(translateSummaryContacts(empty), []);
});
