/**
 * BSN masking for every text that leaves `aorta/` (issue texts, fault strings, error messages): a BSN
 * is nine digits, so every run of exactly nine digits becomes `XXXXXXXXX` (as VZVZ's LSP+ does).
 */

/** The mask that replaces a BSN. */
export const BSN_MASK = 'XXXXXXXXX';

/**
 * Replaces every run of exactly nine digits in `text` by `XXXXXXXXX`.
 * @param text - any free text from an answer or a diagnostic
 */
export function maskBsns(text: string): string {
  return text.replace(/(?<!\d)\d{9}(?!\d)/g, BSN_MASK);
}
