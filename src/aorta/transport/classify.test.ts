import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyNetworkError } from './classify.ts';

const err = (code: string, message = code): Error => Object.assign(new Error(message), { code });

test('socket and TLS errors get the kind an operator expects', () => {
  assert.equal(classifyNetworkError(err('ECONNREFUSED'), { tcp: false, tls: false }).kind, 'unreachable');
  assert.equal(classifyNetworkError(err('ENOTFOUND'), { tcp: false, tls: false }).kind, 'unreachable');
  assert.equal(classifyNetworkError(err('ECONNRESET'), { tcp: true, tls: false }).kind, 'unreachable');
  assert.equal(
    classifyNetworkError(err('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), { tcp: true, tls: false }).kind,
    'tls',
  );
  assert.equal(
    classifyNetworkError(err('ERR_TLS_CERT_ALTNAME_INVALID'), { tcp: true, tls: false }).kind,
    'tls',
  );
  assert.equal(
    classifyNetworkError(err('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'), { tcp: true, tls: true }).kind,
    'tls',
  );
  assert.equal(classifyNetworkError(err('ECONNRESET'), { tcp: true, tls: true, fresh: true }).kind, 'tls');
  assert.equal(
    classifyNetworkError(err('ECONNRESET'), { tcp: true, tls: true, fresh: false }).kind,
    'unreachable',
  );
  assert.equal(classifyNetworkError(err('EOTHER'), { tcp: true, tls: false }).kind, 'tls');
});
