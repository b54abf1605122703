/**
 * Signs the AORTA token: an XML Signature (exc-c14n, rsa-sha256, sha256; AORTA 8.4 "Digitaal tekenen")
 * over `signedData`, placed in a `wsse:Security` header block, with KeyInfo naming Brug's certificate by
 * issuer and serial number (as the AORTA example). Returns the SOAP header blocks as XML text.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignedXml } from 'xml-crypto';
import { escapeText } from '../../xml/index.ts';
import type { BuiltQuery } from '../hl7v3/build-query.ts';
import { SOAP11_NS } from '../transport/soap.ts';
import type { LspQuery } from '../types.ts';
import {
  DEFAULT_TOKEN_OPTIONS,
  WSSE_NS,
  writeToken,
  type AortaTokenOptions,
  type TokenInput,
} from './token.ts';

const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

export interface SigningKey {
  /** PEM private key. */
  key: string | Buffer;
  /** PEM certificate (the first one is the signer). */
  cert: string | Buffer;
}

/** RFC 2253 issuer name and decimal serial number of a certificate. */
export function issuerSerial(certPem: string | Buffer): { issuer: string; serial: string } {
  const c = new X509Certificate(certPem);
  const issuer = c.issuer.split('\n').reverse().join(', ');
  return { issuer, serial: BigInt(`0x${c.serialNumber}`).toString(10) };
}

/**
 * Writes and signs the token; returns the header blocks (`authenticationTokens` + `wsse:Security`).
 * @param t - message, patient and authentication
 * @param signer - Brug's key and certificate
 * @param o - token options
 */
export function signedTokenHeader(
  t: TokenInput,
  signer: SigningKey,
  o: AortaTokenOptions = DEFAULT_TOKEN_OPTIONS,
): string {
  const { issuer, serial } = issuerSerial(signer.cert);
  const doc =
    `<soapenv:Header xmlns:soapenv="${SOAP11_NS}">${writeToken(t, o)}` +
    `<wsse:Security xmlns:wsse="${WSSE_NS}" soapenv:mustUnderstand="1"></wsse:Security></soapenv:Header>`;
  const sig = new SignedXml({
    privateKey: signer.key,
    idMode: 'wssecurity',
    canonicalizationAlgorithm: EXC_C14N,
    signatureAlgorithm: RSA_SHA256,
    getKeyInfoContent: () =>
      `<wsse:SecurityTokenReference xmlns:wsse="${WSSE_NS}"><ds:X509Data xmlns:ds="http://www.w3.org/2000/09/xmldsig#">` +
      `<ds:X509IssuerSerial><ds:X509IssuerName>${escapeText(issuer)}</ds:X509IssuerName>` +
      `<ds:X509SerialNumber>${serial}</ds:X509SerialNumber></ds:X509IssuerSerial></ds:X509Data></wsse:SecurityTokenReference>`,
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
  const signer: SigningKey = { key: readFileSync(files.keyFile), cert: readFileSync(files.certFile) };
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
