/**
 * Fictitious test BSNs for the LSP-edge tests: nine digits in the 99999xxxx test range that pass the
 * 11-check, away from the simulator's built-in patients (999990032 ... 999990068).
 */

/** True when a nine-digit string passes the BSN 11-check (9*d1 + 8*d2 + ... + 2*d8 - d9 divisible by 11). */
export function passesElevenCheck(bsn: string): boolean {
  if (!/^\d{9}$/.test(bsn)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(bsn[i]) * (9 - i);
  sum -= Number(bsn[8]);
  return sum % 11 === 0;
}

/**
 * The `n`-th test BSN (0-based) of a series; each series (`base`) gives different numbers, so the
 * test files never share a patient.
 * @param n - index in the series
 * @param base - first candidate of the series, e.g. 999991000
 */
export function testBsn(n: number, base = 999991000): string {
  let found = -1;
  for (let c = base; c < 999999999; c++) {
    const s = String(c);
    if (passesElevenCheck(s) && ++found === n) return s;
  }
  throw new Error(`no test BSN number ${n} after ${base}`);
}
