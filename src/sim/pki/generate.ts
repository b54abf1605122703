/**
 * Generates the certificates of the test PKI in memory: a CA, UZI-style server certificates signed by
 * it, and a second ("rogue") CA with a client certificate that the simulator must refuse.
 * RSA 2048 with SHA-256, via `@peculiar/x509` on Node's WebCrypto.
 */
import 'reflect-metadata'; // @peculiar/x509 (tsyringe) needs a Reflect metadata polyfill loaded first
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { subjectAltNameDer, type AltName } from './der.ts';

/**
 * OID of the UZI-register Server CA, the prefix of the UZI string in a server certificate's otherName.
 * Public UZI tooling names .5.5.2 Zorgverlener CA, .5.5.3 Medewerker op naam, .5.5.4 niet op naam and
 * .5.5.5 Server CA; the CPS itself was not read (see README).
 */
export const UZI_SERVER_CA_OID = '2.16.528.1.1003.1.3.5.5.5';
/** OID of the otherName type that carries the UZI string (IA5String). */
export const UZI_OTHERNAME_OID = '2.5.5.5';
const SERIAL_NUMBER_OID = '2.5.4.5';

/** Subject data of a UZI server certificate (the profile used in both TLS directions on the LSP). */
export interface UziIdentity {
  /** Host name (CN). */
  commonName: string;
  /** Organisation name (O). */
  organisation: string;
  /** UZI number of the certificate (subject serialNumber and part of the UZI string). */
  uziNumber: string;
  /** Subscriber number (abonneenummer) = the organisation's URA, 8 digits. */
  ura: string;
  /** AGB code; 00000000 when there is none. */
  agb?: string;
  /** Extra DNS names and IPv4 addresses for the subjectAltName. */
  dnsNames?: string[];
  ipAddresses?: string[];
}

/** A PEM certificate and its PKCS#8 PEM private key. */
export interface PemPair {
  cert: string;
  key: string;
}

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
const crypto = webcrypto;
const ALG = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

/**
 * The UZI string of a server certificate: `<OID CA>-<version>-<UZI number>-S-<URA>-00.000-<AGB>`.
 * @param id - the certificate's identity
 */
export function uziString(id: UziIdentity): string {
  return `${UZI_SERVER_CA_OID}-1-${id.uziNumber}-S-${id.ura}-00.000-${id.agb ?? '00000000'}`;
}

async function keyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
}

async function keyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

function serial(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[0] = b[0]! & 0x7f; // positive
  return Buffer.from(b).toString('hex');
}

function validity(years: number): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: new Date(now - 86_400_000), notAfter: new Date(now + years * 365 * 86_400_000) };
}

/** A PKI member that can sign: its certificate and key pair. */
export interface Authority {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
  pem: PemPair;
}

/**
 * Creates a self-signed CA.
 * @param commonName - CN of the CA
 * @param organisation - O of the CA
 */
export async function createCa(commonName: string, organisation: string): Promise<Authority> {
  const keys = await keyPair();
  const name: x509.JsonName = [{ CN: [commonName] }, { O: [organisation] }, { C: ['NL'] }];
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name,
      keys,
      ...validity(20),
      signingAlgorithm: ALG,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { cert, keys, pem: { cert: cert.toString('pem'), key: await keyPem(keys.privateKey) } };
}

/**
 * Issues a UZI-style server certificate (usable for TLS server and client authentication).
 * @param ca - the issuing CA
 * @param id - subject data
 */
export async function issueUziCertificate(ca: Authority, id: UziIdentity): Promise<PemPair> {
  const keys = await keyPair();
  const alt: AltName[] = [
    ...[id.commonName, ...(id.dnsNames ?? [])].map((dns) => ({ dns })),
    ...(id.ipAddresses ?? []).map((ip) => ({ ip })),
    { otherName: { oid: UZI_OTHERNAME_OID, ia5: uziString(id) } },
  ];
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial(),
      subject: [
        { CN: [id.commonName] },
        { O: [id.organisation] },
        { [SERIAL_NUMBER_OID]: [id.uziNumber] },
        { C: ['NL'] },
      ],
      issuer: ca.cert.subjectName,
      publicKey: keys.publicKey,
      signingKey: ca.keys.privateKey,
      ...validity(10),
      signingAlgorithm: ALG,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
          true,
        ),
        new x509.ExtendedKeyUsageExtension([
          x509.ExtendedKeyUsage.serverAuth,
          x509.ExtendedKeyUsage.clientAuth,
        ]),
        new x509.Extension('2.5.29.17', false, subjectAltNameDer(alt)),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { cert: cert.toString('pem'), key: await keyPem(keys.privateKey) };
}
