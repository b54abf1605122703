/** The Dutch citizen service number (burgerservicenummer, BSN): validation and masking. */

/**
 * True for nine digits passing the 11-check (9·d1 + 8·d2 + … + 2·d8 − 1·d9 divisible by 11), not all zero.
 * @param value - the candidate BSN
 */
export function isValidBsn(value: string): boolean {
  if (!/^\d{9}$/.test(value) || value === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(value[i]) * (9 - i);
  sum -= Number(value[8]);
  return sum % 11 === 0;
}

/** What a BSN looks like in any diagnostic. */
export const MASKED_BSN = 'XXXXXXXXX';

/**
 * Replaces every run of nine digits in a text by `XXXXXXXXX`, for error messages and log lines that
 * might quote a BSN.
 * @param text - the text to clean
 */
export function maskBsns(text: string): string {
  return text.replace(/(?<!\d)\d{9}(?!\d)/g, MASKED_BSN);
}
