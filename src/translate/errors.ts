/**
 * The one error type of `translate/`: input that matters could not be understood. It names where, as
 * an XPath-like location (`/QURX_IN990113NL/ControlActProcess/.../component[2]/...`), and never
 * carries patient identifiers (callers pass locations and codes, not values from the patient block).
 */
export class TranslationError extends Error {
  override readonly name = 'TranslationError';
  /**
   * @param message - what was wrong (no BSN, no patient data)
   * @param location - XPath-like path of the offending element
   */
  constructor(
    message: string,
    readonly location: string,
  ) {
    super(`${message} at ${location}`);
  }
}
