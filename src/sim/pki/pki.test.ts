import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePki, uziString, PKI_IDENTITIES } from './index.ts';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'brug-'));

test('ensurePki generates a CA, server, client and rogue certificates with UZI fields', async () => {
  const root = tmp();
  try {
    const pki = await ensurePki(join(root, 'pki'));
    for (const f of [
      'ca.pem',
      'ca.key',
      'sim-server.pem',
      'sim-server.key',
      'brug-client.pem',
      'brug-client.key',
    ]) {
      assert.ok(statSync(join(root, 'pki', f)).size > 0, f);
    }
    assert.equal(statSync(pki.server.keyFile).mode & 0o777, 0o600);
    const ca = new X509Certificate(pki.ca.cert);
    const server = new X509Certificate(pki.server.cert);
    const client = new X509Certificate(pki.client.cert);
    const rogue = new X509Certificate(pki.rogueClient.cert);
    assert.equal(ca.ca, true);
    assert.ok(server.verify(ca.publicKey), 'server certificate signed by the test CA');
    assert.ok(client.verify(ca.publicKey), 'client certificate signed by the test CA');
    assert.ok(!rogue.verify(ca.publicKey), 'rogue certificate not signed by the test CA');
    assert.ok(rogue.verify(new X509Certificate(pki.rogueCa.cert).publicKey));
    assert.equal(server.checkHost('localhost'), 'localhost');
    assert.equal(server.checkIP('127.0.0.1'), '127.0.0.1');
    assert.match(server.subject, /CN=localhost/);
    assert.match(server.subject, /serialNumber=900000101/);
    assert.match(client.subject, /O=Brug demo/);
    const uzi = uziString(PKI_IDENTITIES.client);
    assert.equal(uzi, '2.16.528.1.1003.1.3.5.5.5-1-900000102-S-90000001-00.000-00000000');
    assert.ok(client.raw.includes(Buffer.from(uzi, 'ascii')), 'UZI string in the client certificate');
    assert.match(client.keyUsage?.join(',') ?? '', /1\.3\.6\.1\.5\.5\.7\.3\.2/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('ensurePki reuses an existing PKI and is safe when called concurrently', async () => {
  const root = tmp();
  try {
    const dir = join(root, 'pki');
    const [a, c] = await Promise.all([ensurePki(dir), ensurePki(dir)]);
    assert.equal(a.ca.cert, c.ca.cert);
    assert.equal(a.server.key, c.server.key);
    const again = await ensurePki(dir);
    assert.equal(again.client.cert, a.client.cert, 'second call reuses the files');
    assert.equal(readFileSync(again.ca.certFile, 'utf8'), a.ca.cert);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('ensurePki refuses a half-filled folder with a clear message', async () => {
  const root = tmp();
  try {
    mkdirSync(join(root, 'pki'));
    writeFileSync(join(root, 'pki', 'ca.pem'), 'x');
    await assert.rejects(ensurePki(join(root, 'pki')), /incomplete \(missing ca\.key, sim-server\.pem/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
