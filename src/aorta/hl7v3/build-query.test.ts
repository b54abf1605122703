import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseXml } from '../../xml/index.ts';
import { buildQuery, type QueryInput } from './build-query.ts';
import type { SenderIdentity } from './identity.ts';
import { parseQuery } from './parse-query.ts';
import { QUERY_PARAMETERS } from './query-params.ts';
import { sharedDir, validateQueries } from './xsd-harness.test-util.ts';

const ID: SenderIdentity = {
  applicationId: '900001',
  ura: '90000001',
  lspApplicationId: '1',
  organizationName: 'Brug',
};
const TARGET = { applicationId: '10011427', ura: '00063703' };

test('a 6.12 dispense query carries the AORTA wrapper values', () => {
  const q = buildQuery(ID, {
    interaction: 'QURX_IN990111NL',
    bsn: '999901539',
    target: TARGET,
    parameters: {
      dispenseEventEffectiveTimeInterval: { low: '2024-01-01', high: '20240630' },
      mostRecentDispenseForEachRxIndicator: true,
    },
    uniqueId: 'abc',
    now: Date.UTC(2024, 6, 1, 10, 0, 0),
  });
  const p = parseQuery(parseXml(q.xml));
  assert.equal(p.interaction, 'QURX_IN990111NL');
  assert.deepEqual(p.messageId, { root: '2.16.840.1.113883.2.4.6.6.900001.1', extension: 'abc' });
  assert.deepEqual(p.queryId, { root: '2.16.840.1.113883.2.4.6.6.900001.2', extension: 'abc' });
  assert.equal(p.creationTime, '20240701120000+0200');
  assert.equal(p.processingCode, 'P');
  assert.equal(p.acceptAckCode, 'NE');
  assert.equal(p.receiverApplicationId, '1');
  assert.equal(p.senderApplicationId, '900001');
  assert.deepEqual(p.author, { applicationId: '900001', ura: '90000001' });
  assert.equal(p.statusCode, 'new');
  assert.equal(p.responsePriorityCode, 'I');
  assert.equal(p.bsn, '999901539');
  assert.deepEqual(p.parameters, {
    dispenseEventEffectiveTimeInterval: { low: '20240101', high: '20240630' },
    mostRecentDispenseForEachRxIndicator: true,
  });
  assert.match(q.xml, /<interactionId root="2\.16\.840\.1\.113883\.1\.6" extension="QURX_IN990111NL"\/>/);
  assert.match(q.xml, /<profileId root="2\.16\.840\.1\.113883\.2\.4\.3\.11\.1" extension="810"\/>/);
  assert.match(q.xml, /<processingModeCode code="T"\/>/);
});

test('direct addressing names the provider as receiver', () => {
  const q = buildQuery(
    { ...ID, addressing: 'direct' },
    { interaction: 'QUPC_IN990001NL', bsn: '123456782', target: TARGET },
  );
  assert.equal(parseQuery(parseXml(q.xml)).receiverApplicationId, '10011427');
});

test('bad input is refused before anything is sent', () => {
  const base: QueryInput = { interaction: 'QURX_IN990111NL', bsn: '999901539', target: TARGET };
  assert.throws(() => buildQuery(ID, { ...base, bsn: '12345' }), /nine digits/);
  assert.throws(
    () => buildQuery(ID, { ...base, parameters: { nonsense: 1 } }),
    /no query parameter "nonsense"/,
  );
  assert.throws(() => buildQuery(ID, { ...base, interaction: 'QURX<x>' }), /not an interaction id/);
  assert.throws(
    () =>
      buildQuery(ID, { ...base, parameters: { dispenseEventEffectiveTimeInterval: { low: 'yesterday' } } }),
    /not an HL7 TS/,
  );
});

const ts = fc
  .tuple(
    fc.integer({ min: 1990, max: 2099 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
  )
  .map(([y, m, d]) => `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`);
const interval = fc.record({ low: ts, high: ts }, { requiredKeys: [], noNullPrototype: true });
const queries = fc.oneof(
  fc.record({
    interaction: fc.constant('QURX_IN990111NL'),
    parameters: fc.record(
      {
        administrationRequestEffectiveTimeInterval: interval.filter((i) => Object.keys(i).length > 0),
        dispenseEventEffectiveTimeInterval: interval.filter((i) => Object.keys(i).length > 0),
        mostRecentDispenseForEachRxIndicator: fc.boolean(),
      },
      { requiredKeys: [], noNullPrototype: true },
    ),
  }),
  fc.record({
    interaction: fc.constantFrom(...Object.keys(QUERY_PARAMETERS).filter((k) => k !== 'QURX_IN990111NL')),
    parameters: fc.constant({}),
  }),
);
const generated = fc.record({
  q: queries,
  bsn: fc.stringMatching(/^\d{9}$/),
  uniqueId: fc.uuid(),
  appId: fc.stringMatching(/^[1-9]\d{0,7}$/),
  ura: fc.stringMatching(/^\d{8}$/),
  name: fc.string({ maxLength: 20 }),
});

test('generated queries survive build and parse', () => {
  fc.assert(
    fc.property(generated, (g) => {
      const id: SenderIdentity = {
        applicationId: g.appId,
        ura: g.ura,
        lspApplicationId: '1',
        organizationName: g.name,
      };
      const built = buildQuery(id, {
        interaction: g.q.interaction,
        bsn: g.bsn,
        target: TARGET,
        parameters: g.q.parameters,
        uniqueId: g.uniqueId,
      });
      const p = parseQuery(parseXml(built.xml));
      assert.equal(p.interaction, g.q.interaction);
      assert.equal(p.bsn, g.bsn);
      assert.equal(p.messageId.extension, g.uniqueId);
      assert.deepEqual(p.author, { applicationId: g.appId, ura: g.ura });
      assert.deepEqual(p.parameters, g.q.parameters);
    }),
    { numRuns: 300 },
  );
});

test('built queries validate against the AORTA wrapper XSDs', async (t) => {
  const shared = sharedDir();
  if (!shared) {
    t.skip('../shared/fixtures is absent: wrapper XSD validation skipped');
    return;
  }
  const docs = fc.sample(generated, 40).map(
    (g) =>
      buildQuery(
        {
          applicationId: g.appId,
          ura: g.ura,
          lspApplicationId: '1',
          organizationName: g.name,
          uziServerId: '000254004',
        },
        { interaction: g.q.interaction, bsn: g.bsn, target: TARGET, parameters: g.q.parameters },
      ).xml,
  );
  assert.deepEqual(await validateQueries(shared, docs), []);
  // The validator is not a rubber stamp: a wrapper without its profileId fails.
  const broken = docs[0]!.replace(/<profileId[^>]*\/>/, '');
  const errors = await validateQueries(shared, [broken]);
  assert.ok(
    errors.some((e) => /profileId|processingCode/.test(e)),
    errors.join('\n'),
  );
});
