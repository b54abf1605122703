/**
 * Checks an uploaded signed document before it is stored, in two independent passes:
 * 1. The bytes: a PDF by its magic bytes (not its name or declared type), whole (`startxref` and
 *    `%%EOF` at the end, a cross-reference table or stream), and no forbidden name anywhere outside
 *    stream bodies, whatever follows the name (a dictionary, a reference `4 0 R`, an array) and
 *    however it is spelt (`#xx` escapes decoded first).
 * 2. The structure: the file parsed with pdf-lib, which unpacks object streams whatever their
 *    filters (Flate, LZW, ASCIIHex, ASCII85, RunLength; an object stream it cannot decode is refused,
 *    not skipped), and every dictionary of every object walked: forbidden keys and action types are
 *    refused wherever they sit, and an /OpenAction is refused unless it is a plain destination array.
 *    Encrypted files are refused (their objects cannot be inspected, and PDF/A forbids encryption).
 * Forbidden: JavaScript, embedded or attached files, launch actions, rich media, XFA forms, and
 * automatic actions (/AA, an /OpenAction that runs an action).
 */
import { createHash } from 'node:crypto';
import {
  EncryptedPDFError,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRef,
  PDFStream,
  type PDFObject,
} from 'pdf-lib';

/** Why an upload is refused (Dutch, for the page). */
export class PdfCheckError extends Error {
  override readonly name = 'PdfCheckError';
}

/** Names that must not occur as a key or a value, with what they are (Dutch). */
const FORBIDDEN_NAMES: ReadonlyMap<string, string> = new Map([
  ['JavaScript', 'JavaScript'],
  ['JS', 'JavaScript'],
  ['EmbeddedFile', 'ingesloten bestanden'],
  ['EmbeddedFiles', 'ingesloten bestanden'],
  ['FileAttachment', 'ingesloten bestanden'],
  ['Launch', 'een opdracht om een programma te starten (/Launch)'],
  ['RichMedia', 'multimedia (/RichMedia)'],
  ['XFA', 'een XFA-formulier (kan scripts bevatten)'],
  ['AA', 'automatische acties (/AA)'],
  ['ImportData', 'een actie die gegevens importeert (/ImportData)'],
  ['GoToE', 'een verwijzing naar een ingesloten bestand (/GoToE)'],
]);
const OPEN_ACTION = 'een actie bij het openen (/OpenAction)';

/** A name ends at whitespace or a delimiter (PDF 32000-1, 7.2.2). */
const NAME_TOKEN = /\/([^\s/<>[\]()%{}]*)/g;

/** Decodes `#xx` escapes inside a PDF name, so `J#61vaScript` reads `JavaScript`. */
const decodeName = (name: string): string =>
  name.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

const refused = (what: string): PdfCheckError =>
  new PdfCheckError(
    `Het bestand bevat ${what}. Dat nemen wij om veiligheidsredenen niet aan; sla het op als gewone PDF (PDF/A) en probeer het opnieuw.`,
  );

/** The file's text outside stream bodies (binary data where names mean nothing). */
function outsideStreams(text: string): string {
  const outside: string[] = [];
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
    outside.push(text.slice(pos, m.index));
    const end = text.indexOf('endstream', m.index + m[0].length);
    if (end < 0) throw new PdfCheckError('Het bestand is geen volledige PDF (een stream eindigt niet).');
    pos = end;
  }
  outside.push(text.slice(pos));
  return outside.join('');
}

/** What was found; the most telling finding is reported (an open action says less than its script). */
class Findings {
  private readonly found: string[] = [];
  add(what: string): void {
    this.found.push(what);
  }
  /** Throws for the first finding other than a bare open action, else for the open action. */
  raise(): void {
    const first = this.found.find((w) => w !== OPEN_ACTION) ?? this.found[0];
    if (first !== undefined) throw refused(first);
  }
}

/** Pass 1: forbidden names in the raw text, whatever their value. */
function scanNames(text: string): void {
  const findings = new Findings();
  for (const m of text.matchAll(NAME_TOKEN)) {
    const name = decodeName(m[1]!);
    const what = FORBIDDEN_NAMES.get(name);
    if (what !== undefined) findings.add(what);
    if (name === 'OpenAction') {
      // Harmless only as a destination array: `/OpenAction [3 0 R /Fit]`.
      const after = text.slice(m.index + m[0].length).trimStart();
      if (!after.startsWith('[')) findings.add(OPEN_ACTION);
    }
  }
  findings.raise();
}

/** Pass 2: every dictionary of every object, as pdf-lib parsed (and unpacked) them. */
function walkObjects(doc: PDFDocument): void {
  const ctx = doc.context;
  const seen = new Set<PDFObject>();
  const findings = new Findings();
  const visit = (obj: PDFObject | undefined): void => {
    if (obj === undefined || seen.has(obj)) return;
    seen.add(obj);
    if (obj instanceof PDFName) {
      const what = FORBIDDEN_NAMES.get(decodeName(obj.decodeText()));
      if (what !== undefined) findings.add(what);
    } else if (obj instanceof PDFArray) {
      for (const item of obj.asArray()) visit(item);
    } else if (obj instanceof PDFStream) {
      visit(obj.dict);
    } else if (obj instanceof PDFDict) {
      for (const [key, value] of obj.entries()) {
        const name = decodeName(key.decodeText());
        const what = FORBIDDEN_NAMES.get(name);
        if (what !== undefined) findings.add(what);
        if (name === 'OpenAction') {
          const target = value instanceof PDFRef ? ctx.lookup(value) : value;
          if (!(target instanceof PDFArray)) findings.add(OPEN_ACTION);
        }
        visit(value);
      }
    }
  };
  for (const [, obj] of ctx.enumerateIndirectObjects()) visit(obj);
  for (const obj of Object.values(ctx.trailerInfo)) visit(obj);
  findings.raise();
}

/** A checked upload: its size and SHA-256. */
export interface CheckedPdf {
  size: number;
  sha256: string;
}

/**
 * Checks an upload; rejects with `PdfCheckError` (a Dutch reason) when it is refused.
 * @param data - the uploaded bytes
 * @param maxBytes - the size limit (BRUG_UPLOAD_MAX_BYTES)
 */
export async function checkPdf(data: Buffer, maxBytes: number): Promise<CheckedPdf> {
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
  const outside = outsideStreams(text);
  if (!/(^|[\r\n])xref\s/.test(outside) && !/\/Type\s*\/XRef\b/.test(outside.replace(/#58/g, 'X'))) {
    throw new PdfCheckError('Het bestand is geen volledige PDF (de inhoudsopgave ontbreekt).');
  }
  scanNames(outside);
  let doc: PDFDocument;
  let pages: number;
  try {
    doc = await PDFDocument.load(data, {
      ignoreEncryption: false,
      throwOnInvalidObject: true,
      updateMetadata: false,
    });
    pages = doc.getPageCount();
  } catch (e) {
    // pdf-lib's errors are ES5 classes: `instanceof` does not hold for them, their message does.
    if (e instanceof EncryptedPDFError || /\bis encrypted\b/.test((e as Error).message)) {
      throw new PdfCheckError(
        'Het bestand is versleuteld of met een wachtwoord beveiligd. Upload een onbeveiligde PDF.',
      );
    }
    throw new PdfCheckError(
      'Het bestand bevat een beschadigd of onbekend onderdeel en kan niet worden gecontroleerd.',
    );
  }
  if (pages === 0) throw new PdfCheckError('Het bestand heeft geen pagina’s.');
  walkObjects(doc);
  return { size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
}
