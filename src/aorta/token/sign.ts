/**
 * Signs the AORTA token: an XML Signature (exc-c14n, rsa-sha256, sha256; AORTA 8.4 "Digitaal tekenen")
 * over `signedData`, placed in a `wsse:Security` header block, with KeyInfo naming Brug's certificate by
 * issuer and serial number (as the AORTA example). Returns the SOAP header blocks as XML text.
 */
import { createHash, createPrivateKey, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignedXml } from 'xml-crypto';
import { escapeText } from '../../xml/index.ts';
import type { BuiltQuery } from '../hl7v3/build-query.ts';
import { SOAP11_NS } from '../transport/soap.ts';
import type { LspQuery } from '../types.ts';
import {
  DEFAULT_TOKEN_OPTIONS,
  tokenId,
  WSSE_NS,
  writeToken,
  type AortaTokenOptions,
  type TokenInput,
} from './token.ts';

const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

export interface SigningKey {
  /** PEM private key, or the key already parsed (parsing a PEM key for every signature is costly). */
  key: string | Buffer | KeyObject;
  /** PEM certificate (the first one is the signer). */
  cert: string | Buffer;
  /** The certificate's issuer and serial, when already read (`issuerSerial`). */
  issuerSerial?: { issuer: string; serial: string };
}

/** RFC 2253 issuer name and decimal serial number of a certificate. */
export function issuerSerial(certPem: string | Buffer): { issuer: string; serial: string } {
  const c = new X509Certificate(certPem);
  const issuer = c.issuer.split('\n').reverse().join(', ');
  return { issuer, serial: BigInt(`0x${c.serialNumber}`).toString(10) };
}

const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';

function keyInfo(issuer: string, serial: string): string {
  return (
    `<wsse:SecurityTokenReference xmlns:wsse="${WSSE_NS}"><ds:X509Data xmlns:ds="${DS_NS}">` +
    `<ds:X509IssuerSerial><ds:X509IssuerName>${escapeText(issuer)}</ds:X509IssuerName>` +
    `<ds:X509SerialNumber>${serial}</ds:X509SerialNumber></ds:X509IssuerSerial></ds:X509Data></wsse:SecurityTokenReference>`
  );
}

/** SignedInfo for one digest, with empty elements written as `open` does (`/>` or `></name>`). */
function signedInfo(id: string, digest: string, canonical: boolean): string {
  const empty = (name: string, algorithm: string): string =>
    canonical
      ? `<ds:${name} Algorithm="${algorithm}"></ds:${name}>`
      : `<ds:${name} Algorithm="${algorithm}"/>`;
  return (
    `<ds:SignedInfo${canonical ? ` xmlns:ds="${DS_NS}"` : ''}>` +
    empty('CanonicalizationMethod', EXC_C14N) +
    empty('SignatureMethod', RSA_SHA256) +
    `<ds:Reference URI="#${id}"><ds:Transforms>${empty('Transform', EXC_C14N)}</ds:Transforms>` +
    `${empty('DigestMethod', SHA256)}<ds:DigestValue>${digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>`
  );
}

/** Characters for which our writer's output is already exclusive-c14n text (no CR, no empty elements). */
const PLAIN_NAMESPACE = /^[\x21-\x7e]+$/;
const C14N_UNSAFE = /\r|\/>/;

/**
 * Writes and signs the token; returns the header blocks (`authenticationTokens` + `wsse:Security`).
 *
 * The token is XML we write ourselves, so its exclusive canonical form is known without parsing it:
 * `signedData` as written, with the inherited default namespace declared first (elements are never
 * empty, text escapes only `&`, `<` and `>`, and the one attribute is a sanitised id). The digest, the
 * canonical SignedInfo and the RSA-SHA256 signature are computed directly, byte for byte what
 * xml-crypto produces (`signedTokenHeaderXmlCrypto`, compared in sign.test.ts) at a fraction of the
 * cost: it runs for every LSP query. Anything outside that shape goes through xml-crypto.
 * @param t - message, patient and authentication
 * @param signer - Brug's key and certificate
 * @param o - token options
 */
export function signedTokenHeader(
  t: TokenInput,
  signer: SigningKey,
  o: AortaTokenOptions = DEFAULT_TOKEN_OPTIONS,
): string {
  const token = writeToken(t, o);
  const start = token.indexOf('<signedData ');
  const end = token.lastIndexOf('</signedData>') + '</signedData>'.length;
  const signedData = token.slice(start, end);
  if (
    start < 0 ||
    C14N_UNSAFE.test(signedData) ||
    !PLAIN_NAMESPACE.test(o.namespace) ||
    o.namespace.includes('"')
  )
    return signedTokenHeaderXmlCrypto(t, signer, o);
  const canonical = `<signedData xmlns="${o.namespace}"${signedData.slice('<signedData'.length)}`;
  const id = tokenId(t.messageId);
  const digest = createHash('sha256').update(canonical).digest('base64');
  const value = sign('sha256', Buffer.from(signedInfo(id, digest, true)), signer.key).toString('base64');
  const { issuer, serial } = signer.issuerSerial ?? issuerSerial(signer.cert);
  return (
    `${token}<wsse:Security xmlns:wsse="${WSSE_NS}" soapenv:mustUnderstand="1">` +
    `<ds:Signature xmlns:ds="${DS_NS}">${signedInfo(id, digest, false)}` +
    `<ds:SignatureValue>${value}</ds:SignatureValue><ds:KeyInfo>${keyInfo(issuer, serial)}</ds:KeyInfo>` +
    `</ds:Signature></wsse:Security>`
  );
}

/**
 * The same header signed by xml-crypto from the parsed document: the reference `signedTokenHeader`
 * is checked against, and its way for tokens outside the shape it signs directly.
 * @param t - message, patient and authentication
 * @param signer - Brug's key and certificate
 * @param o - token options
 */
export function signedTokenHeaderXmlCrypto(
  t: TokenInput,
  signer: SigningKey,
  o: AortaTokenOptions = DEFAULT_TOKEN_OPTIONS,
): string {
  const { issuer, serial } = signer.issuerSerial ?? issuerSerial(signer.cert);
  const doc =
    `<soapenv:Header xmlns:soapenv="${SOAP11_NS}">${writeToken(t, o)}` +
    `<wsse:Security xmlns:wsse="${WSSE_NS}" soapenv:mustUnderstand="1"></wsse:Security></soapenv:Header>`;
  const sig = new SignedXml({
    privateKey: signer.key,
    idMode: 'wssecurity',
    canonicalizationAlgorithm: EXC_C14N,
    signatureAlgorithm: RSA_SHA256,
    getKeyInfoContent: () => keyInfo(issuer, serial),
  });
  sig.addReference({
    xpath: "//*[local-name(.)='signedData']",
    transforms: [EXC_C14N],
    digestAlgorithm: SHA256,
  });
  sig.computeSignature(doc, {
    prefix: 'ds',
    location: { reference: "//*[local-name(.)='Security']", action: 'append' },
  });
  const signed = sig.getSignedXml();
  const open = signed.indexOf('>') + 1;
  const close = signed.lastIndexOf('</soapenv:Header>');
  return signed.slice(open, close);
}

/**
 * Makes the client's `securityHeader` option: reads Brug's key and certificate once and signs a token
 * for every query.
 * @param files - PEM files of Brug's key and certificate (the LSP client certificate)
 * @param lspApplicationId - the addressed party
 * @param options - token shape options
 */
export function createTokenHeader(
  files: { keyFile: string; certFile: string },
  lspApplicationId: string,
  options: Partial<AortaTokenOptions> = {},
): (query: LspQuery, built: BuiltQuery) => string {
  // Key and certificate are read and parsed once: each query's token is signed with them.
  const cert = readFileSync(files.certFile);
  const signer: SigningKey = {
    key: createPrivateKey(readFileSync(files.keyFile)),
    cert,
    issuerSerial: issuerSerial(cert),
  };
  const o: AortaTokenOptions = { ...DEFAULT_TOKEN_OPTIONS, ...options };
  return (query, built) =>
    signedTokenHeader(
      {
        messageId: built.messageId,
        interaction: query.interaction,
        bsn: query.bsn,
        auth: query.auth,
        addressedParty: lspApplicationId,
      },
      signer,
      o,
    );
}
