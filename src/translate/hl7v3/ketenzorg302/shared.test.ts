/**
 * Unit tests of the pieces the four Ketenzorg translators share: the pool keeps the first resource
 * per fullUrl in order, statusCode lookups throw with their location, periods, and the organizer
 * reader's root check, first-patient rule and component locations.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseXml } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { lookupStatus, period } from './map-common.ts';
import { readOrganizerList } from './read-organizer.ts';
import { ResourcePool } from './translate-pool.ts';

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
