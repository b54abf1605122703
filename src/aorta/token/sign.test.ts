import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { SignedXml } from 'xml-crypto';
import { child, parseXml } from '../../xml/index.ts';
import { soapEnvelope, SOAP11_NS } from '../transport/soap.ts';
import { hasOpenssl, makeRsaSigner } from '../transport/test-pki.test-util.ts';
import { issuerSerial, signedTokenHeader, signedTokenHeaderXmlCrypto } from './sign.ts';
import { WSSE_NS } from './token.ts';

const skip = hasOpenssl() ? false : 'the openssl command is needed to make a test key';

test('the token is signed with exc-c14n and rsa-sha256 and verifies; tampering breaks it', { skip }, () => {
  const pki = makeRsaSigner();
  try {
    const signer = { key: readFileSync(pki.keyFile), cert: readFileSync(pki.certFile) };
    const header = signedTokenHeader(
      {
        messageId: {
          root: '2.16.840.1.113883.2.4.6.6.900001.1',
          extension: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
        },
        interaction: 'QURX_IN990111NL',
        bsn: '999901539',
        auth: { time: Date.UTC(2026, 0, 5, 9, 30), level: 'substantieel', assertionId: 'sid-42' },
        addressedParty: '1',
        now: Date.UTC(2026, 0, 5, 9, 31),
      },
      signer,
    );
    const envelope = soapEnvelope('<QURX_IN990111NL xmlns="urn:hl7-org:v3"/>', header);

    // Our own parser reads it: token fields where the AORTA example has them.
    const doc = parseXml(envelope);
    const hdr = child(doc, 'Header')!;
    const tokens = child(hdr, 'authenticationTokens')!;
    assert.equal(tokens.ns, 'http://www.aortarelease.nl/805/');
    assert.equal(tokens.attrs[`{${SOAP11_NS}}mustUnderstand`], '1');
    const sd = child(tokens, 'signedData')!;
    const ad = child(sd, 'authenticationData')!;
    assert.equal(child(child(ad, 'addressedParty'), 'extension')?.text, '1');
    assert.equal(child(ad, 'notBefore')?.text, '20260105103100+0100');
    assert.equal(child(ad, 'notAfter')?.text, '20260105103600+0100');
    assert.equal(child(child(ad, 'patientAuthentication'), 'assuranceLevel')?.text, 'substantieel');
    assert.equal(
      child(child(ad, 'patientAuthentication'), 'authenticationTime')?.text,
      '20260105103000+0100',
    );
    assert.equal(child(child(sd, 'coSignedData'), 'triggerEventId')?.text, 'QURX_TE990011NL');
    const security = child(hdr, 'Security')!;
    assert.equal(security.ns, WSSE_NS);
    assert.match(envelope, /Algorithm="http:\/\/www\.w3\.org\/2001\/10\/xml-exc-c14n#"/);
    assert.match(
      envelope,
      /SignatureMethod Algorithm="http:\/\/www\.w3\.org\/2001\/04\/xmldsig-more#rsa-sha256"/,
    );
    assert.match(envelope, /DigestMethod Algorithm="http:\/\/www\.w3\.org\/2001\/04\/xmlenc#sha256"/);
    const { issuer, serial } = issuerSerial(signer.cert);
    assert.equal(issuer, 'CN=brug-test, O=Brug, C=NL');
    assert.ok(envelope.includes(`<ds:X509SerialNumber>${serial}</ds:X509SerialNumber>`));

    const verify = (xml: string): boolean => {
      const v = new SignedXml({ publicCert: signer.cert, idMode: 'wssecurity' });
      const sig = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(xml)![0];
      v.loadSignature(sig);
      try {
        return v.checkSignature(xml);
      } catch {
        return false;
      }
    };
    assert.equal(verify(envelope), true);
    assert.equal(
      verify(envelope.replace('<extension>999901539</extension>', '<extension>999901540</extension>')),
      false,
    );
  } finally {
    rmSync(pki.dir, { recursive: true, force: true });
  }
});

test(
  'the direct signature is byte for byte what xml-crypto makes, for any token text',
  { skip },
  async () => {
    const fc = await import('fast-check');
    const pki = makeRsaSigner();
    try {
      const pem = { key: readFileSync(pki.keyFile), cert: readFileSync(pki.certFile) };
      const parsed = { key: createPrivateKey(pem.key), cert: pem.cert, issuerSerial: issuerSerial(pem.cert) };
      // Any text a broker or a message id could bring: markup characters, quotes, non-ASCII, control
      // characters, CR (canonicalised as &#xD;), empty values (empty elements): the direct way or the
      // xml-crypto way, the result must be the same.
      const text = fc
        .string({ unit: 'binary', maxLength: 24 })
        .filter((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/.test(v));
      fc.assert(
        fc.property(text, text, fc.stringMatching(/^[0-9a-f-]{1,36}$/), (assertionId, level, extension) => {
          const input = {
            messageId: { root: '2.16.840.1.113883.2.4.6.6.900001.1', extension },
            interaction: 'QURX_IN990111NL',
            bsn: '999901539',
            auth: { time: Date.UTC(2026, 0, 5, 9, 30), level, assertionId },
            addressedParty: '1',
            now: Date.UTC(2026, 0, 5, 9, 31),
          };
          assert.equal(signedTokenHeader(input, parsed), signedTokenHeaderXmlCrypto(input, pem));
        }),
        { numRuns: 150 },
      );
    } finally {
      rmSync(pki.dir, { recursive: true, force: true });
    }
  },
);
