/**
 * The contract between the LSP side (`aorta/`) and the rest of Brug. `aorta/` knows HL7v3 and SOAP but
 * nothing of FHIR: it sends one query addressed to one provider and returns the parts of the answer
 * that came from that provider, parsed into this typed model, with each payload as an XML tree for
 * `translate/` to map.
 */
import type { XmlElement } from '../xml/index.ts';

/** The provider a query is addressed to (from onboarding): answers from anyone else are dropped. */
export interface LspTarget {
  /** LSP application id of the provider's system (OID 2.16.840.1.113883.2.4.6.6). */
  applicationId: string;
  /** The provider's URA (OID 2.16.528.1.1007.3.3), eight digits. */
  ura: string;
}

/** The patient's DigiD authentication as recorded with the grant; the LSP query carries it. */
export interface PatientAuthentication {
  /** Epoch milliseconds of the DigiD login. */
  time: number;
  /** Assurance level, e.g. 'substantieel'. */
  level: string;
  /** Id of the authentication assertion (ID token `sid`/`jti` or similar). */
  assertionId: string;
}

export interface LspQuery {
  /** Query interaction id, e.g. 'QURX_IN990111NL'. */
  interaction: string;
  /** The patient's BSN (9 digits): goes into the HL7v3 patientID only, never into logs. */
  bsn: string;
  target: LspTarget;
  auth: PatientAuthentication;
  /** Interaction-specific query parameters (e.g. dispense time interval for QURX_IN990111NL). */
  parameters?: Record<string, unknown>;
  /** MedMij-Request-ID / X-Correlation-ID of the PGO request, for logs. */
  requestId?: string;
  correlationId?: string;
  /** The message id (extension) to give the HL7v3 query, so the caller can record it; default a new UUID. */
  messageId?: string;
}

/** An acknowledgement detail or detected issue, e.g. { code: 'AUTERR_SWV_FALSE', ... }. */
export interface LspIssue {
  code: string;
  /** Code system OID when given. */
  codeSystem?: string;
  /** Human text with every BSN already masked. */
  text?: string;
  /** 'E' | 'W' | 'I' for acknowledgement details. */
  severity?: string;
}

/** One interaction in the answer (a single answer has one; an LSP batch one per source). */
export interface AnswerPart {
  /** Response interaction id, e.g. 'QURX_IN990113NL'. */
  interaction: string;
  /** Sender device of the part. */
  source: { applicationId: string; ura?: string; name?: string };
  /** Transmission acknowledgement type: AA (accepted), AE (error), AR (rejected). */
  ackType: string;
  /** queryAck/queryResponseCode: OK, NF, AE, QE. */
  queryResponseCode?: string;
  issues: LspIssue[];
  /** The part's interaction root element (e.g. <QURX_IN990113NL>), for translate/. */
  message: XmlElement;
}

export interface LspAnswer {
  parts: AnswerPart[];
  /** Parts from sources other than the addressed provider, dropped. */
  droppedParts: number;
  /**
   * Issues the LSP itself raised (batch acknowledgement details, LSP-authored parts such as
   * AUTERR_SWV_FALSE "data outside your region"), texts BSN-masked. Never data. (Added by aorta/.)
   */
  lspIssues?: LspIssue[];
}

export interface LspClient {
  query(query: LspQuery, signal?: AbortSignal): Promise<LspAnswer>;
  /** True when the LSP endpoint can be reached (for /ready). */
  ping(): Promise<boolean>;
  close(): void;
}
