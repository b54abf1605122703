/**
 * The generated documents against the PDF/A-2b essentials, checked on the parsed file (no PDF/A
 * validator is available from npm or Debian here; veraPDF is not packaged): the binary header comment,
 * XMP metadata naming part 2 and conformance B and agreeing with the document information, an
 * OutputIntent whose ICC profile is a real RGB profile, every font embedded, a file identifier, no
 * encryption, and nothing active (the upload check passes them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFString,
  decodePDFRawStream,
} from 'pdf-lib';
import { agreementPdf, choiceFormPdf, type DocumentInput } from './pdf.ts';
import { checkPdf } from './pdf-check.ts';

const INPUT: DocumentInput = {
  applicationId: '5f0c7c1e-0000-4000-8000-000000000001',
  organisation: 'Apotheek ’t Hoëndiep & Zn.',
  ura: '90000201',
  agbCodes: ['12345678'],
  contactName: 'José Müller',
  email: 'jose@hoendiep.example',
  applicationIds: ['900201', '900202'],
  systemLabel: 'Winbase',
  naam: 'hoendiep',
  services: [
    { id: '31', name: 'Verzamelen Medicatiegegevens 9.0' },
    { id: '58', name: 'Medicatiegerelateerde overgevoeligheden 2.A' },
  ],
  dvzaName: 'Brug',
  date: new Date('2025-03-01T10:00:00Z'),
};

const name = (n: string): PDFName => PDFName.of(n);

async function essentials(bytes: Uint8Array, title: string): Promise<void> {
  const raw = Buffer.from(bytes);
  // A header and a comment of four bytes above 127 on the next line (PDF/A-2, 6.1.2).
  assert.match(raw.subarray(0, 9).toString('latin1'), /^%PDF-1\.[4-7]\n/);
  const second = raw.subarray(9, 15);
  assert.equal(second[0], 0x25, 'a comment line follows the header');
  assert.ok(
    [...second.subarray(1, 5)].every((b) => b > 127),
    'with four binary bytes',
  );

  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const ctx = doc.context;
  assert.equal(ctx.trailerInfo.Encrypt, undefined, 'not encrypted');
  const id = ctx.trailerInfo.ID;
  assert.ok(id instanceof PDFArray && id.size() === 2, 'a file identifier of two strings');
  assert.ok(id.get(0) instanceof PDFHexString);

  // XMP metadata: an uncompressed Metadata stream in the catalog, naming PDF/A-2b.
  const metadata = doc.catalog.lookup(name('Metadata'));
  assert.ok(metadata instanceof PDFRawStream, 'the catalog has a Metadata stream');
  assert.equal(metadata.dict.lookup(name('Type')), name('Metadata'));
  assert.equal(metadata.dict.lookup(name('Subtype')), name('XML'));
  assert.equal(metadata.dict.get(name('Filter')), undefined, 'the metadata stream is not filtered');
  const xmp = Buffer.from(metadata.contents).toString('utf8');
  assert.match(xmp, /^<\?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"\?>/);
  assert.match(xmp, /<pdfaid:part>2<\/pdfaid:part>/);
  assert.match(xmp, /<pdfaid:conformance>B<\/pdfaid:conformance>/);
  assert.match(xmp, /<\?xpacket end="w"\?>$/);
  // The document information agrees with the XMP (PDF/A-2, 6.6.2.3).
  assert.equal(doc.getTitle(), title);
  const xmlTitle = title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  assert.ok(xmp.includes(`<rdf:li xml:lang="x-default">${xmlTitle}</rdf:li>`), 'dc:title = Title');
  assert.ok(xmp.includes(`<pdf:Producer>${doc.getProducer()!}</pdf:Producer>`), 'Producer agrees');
  const created = doc
    .getCreationDate()!
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  assert.ok(xmp.includes(`<xmp:CreateDate>${created}</xmp:CreateDate>`), 'CreateDate agrees');

  // An OutputIntent with a real ICC profile (RGB, three components).
  const intents = doc.catalog.lookup(name('OutputIntents'));
  assert.ok(intents instanceof PDFArray && intents.size() >= 1, 'OutputIntents');
  const intent = intents.lookup(0, PDFDict);
  assert.equal(intent.lookup(name('S')), name('GTS_PDFA1'));
  assert.ok(intent.lookup(name('OutputConditionIdentifier')) instanceof PDFString);
  const profile = intent.lookup(name('DestOutputProfile'));
  assert.ok(profile instanceof PDFRawStream, 'DestOutputProfile is a stream');
  assert.equal(profile.dict.lookup(name('N'))?.toString(), '3');
  const icc = Buffer.from(decodePDFRawStream(profile).decode());
  assert.equal(icc.readUInt32BE(0), icc.length, 'the ICC header states the profile size');
  assert.equal(icc.subarray(36, 40).toString('latin1'), 'acsp', 'the ICC signature');
  assert.equal(icc.subarray(16, 20).toString('latin1'), 'RGB ', 'an RGB profile');
  assert.ok(icc[8]! >= 2 && icc[8]! <= 4, `ICC version ${icc[8]}`);

  // Every font embedded: each font dictionary has a descriptor with a font program.
  let fonts = 0;
  for (const [, obj] of ctx.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.lookup(name('Type')) !== name('Font')) continue;
    fonts++;
    const base = obj.lookup(name('BaseFont'))?.toString() ?? '?';
    const descriptor = obj.lookup(name('FontDescriptor'));
    assert.ok(descriptor instanceof PDFDict, `${base} has a FontDescriptor`);
    const program = ['FontFile', 'FontFile2', 'FontFile3'].map((k) => descriptor.lookup(name(k)));
    assert.ok(
      program.some((p) => p instanceof PDFRawStream),
      `${base} is embedded`,
    );
  }
  assert.ok(fonts >= 2, `${fonts} fonts`);
  // Every page uses only those fonts (no standard-14 font referenced by name alone).
  for (const page of doc.getPages()) {
    const resources = page.node.Resources();
    const dict = resources?.lookup(name('Font'));
    assert.ok(dict instanceof PDFDict);
    for (const [, ref] of dict.entries()) {
      const font = ctx.lookup(ref);
      assert.ok(font instanceof PDFDict && font.lookup(name('FontDescriptor')) instanceof PDFDict);
    }
  }
  // Nothing active: the upload check (JavaScript, actions, embedded files) accepts it.
  await checkPdf(raw, 10 * 1024 * 1024);
}

test('the processing agreement meets the PDF/A-2b essentials', async () => {
  await essentials(
    await agreementPdf(INPUT),
    'Modelverwerkersovereenkomst Zorgaanbieder - Dienstverlener Zorgaanbieder',
  );
});

test('the choice form meets the PDF/A-2b essentials', async () => {
  await essentials(await choiceFormPdf(INPUT), 'Keuzeformulier gegevensdiensten en MedMij-naam');
});
