/**
 * Typed failures of an LSP call. `aorta/` only says what went wrong; turning an `LspError` into an HTTP
 * status and a FHIR OperationOutcome happens in `services/` (see `services/lsp-outcome.ts`).
 */

/**
 * What went wrong:
 * - `timeout`: no (complete) answer within `timeoutMs`;
 * - `aborted`: the caller's AbortSignal fired (the PGO went away);
 * - `unreachable`: no connection (refused, DNS, reset before a byte was sent) or the circuit is open;
 * - `busy`: too many requests already waiting for this destination (shed load);
 * - `tls`: the TLS handshake failed (server certificate not trusted or wrong name, our certificate refused);
 * - `soap-fault`: the LSP answered with a SOAP 1.1 Fault;
 * - `http`: a non-2xx HTTP status without a SOAP Fault;
 * - `malformed`: the answer is not the XML we expect (too large, not XML, no HL7v3 interaction);
 * - `refused`: the LSP answered with an acknowledgement error (AE/AR) and no provider data; see `codes`.
 */
export type LspErrorKind =
  'timeout' | 'aborted' | 'unreachable' | 'busy' | 'tls' | 'soap-fault' | 'http' | 'malformed' | 'refused';

/** LSP acknowledgement/detected-issue codes Brug knows by name (../shared/domain/aorta.md section 3). */
export const KNOWN_LSP_CODES = [
  'NOSTORE',
  'RTEDEST',
  'RTUDEST',
  'KEY204',
  'QABRTITI',
  'AUTERR_MEDISCH',
  'AUTERR_SWV_FALSE',
  'AUTERR_CONFRCV',
  'SYN105',
] as const;

export type KnownLspCode = (typeof KNOWN_LSP_CODES)[number];

/** True when `code` is one of the LSP codes Brug maps by name (anything else is "other"). */
export function isKnownLspCode(code: string): code is KnownLspCode {
  return (KNOWN_LSP_CODES as readonly string[]).includes(code);
}

export interface LspErrorDetails {
  /** LSP codes from acknowledgementDetail / justifiedDetectedIssue (kind 'refused'). */
  codes?: string[];
  /** HTTP status of the answer, when there was one. */
  httpStatus?: number;
  /** SOAP faultcode (kind 'soap-fault'). */
  faultCode?: string;
  /** The underlying error (socket, TLS, parser); never sent outward. */
  cause?: unknown;
}

/** A failed LSP call. `message` never contains a BSN (texts from the LSP are masked). */
export class LspError extends Error {
  override readonly name = 'LspError';
  readonly codes: string[];
  readonly httpStatus: number | undefined;
  readonly faultCode: string | undefined;

  /**
   * @param kind - what went wrong (see `LspErrorKind`)
   * @param message - a diagnostic for logs, BSNs masked
   * @param details - LSP codes, HTTP status, SOAP fault code, cause
   */
  constructor(
    readonly kind: LspErrorKind,
    message: string,
    details: LspErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.codes = details.codes ?? [];
    this.httpStatus = details.httpStatus;
    this.faultCode = details.faultCode;
  }
}
