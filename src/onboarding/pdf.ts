/**
 * The two documents a provider signs, generated as PDF/A-2b and filled in with its application: the
 * processing agreement (our own model wording of a "Modelverwerkersovereenkomst Zorgaanbieder -
 * Dienstverlener Zorgaanbieder") and the choice form (data services and MedMij name). PDF/A asks for
 * embedded fonts (DejaVu Sans, embedded whole as TrueType with WinAnsiEncoding), XMP metadata naming
 * the PDF/A part and conformance and matching the document information, an OutputIntent with an ICC
 * profile (sRGB, generated in pdf-icc.ts), a file identifier, and no encryption, scripts or
 * transparency. Layout is plain: headings, paragraphs and signature blocks on A4.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFOperator,
  PDFOperatorNames,
  PDFString,
  type PDFPage,
  type PDFRef,
  beginText,
  endText,
  moveText,
  setFillingRgbColor,
  setFontAndSize,
  setLineWidth,
  setStrokingRgbColor,
  moveTo,
  lineTo,
  stroke,
} from 'pdf-lib';
import { readTrueType, winAnsiCode, type FontMetrics } from './pdf-font.ts';
import { SRGB_DESCRIPTION, srgbIccProfile } from './pdf-icc.ts';

/** What the documents are filled in with. */
export interface DocumentInput {
  applicationId: string;
  organisation: string;
  ura: string;
  agbCodes: string[];
  contactName: string;
  email: string;
  applicationIds: string[];
  systemLabel: string;
  /** The MedMij name without `@medmij`. */
  naam: string;
  services: Array<{ id: string; name: string }>;
  /** Who runs this Brug (the Dienstverlener Zorgaanbieder). */
  dvzaName: string;
  date: Date;
}

const FONT_DIR = join(
  dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
);

interface LoadedFont {
  bytes: Buffer;
  metrics: FontMetrics;
}
let fonts: { regular: LoadedFont; bold: LoadedFont } | undefined;
function loadFonts(): { regular: LoadedFont; bold: LoadedFont } {
  if (!fonts) {
    const load = (file: string): LoadedFont => {
      const bytes = readFileSync(join(FONT_DIR, file));
      return { bytes, metrics: readTrueType(bytes) };
    };
    fonts = { regular: load('DejaVuSans.ttf'), bold: load('DejaVuSans-Bold.ttf') };
  }
  return fonts;
}

/** Embeds a TrueType font whole; returns its reference for the page resources. */
function embedFont(doc: PDFDocument, font: LoadedFont): PDFRef {
  const ctx = doc.context;
  const m = font.metrics;
  const file = ctx.flateStream(font.bytes, { Length1: font.bytes.length });
  const descriptor = ctx.obj({
    Type: 'FontDescriptor',
    FontName: m.postScriptName,
    // 32 = non-symbolic (uses the standard Latin character set), 2^18 = force bold
    Flags: 32 | (m.bold ? 1 << 18 : 0),
    FontBBox: m.bbox,
    ItalicAngle: m.italicAngle,
    Ascent: m.ascent,
    Descent: m.descent,
    CapHeight: m.capHeight,
    StemV: m.bold ? 140 : 80,
    FontFile2: ctx.register(file),
  });
  return ctx.register(
    ctx.obj({
      Type: 'Font',
      Subtype: 'TrueType',
      BaseFont: m.postScriptName,
      FirstChar: 32,
      LastChar: 255,
      Widths: m.widths,
      Encoding: 'WinAnsiEncoding',
      FontDescriptor: ctx.register(descriptor),
    }),
  );
}

/** Text as WinAnsi bytes (characters WinAnsi lacks become '?'). */
function winAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = winAnsiCode(ch.codePointAt(0)!);
    out += String.fromCharCode(code ?? 63);
  }
  return out;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const WIDTH = A4[0] - 2 * MARGIN;

/** A simple flowing writer over pages. */
class Writer {
  private page!: PDFPage;
  private y = 0;
  private pageNo = 0;
  constructor(
    private readonly doc: PDFDocument,
    private readonly refs: { regular: PDFRef; bold: PDFRef },
    private readonly metrics: { regular: FontMetrics; bold: FontMetrics },
    private readonly footer: string,
  ) {
    this.newPage();
  }

  private newPage(): void {
    this.page = this.doc.addPage(A4);
    this.page.node.setFontDictionary(PDFName.of('F1'), this.refs.regular);
    this.page.node.setFontDictionary(PDFName.of('F2'), this.refs.bold);
    this.pageNo++;
    this.y = A4[1] - MARGIN;
    this.text(this.footer + ` — pagina ${this.pageNo}`, MARGIN, MARGIN / 2, 8, false);
  }

  private width(text: string, size: number, bold: boolean): number {
    const w = (bold ? this.metrics.bold : this.metrics.regular).widths;
    let sum = 0;
    for (const ch of winAnsi(text)) sum += w[ch.charCodeAt(0) - 32] ?? 500;
    return (sum * size) / 1000;
  }

  private text(s: string, x: number, y: number, size: number, bold: boolean): void {
    const escaped = winAnsi(s).replace(/[\\()]/g, (c) => `\\${c}`);
    this.page.pushOperators(
      beginText(),
      setFillingRgbColor(0.1, 0.1, 0.1),
      setFontAndSize(bold ? 'F2' : 'F1', size),
      moveText(x, y),
      PDFOperator.of(PDFOperatorNames.ShowText, [PDFString.of(escaped)]),
      endText(),
    );
  }

  private need(height: number): void {
    if (this.y - height < MARGIN) this.newPage();
  }

  /** Wraps text to the page width. */
  private lines(s: string, size: number, bold: boolean, width = WIDTH): string[] {
    const out: string[] = [];
    for (const para of s.split('\n')) {
      let line = '';
      for (const word of para.split(/\s+/).filter((w) => w !== '')) {
        const tryLine = line === '' ? word : `${line} ${word}`;
        if (this.width(tryLine, size, bold) <= width || line === '') line = tryLine;
        else {
          out.push(line);
          line = word;
        }
      }
      out.push(line);
    }
    return out;
  }

  heading(s: string, size = 13): void {
    this.need(size * 3);
    this.y -= size * 0.8;
    for (const l of this.lines(s, size, true)) {
      this.text(l, MARGIN, this.y, size, true);
      this.y -= size * 1.3;
    }
    this.y -= 2;
  }

  paragraph(s: string, size = 10): void {
    for (const l of this.lines(s, size, false)) {
      this.need(size * 1.4);
      this.text(l, MARGIN, this.y, size, false);
      this.y -= size * 1.4;
    }
    this.y -= size * 0.5;
  }

  field(label: string, value: string, size = 10): void {
    const labelWidth = 170;
    const valueLines = this.lines(value === '' ? '—' : value, size, false, WIDTH - labelWidth);
    this.need(size * 1.4 * valueLines.length);
    this.text(label, MARGIN, this.y, size, true);
    for (const l of valueLines) {
      this.text(l, MARGIN + labelWidth, this.y, size, false);
      this.y -= size * 1.4;
    }
  }

  signatureBlock(party: string, name: string): void {
    this.need(120);
    this.y -= 8;
    this.text(party, MARGIN, this.y, 10, true);
    this.y -= 16;
    for (const label of ['Naam', 'Functie', 'Plaats en datum', 'Handtekening']) {
      this.text(`${label}:`, MARGIN, this.y, 10, false);
      if (label === 'Naam' && name !== '') this.text(name, MARGIN + 110, this.y + 2, 10, false);
      this.page.pushOperators(
        setStrokingRgbColor(0.4, 0.4, 0.4),
        setLineWidth(0.5),
        moveTo(MARGIN + 105, this.y - 3),
        lineTo(MARGIN + 360, this.y - 3),
        stroke(),
      );
      this.y -= label === 'Handtekening' ? 34 : 20;
    }
  }
}

const xmlEscape = (s: string): string =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** Makes the document PDF/A-2b: XMP metadata, OutputIntent, document information, file id. */
function finishPdfA(doc: PDFDocument, title: string, subject: string, date: Date): void {
  const ctx = doc.context;
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setAuthor('Brug');
  doc.setSubject(subject);
  doc.setCreator('Brug');
  doc.setProducer('Brug (pdf-lib)');
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  doc.setLanguage('nl-NL');
  const xmp = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:creator><rdf:Seq><rdf:li>Brug</rdf:li></rdf:Seq></dc:creator>
   <xmp:CreatorTool>Brug</xmp:CreatorTool>
   <xmp:CreateDate>${iso}</xmp:CreateDate>
   <xmp:ModifyDate>${iso}</xmp:ModifyDate>
   <pdf:Producer>Brug (pdf-lib)</pdf:Producer>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
  const metadata = ctx.stream(Buffer.from(xmp, 'utf8'), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), ctx.register(metadata));
  const icc = ctx.flateStream(srgbIccProfile(), { N: 3 });
  const intent = ctx.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of(SRGB_DESCRIPTION),
    Info: PDFString.of(SRGB_DESCRIPTION),
    DestOutputProfile: ctx.register(icc),
  });
  doc.catalog.set(PDFName.of('OutputIntents'), ctx.obj([ctx.register(intent)]));
  const id = createHash('md5').update(`${title}\n${subject}\n${iso}`).digest('hex');
  ctx.trailerInfo.ID = ctx.obj([PDFHexString.of(id), PDFHexString.of(id)]);
}

async function build(
  title: string,
  subject: string,
  input: DocumentInput,
  write: (w: Writer) => void,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const f = loadFonts();
  const refs = { regular: embedFont(doc, f.regular), bold: embedFont(doc, f.bold) };
  const w = new Writer(
    doc,
    refs,
    { regular: f.regular.metrics, bold: f.bold.metrics },
    `${title} — ${input.organisation} — kenmerk ${input.applicationId}`,
  );
  write(w);
  finishPdfA(doc, title, subject, input.date);
  // No object streams: every dictionary stays readable (also for our own upload check).
  return doc.save({ useObjectStreams: false });
}

const day = (d: Date): string =>
  new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' }).format(d);

function parties(w: Writer, input: DocumentInput): void {
  w.field('Zorgaanbieder', input.organisation);
  w.field('URA', input.ura);
  w.field('AGB-code(s)', input.agbCodes.join(', '));
  w.field('Contactpersoon', `${input.contactName} (${input.email})`);
  w.field('Informatiesysteem', input.systemLabel);
  w.field('LSP-applicatie-id(s)', input.applicationIds.join(', '));
  w.field('Dienstverlener', `${input.dvzaName} (Dienstverlener Zorgaanbieder, MedMij)`);
  w.field('Kenmerk aanvraag', input.applicationId);
  w.field('Datum', day(input.date));
}

/**
 * The processing agreement, filled in.
 * @param input - the application's data
 */
export function agreementPdf(input: DocumentInput): Promise<Uint8Array> {
  const title = 'Modelverwerkersovereenkomst Zorgaanbieder - Dienstverlener Zorgaanbieder';
  const subject = `Verwerkersovereenkomst voor ${input.organisation} (${input.naam}@medmij), kenmerk ${input.applicationId}`;
  return build(title, subject, input, (w) => {
    w.heading(title, 15);
    w.paragraph(
      'MODEL. Deze tekst is door Brug opgesteld als model en geeft de kern weer van een verwerkersovereenkomst tussen een zorgaanbieder en zijn Dienstverlener Zorgaanbieder in het MedMij-afsprakenstelsel. Het is geen officiële tekst van Stichting MedMij. Laat hem toetsen voordat u tekent.',
      9,
    );
    w.heading('Partijen');
    parties(w, input);
    w.field('MedMij-naam', `${input.naam}@medmij`);
    w.field('Gegevensdiensten', input.services.map((s) => `${s.name} (${s.id})`).join('; '));
    const articles: Array<[string, string]> = [
      [
        '1. Onderwerp',
        `De zorgaanbieder is verwerkingsverantwoordelijke voor de gezondheidsgegevens van zijn patiënten. ${input.dvzaName} verwerkt deze gegevens als verwerker uitsluitend om patiënten via hun persoonlijke gezondheidsomgeving (PGO) toegang te geven tot hun eigen gegevens, volgens het MedMij-afsprakenstelsel, voor de gegevensdiensten hierboven.`,
      ],
      [
        '2. Instructies',
        'De verwerker vraagt gegevens alleen op via het Landelijk Schakelpunt (LSP) namens een patiënt die zich met DigiD heeft geïdentificeerd en toestemming heeft gegeven, en alleen bij de LSP-applicaties van de zorgaanbieder. De verwerker bewaart geen medische inhoud langer dan nodig is om een verzoek te beantwoorden.',
      ],
      [
        '3. Beveiliging',
        'De verwerker neemt passende technische en organisatorische maatregelen, waaronder NEN 7510, versleutelde verbindingen met wederzijdse authenticatie, en een onveranderbare logging volgens NEN 7513 van elke opvraging.',
      ],
      [
        '4. Subverwerkers',
        'De verwerker schakelt geen andere verwerkers in dan voor hosting en de aansluiting op het LSP nodig is, en informeert de zorgaanbieder vooraf over wijzigingen daarin.',
      ],
      [
        '5. Inbreuken',
        'De verwerker meldt een (vermoedelijke) inbreuk in verband met persoonsgegevens zonder onredelijke vertraging en uiterlijk binnen 24 uur aan de contactpersoon van de zorgaanbieder.',
      ],
      [
        '6. Rechten van betrokkenen',
        'De verwerker helpt de zorgaanbieder bij verzoeken van patiënten, zoals inzage in de logging van wie hun gegevens heeft opgevraagd.',
      ],
      [
        '7. Geheimhouding',
        'Iedereen die bij de verwerker toegang heeft tot persoonsgegevens is tot geheimhouding verplicht.',
      ],
      [
        '8. Duur en einde',
        'De overeenkomst geldt zolang de verwerker voor de zorgaanbieder gegevensdiensten aanbiedt. Bij het einde schorst de verwerker de aansluiting, trekt hij alle uitgegeven toegangen in en laat hij de vermelding in de MedMij-zorgaanbiederslijst verwijderen.',
      ],
    ];
    for (const [head, text] of articles) {
      w.heading(head, 11);
      w.paragraph(text);
    }
    w.heading('Ondertekening', 11);
    w.signatureBlock(`Voor ${input.organisation} (zorgaanbieder)`, input.contactName);
    w.signatureBlock(`Voor ${input.dvzaName} (verwerker)`, '');
  });
}

/**
 * The choice form (data services and MedMij name), filled in.
 * @param input - the application's data
 */
export function choiceFormPdf(input: DocumentInput): Promise<Uint8Array> {
  const title = 'Keuzeformulier gegevensdiensten en MedMij-naam';
  const subject = `Keuzes van ${input.organisation}: MedMij-naam ${input.naam}@medmij, kenmerk ${input.applicationId}`;
  return build(title, subject, input, (w) => {
    w.heading(title, 15);
    w.heading('Zorgaanbieder');
    parties(w, input);
    w.heading('Gekozen MedMij-naam');
    w.field('MedMij-naam', `${input.naam}@medmij`);
    w.paragraph(
      "Onder deze naam vinden PGO's de zorgaanbieder in de MedMij-zorgaanbiederslijst. Stichting MedMij beslist over de naam; de Dienstverlener Zorgaanbieder dient hem in met deze verklaring.",
      9,
    );
    w.heading('Gekozen gegevensdiensten');
    for (const s of input.services) w.field(`Gegevensdienst ${s.id}`, s.name);
    w.heading('Verklaring van de zorgaanbieder');
    w.paragraph(
      `${input.organisation} verklaart dat zij de MedMij-naam ${input.naam}@medmij voert, dat de opgegeven LSP-applicaties van haar zijn, en dat zij ${input.dvzaName} opdracht geeft deze naam met de gekozen gegevensdiensten aan te melden voor de MedMij-zorgaanbiederslijst.`,
    );
    w.signatureBlock(`Voor ${input.organisation}`, input.contactName);
  });
}
