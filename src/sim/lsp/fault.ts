/**
 * Fault injection for the simulator (DESIGN.md "Fault injection"): `BRUG_SIM_FAULT` for every request,
 * or a `fault` on one patient in a manifest.
 */

export type Fault =
  /** Accept the request and never answer; the connection stays open until the client gives up. */
  | { kind: 'timeout' }
  /** HTTP 500 with a SOAP 1.1 Fault. */
  | { kind: 'soapfault' }
  /** HTTP 200 with a body that is not well-formed XML. */
  | { kind: 'malformed' }
  /** An HL7v3 answer with acknowledgement AE, an LSP error code and queryResponseCode AE. */
  | { kind: 'error-ack'; code: string }
  /** The normal answer, after `ms` milliseconds. */
  | { kind: 'slow'; ms: number };

/** The LSP code used by `error-ack` without a code. */
export const DEFAULT_ERROR_CODE = 'NOSTORE';

/**
 * Parses a fault specification.
 * @param spec - `timeout`, `soapfault`, `malformed`, `error-ack[:CODE]` or `slow:MS`
 * @throws Error naming the accepted forms
 */
export function parseFault(spec: string): Fault {
  const s = spec.trim();
  if (s === 'timeout' || s === 'soapfault' || s === 'malformed') return { kind: s };
  const ack = /^error-ack(?::([A-Z0-9_]+))?$/.exec(s);
  if (ack) return { kind: 'error-ack', code: ack[1] ?? DEFAULT_ERROR_CODE };
  const slow = /^slow:(\d{1,7})$/.exec(s);
  if (slow) return { kind: 'slow', ms: Number(slow[1]) };
  throw new Error(`fault must be timeout, soapfault, malformed, error-ack[:CODE] or slow:MS, got "${spec}"`);
}
