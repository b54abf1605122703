/** SOAP 1.1 envelopes and faults for the simulator's HTTP answers. */
import { escapeText } from '../../xml/index.ts';
import { SOAP_NS } from './query.ts';

/**
 * Wraps an HL7v3 message (XML text without declaration) in a SOAP 1.1 envelope.
 * @param message - the serialised HL7v3 message
 */
export function soapEnvelope(message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<soap:Envelope xmlns:soap="${SOAP_NS}"><soap:Body>${message}</soap:Body></soap:Envelope>\n`;
}

/**
 * A SOAP 1.1 Fault document.
 * @param code - `soap:Client` or `soap:Server`
 * @param reason - faultstring (must not contain a BSN)
 */
export function soapFault(code: 'soap:Client' | 'soap:Server', reason: string): string {
  return soapEnvelope(
    `<soap:Fault><faultcode>${code}</faultcode><faultstring>${escapeText(reason)}</faultstring></soap:Fault>`,
  );
}
