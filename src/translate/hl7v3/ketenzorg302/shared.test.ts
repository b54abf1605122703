/**
 * Unit tests of the pieces the four Ketenzorg translators share: the pool keeps the first resource
 * per fullUrl in order, statusCode lookups throw with their location, periods, the organizer
 * reader's root check, first-patient rule and component locations, the sending practice as the
 * episodes' organization, and one Patient per answer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as fhir from 'fhir';
import { parseXml } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { lookupStatus, period } from './map-common.ts';
import { readOrganizerList } from './read-organizer.ts';
import { translateEpisodes } from './translate-episodes.ts';
import { mergePatients, ResourcePool } from './translate-pool.ts';

test('the pool keeps the first resource per fullUrl, in first-seen order', () => {
  const pool = new ResourcePool();
  pool.add('urn:uuid:b', { resourceType: 'Organization', id: 'b1' });
  pool.add('urn:uuid:a', { resourceType: 'Practitioner', id: 'a' });
  pool.add('urn:uuid:b', { resourceType: 'Organization', id: 'b2' });
  assert.deepEqual(
    pool.values().map((e) => `${e.fullUrl}=${e.resource.id ?? ''}`),
    ['urn:uuid:b=b1', 'urn:uuid:a=a'],
  );
  assert.deepEqual(pool.addPatient(undefined, '1.2|M1', '/X'), { display: 'Patiënt' });
  assert.equal(pool.values().length, 2, 'no Patient without a patient');
});

test('statusCode lookup: absent uses the default, unknown throws at <location>/statusCode', () => {
  const table = { completed: 'final', active: 'preliminary' } as const;
  assert.equal(lookupStatus(table, undefined, 'completed', 'thing', '/a'), 'final');
  assert.equal(lookupStatus(table, 'active', 'completed', 'thing', '/a'), 'preliminary');
  assert.throws(
    () => lookupStatus(table, 'weird', 'completed', 'thing', '/a/b'),
    (e: unknown) =>
      e instanceof TranslationError &&
      e.message.includes("unknown thing statusCode 'weird'") &&
      e.message.includes('/a/b/statusCode'),
  );
});

test('period: none without start and end, else only the parts present', () => {
  assert.equal(period(undefined, undefined), undefined);
  assert.deepEqual(period('20240101', undefined), { start: '2024-01-01' });
  assert.equal(period(undefined, '202401011015')?.start, undefined);
  assert.ok(period(undefined, '202401011015')?.end?.startsWith('2024-01-01T10:15'));
});

test('organizer reader: root check, first patient kept, components with their locations', () => {
  const organizer = (id: string, comps: string): string =>
    `<subject><organizer><recordTarget><patientRole><id root="2.16.840.1.113883.2.4.6.3" extension="${id}"/>
    <patient><administrativeGenderCode code="F"/></patient></patientRole></recordTarget>${comps}</organizer></subject>`;
  const xml = `<X_IN1 xmlns="urn:hl7-org:v3"><ControlActProcess>${organizer('111', '<component><act/></component><component><other/></component><component><act/></component>')}${organizer('222', '<component><act/></component>')}</ControlActProcess></X_IN1>`;
  const list = readOrganizerList(parseXml(xml), 'X_IN1', 'act', () => (_el, where) => where);
  assert.deepEqual(list.items, [
    '/X_IN1/ControlActProcess/subject[1]/organizer/component[1]/act',
    '/X_IN1/ControlActProcess/subject[1]/organizer/component[3]/act',
    '/X_IN1/ControlActProcess/subject[2]/organizer/component[1]/act',
  ]);
  assert.equal(list.patient?.ids[0]?.extension, '111');
  assert.throws(() => readOrganizerList(parseXml(xml), 'Y_IN1', 'act', () => () => 1), TranslationError);
});

/** An episodes answer whose patient has only a BSN and whose organizer names no organization. */
function bareEpisodes(messageId: string, ura: string): string {
  return `<REPC_IN990111NL xmlns="urn:hl7-org:v3"><id root="1.2" extension="${messageId}"/><ControlActProcess>
  <authorOrPerformer><participant><AssignedDevice><id root="2.16.840.1.113883.2.4.6.6" extension="1"/>
  <Organization><id root="2.16.528.1.1007.3.3" extension="${ura}"/><name>Praktijk ${ura}</name>
  <addr><city>Ede</city></addr></Organization></AssignedDevice></participant></authorOrPerformer>
  <subject><organizer><recordTarget><patientRole><id root="2.16.840.1.113883.2.4.6.3" extension="999990093"/></patientRole></recordTarget>
  <component><act><id root="1.2.3" extension="E1"/><text>Astma</text><statusCode code="active"/>
  <entryRelationship><observation><id root="1.2.3" extension="E1-d"/>
  <code code="282291009" codeSystem="2.16.840.1.113883.6.96" displayName="Diagnosis"/>
  <value code="R96" codeSystem="2.16.840.1.113883.2.4.4.31.1" displayName="Astma"/></observation></entryRelationship>
  </act></component></organizer></subject></ControlActProcess></REPC_IN990111NL>`;
}

test('episodes without a responsible organization are managed by the sending practice', () => {
  const pool = translateEpisodes(parseXml(bareEpisodes('M1', '00001234')));
  const ep = pool.find((r) => r.resource.resourceType === 'EpisodeOfCare')?.resource as fhir.EpisodeOfCare;
  const org = pool.find((r) => r.resource.resourceType === 'Organization');
  assert.equal(ep.managingOrganization?.reference, org?.fullUrl);
  assert.equal(ep.managingOrganization?.display, 'Praktijk 00001234');
  assert.equal((org?.resource as fhir.Organization).identifier?.[0]?.value, '00001234');
});

test('a patient without a name is referred to as "Patiënt", never without display or by BSN', () => {
  const pool = translateEpisodes(parseXml(bareEpisodes('M1', '00001234')));
  const ep = pool.find((r) => r.resource.resourceType === 'EpisodeOfCare')?.resource as fhir.EpisodeOfCare;
  const cond = pool.find((r) => r.resource.resourceType === 'Condition')?.resource as fhir.Condition;
  assert.equal(ep.patient.display, 'Patiënt');
  assert.equal(cond.subject.display, 'Patiënt');
  assert.doesNotMatch(JSON.stringify(pool), /999990093/);
});

test('mergePatients: one Patient per answer, references to the others point at it', () => {
  // Two messages of one batch, each with the patient under its own message-based id.
  const pool = [
    ...translateEpisodes(parseXml(bareEpisodes('M1', '00001234'))),
    ...translateEpisodes(parseXml(bareEpisodes('M2', '00005678'))),
  ];
  const patients = pool.filter((r) => r.resource.resourceType === 'Patient');
  assert.equal(patients.length, 2);
  const merged = mergePatients(pool);
  const kept = merged.filter((r) => r.resource.resourceType === 'Patient');
  assert.deepEqual(
    kept.map((r) => r.fullUrl),
    [patients[0]?.fullUrl],
  );
  const second = patients[1]?.fullUrl ?? '';
  assert.ok(!JSON.stringify(merged).includes(second), 'nothing refers to the dropped Patient');
  const episodes = merged.filter((r) => r.resource.resourceType === 'EpisodeOfCare');
  for (const e of episodes)
    assert.equal((e.resource as fhir.EpisodeOfCare).patient.reference, patients[0]?.fullUrl);
  const again = mergePatients(merged);
  assert.deepEqual(again, merged, 'a pool with one Patient keeps its resources');
  assert.notEqual(again, merged, 'always a new array (the caller may empty its own)');
});
