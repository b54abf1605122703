/**
 * SOAP 1.1 as AORTA uses it: the HL7v3 interaction is the single child of `soapenv:Body`; the Header
 * carries security tokens only (domain/aorta.md section 1.1).
 */
import { child, type XmlElement } from '../../xml/index.ts';
import { LspError } from '../errors.ts';
import { maskBsns } from '../mask.ts';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/**
 * Wraps an interaction (and optional header blocks) in a SOAP 1.1 envelope with an XML declaration.
 * @param body - the interaction element as XML text
 * @param headerXml - header blocks as XML text ('' for none)
 */
export function soapEnvelope(body: string, headerXml = ''): string {
  const header = headerXml === '' ? '' : `<soapenv:Header>${headerXml}</soapenv:Header>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<soapenv:Envelope xmlns:soapenv="${SOAP11_NS}">${header}<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`
  );
}

export interface SoapFault {
  faultCode: string;
  /** faultstring, BSNs masked. */
  faultString: string;
}

/**
 * Reads a SOAP 1.1 Fault from a parsed document, or returns undefined when it is none.
 * @param doc - the parsed root element
 */
export function readSoapFault(doc: XmlElement): SoapFault | undefined {
  if (doc.ns !== SOAP11_NS || doc.name !== 'Envelope') return undefined;
  const fault = child(child(doc, 'Body'), 'Fault');
  if (!fault || fault.ns !== SOAP11_NS) return undefined;
  return {
    faultCode: child(fault, 'faultcode')?.text.trim() ?? '',
    faultString: maskBsns(child(fault, 'faultstring')?.text.trim() ?? ''),
  };
}

/**
 * The HL7v3 interaction in a document: the single element child of a SOAP 1.1 Body, or the document
 * root itself when the answer is bare.
 * @param doc - the parsed root element
 * @throws LspError 'soap-fault' for a Fault, 'malformed' for an empty Body or a foreign root
 */
export function unwrapSoap(doc: XmlElement): XmlElement {
  if (doc.ns === SOAP11_NS) {
    if (doc.name !== 'Envelope') throw new LspError('malformed', `SOAP root is ${doc.name}, not Envelope`);
    const fault = readSoapFault(doc);
    if (fault) {
      throw new LspError('soap-fault', `SOAP fault ${fault.faultCode}: ${fault.faultString}`, {
        faultCode: fault.faultCode,
      });
    }
    const body = child(doc, 'Body');
    const payload = body?.children.filter((c) => c.ns !== SOAP11_NS) ?? [];
    if (payload.length !== 1) {
      throw new LspError('malformed', `SOAP Body holds ${payload.length} elements, expected one interaction`);
    }
    return payload[0]!;
  }
  return doc;
}
