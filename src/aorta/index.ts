/**
 * `aorta/`: the LSP side of Brug. `createLspClient` is the entry point; the rest is exported for the
 * simulator (parsing queries it receives) and for tests.
 */
export {
  createLspClient,
  DEFAULT_LSP_CLIENT_OPTIONS,
  type LspClientDeps,
  type LspClientOptions,
} from './client.ts';
export { LspError, KNOWN_LSP_CODES, isKnownLspCode, type LspErrorKind, type KnownLspCode } from './errors.ts';
export { maskBsns, BSN_MASK } from './mask.ts';
export { buildQuery, type BuiltQuery, type QueryInput } from './hl7v3/build-query.ts';
export { parseQuery, type ParsedQuery } from './hl7v3/parse-query.ts';
export {
  parseAnswer,
  splitAnswer,
  readPart,
  type ParseAnswerOptions,
  type RawPart,
} from './hl7v3/parse-answer.ts';
export { QUERY_PARAMETERS, paramsFor, type ParamSpec, type TimeInterval } from './hl7v3/query-params.ts';
export type { SenderIdentity, Addressing } from './hl7v3/identity.ts';
export { isFromTarget, readSource, normaliseUra, type PartSource } from './hl7v3/source.ts';
export { soapEnvelope, unwrapSoap, readSoapFault, SOAP11_NS } from './transport/soap.ts';
export { soapActionFor, DEFAULT_SOAP_ACTIONS } from './soap-actions.ts';
export * from './types.ts';
export { createTokenHeader, signedTokenHeader, issuerSerial, type SigningKey } from './token/sign.ts';
export { writeToken, DEFAULT_TOKEN_OPTIONS, type AortaTokenOptions, type TokenInput } from './token/token.ts';
