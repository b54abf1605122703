import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidBsn, maskBsns } from './bsn.ts';
import { mapAcr, meetsLevel, parseDigidLevel } from './acr.ts';

test('the 11-check accepts valid BSNs and refuses others', () => {
  assert.equal(isValidBsn('999911120'), true);
  assert.equal(isValidBsn('111222333'), true);
  assert.equal(isValidBsn('123456782'), true);
  assert.equal(isValidBsn('123456789'), false);
  assert.equal(isValidBsn('12345678'), false);
  assert.equal(isValidBsn('1234567890'), false);
  assert.equal(isValidBsn('000000000'), false);
  assert.equal(isValidBsn('12345678a'), false);
});

test('nine-digit runs are masked, longer numbers are left alone', () => {
  assert.equal(maskBsns('patient 999911120 not found'), 'patient XXXXXXXXX not found');
  assert.equal(
    maskBsns('oid 2.16.840.1.113883.2.4.6.3 id 12345678901'),
    'oid 2.16.840.1.113883.2.4.6.3 id 12345678901',
  );
});

test('acr values map to DigiD levels', () => {
  assert.equal(mapAcr('urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard'), 'substantieel');
  assert.equal(mapAcr('Substantieel'), 'substantieel');
  assert.equal(mapAcr('http://eidas.europa.eu/LoA/high'), 'hoog');
  assert.equal(mapAcr('urn:x'), 'onbekend:urn:x');
  assert.equal(mapAcr(undefined), 'onbekend');
});

test('assurance levels: configured acr values, and which levels reach a minimum', () => {
  assert.equal(mapAcr('urn:broker:loa:3', { 'urn:broker:loa:3': 'substantieel' }), 'substantieel');
  assert.equal(meetsLevel('substantieel', 'substantieel'), true);
  assert.equal(meetsLevel('hoog', 'substantieel'), true);
  assert.equal(meetsLevel('midden', 'substantieel'), false);
  assert.equal(meetsLevel('midden', 'midden'), true);
  assert.equal(meetsLevel('onbekend:x', 'basis'), false);
  assert.equal(parseDigidLevel(' Midden '), 'midden');
  assert.equal(parseDigidLevel('laag'), undefined);
});
