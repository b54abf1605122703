/** Plain-text tables for the benchmark's stdout. */

/**
 * Formats rows as a table with right-aligned columns (the first column left-aligned).
 * @param headers - column titles
 * @param rows - cells, already formatted
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * A number with a sensible count of significant digits for a table cell.
 * @param x - the number
 * @param digits - significant digits (default 3)
 */
export function num(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '-';
  if (Math.abs(x) >= 10 ** digits) return Math.round(x).toLocaleString('en-US');
  return x.toPrecision(digits);
}

/**
 * A ratio with a goal, e.g. `1.32x ok` or `2.4x MISS` (goal met when the ratio is at most `max`, or at
 * least `min`).
 * @param ratio - the ratio
 * @param goal - `{ max }` or `{ min }`
 */
export function ratio(x: number, goal: { max?: number; min?: number }): string {
  const ok = (goal.max === undefined || x <= goal.max) && (goal.min === undefined || x >= goal.min);
  return `${num(x)}x ${ok ? 'ok' : 'MISS'}`;
}
