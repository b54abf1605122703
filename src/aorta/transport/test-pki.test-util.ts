/**
 * Test helper: a throw-away PKI made with the `openssl` command in a temp folder: a CA, a server
 * certificate for localhost/127.0.0.1, a client certificate from that CA, and a client certificate from
 * a second, untrusted CA.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestPki {
  dir: string;
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  rogueCertFile: string;
  rogueKeyFile: string;
}

/** True when the openssl command is available. */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function ossl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

function ca(dir: string, name: string): void {
  ossl(
    dir,
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`].concat(
      [
        '-days',
        '2',
        '-subj',
        `/CN=${name}`,
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign',
      ],
    ),
  );
}

function leaf(dir: string, name: string, issuer: string, ext: string): void {
  ossl(dir, [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    `/CN=${name}`,
  ]);
  writeFileSync(path.join(dir, `${name}.ext`), ext);
  ossl(
    dir,
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${issuer}.pem`,
      '-CAkey',
      `${issuer}.key`,
      '-CAcreateserial',
    ].concat(['-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`]),
  );
}

/** Creates the PKI in a new temp folder. */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brug-'));
  ca(dir, 'ca');
  ca(dir, 'rogue-ca');
  leaf(dir, 'server', 'ca', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  leaf(dir, 'client', 'ca', 'extendedKeyUsage=clientAuth\n');
  leaf(dir, 'rogue', 'rogue-ca', 'extendedKeyUsage=clientAuth\n');
  const f = (n: string): string => path.join(dir, n);
  return {
    dir,
    caFile: f('ca.pem'),
    serverCertFile: f('server.pem'),
    serverKeyFile: f('server.key'),
    clientCertFile: f('client.pem'),
    clientKeyFile: f('client.key'),
    rogueCertFile: f('rogue.pem'),
    rogueKeyFile: f('rogue.key'),
  };
}

/**
 * Creates one self-signed RSA key and certificate (for XML signatures) in a new temp folder.
 * @returns the folder and the PEM file names
 */
export function makeRsaSigner(): { dir: string; certFile: string; keyFile: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brug-'));
  ossl(
    dir,
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'signer.key', '-out', 'signer.pem'].concat([
      '-days',
      '2',
      '-subj',
      '/C=NL/O=Brug/CN=brug-test',
    ]),
  );
  return { dir, certFile: path.join(dir, 'signer.pem'), keyFile: path.join(dir, 'signer.key') };
}
