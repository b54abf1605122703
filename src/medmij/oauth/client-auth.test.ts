import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyRequest } from 'fastify';
import { presentedCertificate } from './client-auth.ts';

const PEM = '-----BEGIN CERTIFICATE-----\nnot read in these cases\n-----END CERTIFICATE-----';

/** A request as Fastify hands it over: its socket (TLS or plain) and its headers. */
function requestOn(socket: object, headers: Record<string, string>): FastifyRequest {
  return { raw: { socket }, headers } as unknown as FastifyRequest;
}

test('on a TLS connection straight to Brug a certificate header is never read: it is the client talking', () => {
  const tlsWithoutCertificate = { getPeerCertificate: () => ({}), authorized: false };
  const req = requestOn(tlsWithoutCertificate, { 'x-ssl-client-cert': encodeURIComponent(PEM) });
  assert.equal(presentedCertificate(req, 'x-ssl-client-cert'), undefined);
});

test('on a plain connection (behind the trusted proxy) the configured header is read, and only then', () => {
  const plain = {};
  const req = requestOn(plain, { 'x-ssl-client-cert': 'garbage' });
  assert.equal(presentedCertificate(req, undefined), undefined, 'no proxy configured: no header');
  assert.throws(
    () => presentedCertificate(req, 'x-ssl-client-cert'),
    (e: unknown) => e instanceof Error && /could not be read/.test(e.message),
  );
});
