/**
 * FHIR errors: one error class holding an OperationOutcome and an HTTP status, and builders for the
 * statuses the resource server answers with. FHIR logic throws these; the one error edge in
 * `routes.ts` renders them in the negotiated format. Texts here go to the PGO: never put a BSN or any
 * other patient data in them.
 */
import type * as fhir from 'fhir';

export type IssueSeverity = 'fatal' | 'error' | 'warning' | 'information';

/**
 * Builds an OperationOutcome with one issue (elements in FHIR definition order).
 * @param severity - issue severity
 * @param code - issue type code (http://hl7.org/fhir/issue-type), e.g. `invalid`, `not-found`
 * @param text - human-readable text, public
 * @param expression - FHIRPath or parameter name the issue is about, if any
 */
export function operationOutcome(
  severity: IssueSeverity,
  code: string,
  text: string,
  expression?: string,
): fhir.OperationOutcome {
  const issue: fhir.OperationOutcomeIssue = { severity, code, details: { text } };
  if (expression !== undefined) issue.expression = [expression];
  return { resourceType: 'OperationOutcome', issue: [issue] };
}

/** An error that the FHIR layer answers with `status` and the OperationOutcome it holds. */
export class FhirError extends Error {
  override readonly name = 'FhirError';
  /** Extra response headers, e.g. `WWW-Authenticate` on 401 or `Allow` on 405. */
  readonly headers: Record<string, string>;
  constructor(
    readonly status: number,
    readonly outcome: fhir.OperationOutcome,
    headers: Record<string, string> = {},
    /** Detail for the log only (never sent). */
    readonly privateDetail?: string,
  ) {
    super(outcome.issue[0]?.details?.text ?? `FHIR error ${status}`);
    this.headers = headers;
  }
}

/**
 * 400: a request the server will not run (a bad parameter value, an unknown parameter under strict handling).
 * @param text - public description
 * @param param - the parameter at fault, put in `issue.expression`
 */
export function badRequest(text: string, param?: string): FhirError {
  return new FhirError(
    400,
    operationOutcome('error', param === undefined ? 'invalid' : 'processing', text, param),
  );
}

/**
 * 401 with `WWW-Authenticate: Bearer realm="brug", error="invalid_token"` (RFC 6750 section 3).
 * @param text - public description
 */
export function unauthorized(text = 'A valid access token is required.'): FhirError {
  return new FhirError(401, operationOutcome('error', 'login', text), {
    'WWW-Authenticate': 'Bearer realm="brug", error="invalid_token"',
  });
}

/**
 * 403: the token does not cover this provider or data service.
 * @param text - public description
 */
export function forbidden(text = 'The access token does not grant access to this resource.'): FhirError {
  return new FhirError(403, operationOutcome('error', 'forbidden', text));
}

/**
 * 404: unknown endpoint, resource type or path.
 * @param text - public description
 */
export function notFound(text = 'Not found.'): FhirError {
  return new FhirError(404, operationOutcome('error', 'not-found', text));
}

/**
 * 405 with an `Allow` header.
 * @param allow - the methods that are allowed
 */
export function methodNotAllowed(allow = 'GET'): FhirError {
  return new FhirError(405, operationOutcome('error', 'not-supported', `Only ${allow} is supported here.`), {
    Allow: allow,
  });
}

/**
 * 406: neither FHIR JSON nor FHIR XML is acceptable to the client.
 * @param text - public description
 */
export function notAcceptable(
  text = 'The requested format is not supported; use application/fhir+json or application/fhir+xml.',
): FhirError {
  return new FhirError(406, operationOutcome('error', 'not-supported', text));
}

/**
 * 500 with a generic text; the detail goes to the log only.
 * @param privateDetail - what went wrong, for the log
 */
export function serverError(privateDetail?: string): FhirError {
  return new FhirError(
    500,
    operationOutcome('error', 'exception', 'An internal error occurred.'),
    {},
    privateDetail,
  );
}

/**
 * 503: a dependency (the LSP, the store) is not available; `Retry-After` when known.
 * @param text - public description
 * @param retryAfterSeconds - value of the Retry-After header
 */
export function serviceUnavailable(
  text = 'The service is temporarily unavailable.',
  retryAfterSeconds?: number,
): FhirError {
  return new FhirError(
    503,
    operationOutcome('error', 'transient', text),
    retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) },
  );
}

/**
 * 504: the source system did not answer in time.
 * @param text - public description
 */
export function gatewayTimeout(text = 'The source system did not answer in time.'): FhirError {
  return new FhirError(504, operationOutcome('error', 'timeout', text));
}

/** Replaces every run of exactly nine digits (a possible BSN) by `XXXXXXXXX`, for log lines. */
export function maskBsn(text: string): string {
  return text.replace(/(?<!\d)\d{9}(?!\d)/g, 'XXXXXXXXX');
}
