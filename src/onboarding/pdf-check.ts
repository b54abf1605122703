/**
 * Checks an uploaded signed document before it is stored: a PDF by its magic bytes (not by its name
 * or declared type), with the structure of one (header, a cross-reference table or stream,
 * `startxref`, `%%EOF` at the end), and without active or hidden content: JavaScript (/JS,
 * /JavaScript), embedded files (/EmbeddedFile, /EmbeddedFiles), /Launch, /RichMedia, or an /OpenAction
 * that runs an action. Names written with #xx escapes are decoded first, and compressed object streams
 * (where a PDF 1.5+ may hide its dictionaries) are inflated and checked too.
 */
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';

/** Why an upload is refused (Dutch, for the page). */
export class PdfCheckError extends Error {
  override readonly name = 'PdfCheckError';
}

const FORBIDDEN: ReadonlyArray<[RegExp, string]> = [
  [/\/JavaScript\b|\/JS\b/, 'JavaScript'],
  [/\/EmbeddedFiles?\b/, 'ingesloten bestanden'],
  [/\/Launch\b/, 'een opdracht om een programma te starten (/Launch)'],
  [/\/RichMedia\b/, 'multimedia (/RichMedia)'],
  // An OpenAction that is a destination array is harmless; a dictionary or reference may be an action.
  [/\/OpenAction\s*(<<|\d+\s+\d+\s+R)/, 'een actie bij het openen (/OpenAction)'],
  [/\/AA\s*<</, 'automatische acties (/AA)'],
];

/** Decodes `#xx` escapes inside PDF names, so `/J#61vaScript` reads `/JavaScript`. */
function decodeNames(text: string): string {
  return text.replace(/\/[^\s/<>[\]()%{}]*#[0-9A-Fa-f]{2}[^\s/<>[\]()%{}]*/g, (name) =>
    name.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
  );
}

/** The file without its stream bodies (binary data where the forbidden names mean nothing). */
function splitStreams(text: string): { outside: string; objectStreams: string[] } {
  const outside: string[] = [];
  const objectStreams: string[] = [];
  let pos = 0;
  const re = /stream\r?\n/g;
  for (;;) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) break;
    // "endstream" also ends in "stream" but is never followed by a body.
    if (text.slice(Math.max(0, m.index - 3), m.index) === 'end') {
      outside.push(text.slice(pos, m.index + m[0].length));
      pos = m.index + m[0].length;
      continue;
    }
    const dictStart = text.lastIndexOf('<<', m.index);
    const dict = dictStart >= 0 ? text.slice(dictStart, m.index) : '';
    outside.push(text.slice(pos, m.index));
    const end = text.indexOf('endstream', m.index + m[0].length);
    if (end < 0) throw new PdfCheckError('Het bestand is geen volledige PDF (een stream eindigt niet).');
    if (/\/Type\s*\/ObjStm/.test(decodeNames(dict))) {
      const body = Buffer.from(text.slice(m.index + m[0].length, end), 'latin1');
      if (!/\/FlateDecode/.test(dict)) objectStreams.push(body.toString('latin1'));
      else {
        try {
          objectStreams.push(inflateSync(body, { maxOutputLength: 50 * 1024 * 1024 }).toString('latin1'));
        } catch {
          throw new PdfCheckError(
            'Het bestand bevat een beschadigd onderdeel en kan niet worden gecontroleerd.',
          );
        }
      }
    }
    pos = end;
  }
  outside.push(text.slice(pos));
  return { outside: outside.join(''), objectStreams };
}

/** A checked upload: its size and SHA-256. */
export interface CheckedPdf {
  size: number;
  sha256: string;
}

/**
 * Checks an upload; throws `PdfCheckError` with a Dutch reason when it is refused.
 * @param data - the uploaded bytes
 * @param maxBytes - the size limit (BRUG_UPLOAD_MAX_BYTES)
 */
export function checkPdf(data: Buffer, maxBytes: number): CheckedPdf {
  if (data.length === 0) throw new PdfCheckError('Het bestand is leeg.');
  if (data.length > maxBytes) {
    throw new PdfCheckError(`Het bestand is te groot (hoogstens ${Math.floor(maxBytes / 1024)} kB).`);
  }
  if (!/^%PDF-[12]\.\d/.test(data.subarray(0, 8).toString('latin1'))) {
    throw new PdfCheckError('Het bestand is geen PDF. Upload de ondertekende versie als PDF-bestand.');
  }
  const text = data.toString('latin1');
  const tail = text.slice(-1024);
  if (!/%%EOF\s*$/.test(tail))
    throw new PdfCheckError('Het bestand is geen volledige PDF (het einde ontbreekt).');
  if (!/startxref\s+\d+\s+%%EOF/.test(tail)) {
    throw new PdfCheckError(
      'Het bestand is geen volledige PDF (de verwijzing naar de inhoudsopgave ontbreekt).',
    );
  }
  const { outside, objectStreams } = splitStreams(text);
  const decoded = decodeNames(outside);
  if (!/(^|[\r\n])xref\s/.test(outside) && !/\/Type\s*\/XRef\b/.test(decoded)) {
    throw new PdfCheckError('Het bestand is geen volledige PDF (de inhoudsopgave ontbreekt).');
  }
  for (const part of [decoded, ...objectStreams.map(decodeNames)]) {
    for (const [re, what] of FORBIDDEN) {
      if (re.test(part)) {
        throw new PdfCheckError(
          `Het bestand bevat ${what}. Dat nemen wij om veiligheidsredenen niet aan; sla het op als gewone PDF (PDF/A) en probeer het opnieuw.`,
        );
      }
    }
  }
  return { size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
}
