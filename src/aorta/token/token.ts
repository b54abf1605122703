/**
 * The AORTA authentication token carried in the SOAP header of a query: which message it belongs to,
 * its validity window, the addressed party (the LSP), and, co-signed, the trigger event and the patient.
 * For patient (MedMij) traffic it also carries the patient's DigiD authentication (time, level, assertion
 * id).
 *
 * Shape: the 2013 UZI-pas token example ([E] domain/aorta.md section 1.1, namespace
 * `http://www.aortarelease.nl/805/`). [U] No public text gives the element names for a patient's DigiD
 * authentication in an HL7v3 (non-FHIR) AORTA token, so `patientAuthentication` and its children are
 * Brug's own naming, and namespace, lifetime, trigger events and whether the block is written are options.
 */
import { el, escapeText } from '../../xml/index.ts';
import { OID_APPLICATION_ID, OID_BSN } from '../hl7v3/oids.ts';
import { formatTs } from '../hl7v3/time.ts';
import type { Ii } from '../hl7v3/wrapper.ts';
import type { PatientAuthentication } from '../types.ts';

export const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';

export interface AortaTokenOptions {
  /** Namespace of `authenticationTokens`. Default `http://www.aortarelease.nl/805/` [E]. */
  namespace: string;
  /** Validity window from now, ms. Default 5 minutes (as the example). */
  lifetimeMs: number;
  /** Trigger event id per query interaction; others get the interaction id with `_IN` → `_TE` [U]. */
  triggerEvents: Record<string, string>;
  /** Write the patient's DigiD authentication block. Default true. */
  includePatientAuthentication: boolean;
}

export const DEFAULT_TOKEN_OPTIONS: AortaTokenOptions = {
  namespace: 'http://www.aortarelease.nl/805/',
  lifetimeMs: 5 * 60 * 1000,
  // [E] the only example pairs QURX_IN990111NL with QURX_TE990011NL.
  triggerEvents: { QURX_IN990111NL: 'QURX_TE990011NL' },
  includePatientAuthentication: true,
};

export interface TokenInput {
  /** The HL7v3 message id of the query the token goes with. */
  messageId: Ii;
  interaction: string;
  bsn: string;
  auth: PatientAuthentication;
  /** Application id of the addressed party (the LSP). */
  addressedParty: string;
  /** Epoch ms; default now. */
  now?: number;
}

/** The wsu:Id of a token: `token_<root>_<extension>`, as in the example. */
export function tokenId(messageId: Ii): string {
  return `token_${messageId.root}_${messageId.extension}`.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** The trigger event id for a query interaction. */
export function triggerEventFor(interaction: string, o: AortaTokenOptions): string {
  return o.triggerEvents[interaction] ?? interaction.replace('_IN', '_TE');
}

function ii(name: string, root: string, extension: string): string {
  return el(name, {}, el('root', {}, escapeText(root)) + el('extension', {}, escapeText(extension)));
}

/**
 * Writes the unsigned `<authenticationTokens>` block. The `soapenv` prefix must be in scope where it is
 * placed (it carries `soapenv:mustUnderstand`).
 * @param t - message, patient and authentication
 * @param o - token options
 */
export function writeToken(t: TokenInput, o: AortaTokenOptions = DEFAULT_TOKEN_OPTIONS): string {
  const now = t.now ?? Date.now();
  const patientAuth = o.includePatientAuthentication
    ? el(
        'patientAuthentication',
        {},
        el('authenticationTime', {}, formatTs(t.auth.time)) +
          el('assuranceLevel', {}, escapeText(t.auth.level)) +
          el('assertionId', {}, escapeText(t.auth.assertionId)),
      )
    : '';
  const authenticationData = el(
    'authenticationData',
    {},
    ii('messageId', t.messageId.root, t.messageId.extension) +
      el('notBefore', {}, formatTs(now)) +
      el('notAfter', {}, formatTs(now + o.lifetimeMs)) +
      ii('addressedParty', OID_APPLICATION_ID, t.addressedParty) +
      patientAuth,
  );
  const coSigned = el(
    'coSignedData',
    {},
    el('triggerEventId', {}, escapeText(triggerEventFor(t.interaction, o))) + ii('patientId', OID_BSN, t.bsn),
  );
  const signedData = el(
    'signedData',
    { 'xmlns:wsu': WSU_NS, 'wsu:Id': tokenId(t.messageId) },
    authenticationData + coSigned,
  );
  return el('authenticationTokens', { xmlns: o.namespace, 'soapenv:mustUnderstand': '1' }, signedData);
}
