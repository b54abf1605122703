/**
 * Just enough of a TrueType font for embedding it whole in a PDF as a simple font with
 * WinAnsiEncoding (PDF/A wants every font embedded): the metrics the font descriptor needs, and the
 * advance width of every WinAnsi character (looked up through the font's Unicode cmap). pdf-lib embeds
 * custom fonts only through fontkit, which we do not ship; this small reader replaces it.
 */

/** WinAnsi (cp1252) codes 128-159 and the Unicode characters they stand for; 32-127 and 160-255 are Latin-1. */
const WIN_ANSI_HIGH: Readonly<Record<number, number>> = {
  0x80: 0x20ac,
  0x82: 0x201a,
  0x83: 0x0192,
  0x84: 0x201e,
  0x85: 0x2026,
  0x86: 0x2020,
  0x87: 0x2021,
  0x88: 0x02c6,
  0x89: 0x2030,
  0x8a: 0x0160,
  0x8b: 0x2039,
  0x8c: 0x0152,
  0x8e: 0x017d,
  0x91: 0x2018,
  0x92: 0x2019,
  0x93: 0x201c,
  0x94: 0x201d,
  0x95: 0x2022,
  0x96: 0x2013,
  0x97: 0x2014,
  0x98: 0x02dc,
  0x99: 0x2122,
  0x9a: 0x0161,
  0x9b: 0x203a,
  0x9c: 0x0153,
  0x9e: 0x017e,
  0x9f: 0x0178,
};
const UNICODE_TO_WIN_ANSI = new Map<number, number>(
  Object.entries(WIN_ANSI_HIGH).map(([code, uni]) => [uni, Number(code)]),
);

/**
 * The WinAnsi code of a character, or undefined when WinAnsi has none.
 * @param cp - a Unicode code point
 */
export function winAnsiCode(cp: number): number | undefined {
  if ((cp >= 32 && cp <= 126) || (cp >= 160 && cp <= 255)) return cp;
  return UNICODE_TO_WIN_ANSI.get(cp);
}

/**
 * The Unicode code point of a WinAnsi code (32-255), or undefined for an unused code.
 * @param code - a WinAnsi code
 */
export function unicodeOfWinAnsi(code: number): number | undefined {
  if ((code >= 32 && code <= 126) || (code >= 160 && code <= 255)) return code;
  return WIN_ANSI_HIGH[code];
}

/** What the PDF needs to know of a font. */
export interface FontMetrics {
  /** PostScript name (e.g. DejaVuSans). */
  postScriptName: string;
  /** Widths of WinAnsi codes 32..255 in 1/1000 em. */
  widths: number[];
  bbox: [number, number, number, number];
  ascent: number;
  descent: number;
  capHeight: number;
  italicAngle: number;
  bold: boolean;
}

/**
 * Reads the metrics of a TrueType font.
 * @param font - the .ttf file
 */
export function readTrueType(font: Buffer): FontMetrics {
  const tables = new Map<string, { offset: number; length: number }>();
  const numTables = font.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    tables.set(font.toString('latin1', rec, rec + 4), {
      offset: font.readUInt32BE(rec + 8),
      length: font.readUInt32BE(rec + 12),
    });
  }
  const table = (tag: string): number => {
    const t = tables.get(tag);
    if (!t) throw new Error(`font has no ${tag} table`);
    return t.offset;
  };
  const head = table('head');
  const unitsPerEm = font.readUInt16BE(head + 18);
  const scale = (v: number): number => Math.round((v * 1000) / unitsPerEm);
  const bbox: [number, number, number, number] = [
    scale(font.readInt16BE(head + 36)),
    scale(font.readInt16BE(head + 38)),
    scale(font.readInt16BE(head + 40)),
    scale(font.readInt16BE(head + 42)),
  ];
  const hhea = table('hhea');
  const ascent = scale(font.readInt16BE(hhea + 4));
  const descent = scale(font.readInt16BE(hhea + 6));
  const numberOfHMetrics = font.readUInt16BE(hhea + 34);
  const hmtx = table('hmtx');
  const advance = (glyph: number): number =>
    font.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));
  const os2 = tables.get('OS/2');
  const capHeight =
    os2 && font.readUInt16BE(os2.offset) >= 2
      ? scale(font.readInt16BE(os2.offset + 88))
      : Math.round(ascent * 0.7);
  const weight = os2 ? font.readUInt16BE(os2.offset + 4) : 400;
  const post = table('post');
  const italicAngle = font.readInt32BE(post + 4) / 65536;

  const glyphOf = cmapFormat4(font, table('cmap'));
  const widths: number[] = [];
  for (let code = 32; code <= 255; code++) {
    const uni = unicodeOfWinAnsi(code);
    widths.push(uni === undefined ? 0 : scale(advance(glyphOf(uni))));
  }
  return {
    postScriptName: postScriptName(font, tables.get('name')) ?? 'EmbeddedFont',
    widths,
    bbox,
    ascent,
    descent,
    capHeight,
    italicAngle,
    bold: weight >= 600,
  };
}

/** The Unicode (3,1) format-4 cmap as a lookup function. */
function cmapFormat4(font: Buffer, cmap: number): (cp: number) => number {
  const n = font.readUInt16BE(cmap + 2);
  let sub = -1;
  for (let i = 0; i < n; i++) {
    const rec = cmap + 4 + i * 8;
    const platform = font.readUInt16BE(rec);
    const encoding = font.readUInt16BE(rec + 2);
    const offset = cmap + font.readUInt32BE(rec + 4);
    if (platform === 3 && encoding === 1 && font.readUInt16BE(offset) === 4) sub = offset;
  }
  if (sub < 0) throw new Error('font has no Unicode (3,1) format-4 cmap');
  const segCount = font.readUInt16BE(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + segCount * 2 + 2;
  const deltas = starts + segCount * 2;
  const ranges = deltas + segCount * 2;
  return (cp: number): number => {
    for (let i = 0; i < segCount; i++) {
      if (font.readUInt16BE(ends + i * 2) < cp) continue;
      const start = font.readUInt16BE(starts + i * 2);
      if (start > cp) return 0;
      const delta = font.readUInt16BE(deltas + i * 2);
      const rangeAt = ranges + i * 2;
      const range = font.readUInt16BE(rangeAt);
      if (range === 0) return (cp + delta) & 0xffff;
      const g = font.readUInt16BE(rangeAt + range + (cp - start) * 2);
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
}

/** The PostScript name (name id 6) from the name table, Mac Roman or Windows Unicode record. */
function postScriptName(font: Buffer, name: { offset: number } | undefined): string | undefined {
  if (!name) return undefined;
  const count = font.readUInt16BE(name.offset + 2);
  const strings = name.offset + font.readUInt16BE(name.offset + 4);
  for (let i = 0; i < count; i++) {
    const rec = name.offset + 6 + i * 12;
    if (font.readUInt16BE(rec + 6) !== 6) continue;
    const platform = font.readUInt16BE(rec);
    const length = font.readUInt16BE(rec + 8);
    const at = strings + font.readUInt16BE(rec + 10);
    const raw = font.subarray(at, at + length);
    const text = platform === 3 ? raw.swap16().toString('utf16le') : raw.toString('latin1');
    if (platform === 3) raw.swap16(); // swap back: the buffer is the caller's
    const clean = text.replace(/[^A-Za-z0-9-]/g, '');
    if (clean !== '') return clean;
  }
  return undefined;
}
