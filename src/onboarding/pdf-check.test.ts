import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { checkPdf, PdfCheckError } from './pdf-check.ts';
import { agreementPdf } from './pdf.ts';

const MAX = 5 * 1024 * 1024;

type Filter = 'ASCIIHexDecode' | 'ASCII85Decode' | 'RunLengthDecode' | 'FlateDecode' | 'DCTDecode';

function ascii85(data: Buffer): string {
  let out = '';
  for (let i = 0; i < data.length; i += 4) {
    const chunk = Buffer.alloc(4);
    data.copy(chunk, 0, i, Math.min(i + 4, data.length));
    const n = chunk.readUInt32BE(0);
    const len = Math.min(4, data.length - i);
    if (n === 0 && len === 4) {
      out += 'z';
      continue;
    }
    let digits = '';
    let v = n;
    for (let k = 0; k < 5; k++) {
      digits = String.fromCharCode(33 + (v % 85)) + digits;
      v = Math.floor(v / 85);
    }
    out += digits.slice(0, len + 1);
  }
  return `${out}~>`;
}

function runLength(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += 128) {
    const chunk = data.subarray(i, i + 128);
    parts.push(Buffer.from([chunk.length - 1]), chunk);
  }
  parts.push(Buffer.from([128]));
  return Buffer.concat(parts);
}

function encode(filter: Filter, data: Buffer): Buffer {
  switch (filter) {
    case 'ASCIIHexDecode':
      return Buffer.from(`${data.toString('hex')}>`, 'latin1');
    case 'ASCII85Decode':
      return Buffer.from(ascii85(data), 'latin1');
    case 'RunLengthDecode':
      return runLength(data);
    case 'FlateDecode':
      return deflateSync(data);
    case 'DCTDecode':
      return data;
  }
}

/**
 * A PDF written by hand: numbered objects (1 = catalog, 2 = pages, 3 = page, 4 = content unless
 * overridden), optionally some of them packed into an object stream with a filter, and then a
 * cross-reference stream (so readers find the packed objects) instead of a table.
 */
function handPdf(options: {
  objects: Record<number, string>;
  packed?: { numbers: number[]; filter: Filter };
  trailerExtra?: string;
}): Buffer {
  const objects: Record<number, string> = {
    1: '<< /Type /Catalog /Pages 2 0 R >>',
    2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>',
    4: '<< /Length 0 >>\nstream\n\nendstream',
    ...options.objects,
  };
  const packed = new Set(options.packed?.numbers ?? []);
  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = chunks[0]!.length;
  const push = (b: Buffer): void => {
    chunks.push(b);
    length += b.length;
  };
  const offsets = new Map<number, number>();
  const max = Math.max(...Object.keys(objects).map(Number));
  for (const [n, body] of Object.entries(objects).map(([k, v]) => [Number(k), v] as const)) {
    if (packed.has(n)) continue;
    offsets.set(n, length);
    push(Buffer.from(`${n} 0 obj\n${body}\nendobj\n`, 'latin1'));
  }
  const streamNo = max + 1;
  const xrefNo = max + 2;
  if (options.packed) {
    const bodies = options.packed.numbers.map((n) => `${objects[n]}\n`);
    let pos = 0;
    const header = options.packed.numbers
      .map((n, i) => {
        const entry = `${n} ${pos}`;
        pos += bodies[i]!.length;
        return entry;
      })
      .join(' ');
    const first = header.length + 1;
    const data = encode(options.packed.filter, Buffer.from(`${header}\n${bodies.join('')}`, 'latin1'));
    offsets.set(streamNo, length);
    push(
      Buffer.from(
        `${streamNo} 0 obj\n<< /Type /ObjStm /N ${bodies.length} /First ${first} /Filter /${options.packed.filter} /Length ${data.length} >>\nstream\n`,
        'latin1',
      ),
    );
    push(data);
    push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
    // Cross-reference stream: type 1 (offset) or 2 (object stream, index) per object.
    const rows: Buffer[] = [];
    for (let n = 0; n <= xrefNo; n++) {
      const row = Buffer.alloc(7);
      const inStream = options.packed.numbers.indexOf(n);
      if (n === 0) row.writeUInt8(0, 0);
      else if (inStream >= 0) {
        row.writeUInt8(2, 0);
        row.writeUInt32BE(streamNo, 1);
        row.writeUInt16BE(inStream, 5);
      } else {
        row.writeUInt8(1, 0);
        row.writeUInt32BE(n === xrefNo ? length : (offsets.get(n) ?? 0), 1);
      }
      rows.push(row);
    }
    const table = Buffer.concat(rows);
    const xrefAt = length;
    push(
      Buffer.from(
        `${xrefNo} 0 obj\n<< /Type /XRef /Size ${xrefNo + 1} /W [1 4 2] /Root 1 0 R ${options.trailerExtra ?? ''} /Length ${table.length} >>\nstream\n`,
        'latin1',
      ),
    );
    push(table);
    push(Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
    return Buffer.concat(chunks);
  }
  const xrefAt = length;
  let xref = `xref\n0 ${max + 1}\n0000000000 65535 f \n`;
  for (let n = 1; n <= max; n++) xref += `${String(offsets.get(n) ?? 0).padStart(10, '0')} 00000 n \n`;
  push(
    Buffer.from(
      `${xref}trailer\n<< /Size ${max + 1} /Root 1 0 R ${options.trailerExtra ?? ''} >>\nstartxref\n${xrefAt}\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(chunks);
}

async function refusal(data: Buffer, max = MAX): Promise<string> {
  try {
    await checkPdf(data, max);
  } catch (e) {
    assert.ok(e instanceof PdfCheckError, `a PdfCheckError, not ${String(e)}`);
    return e.message;
  }
  assert.fail('the file was accepted');
}

const JS_ACTION = '<< /S /JavaScript /JS (app.alert\\(1\\)) >>';

test('a plain hand-written PDF passes (the builder itself is sound)', async () => {
  const plain = handPdf({ objects: {} });
  assert.equal((await checkPdf(plain, MAX)).size, plain.length);
  const packed = handPdf({ objects: {}, packed: { numbers: [1, 2, 3], filter: 'ASCIIHexDecode' } });
  assert.equal((await checkPdf(packed, MAX)).size, packed.length);
  const dest = handPdf({ objects: { 1: '<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>' } });
  await checkPdf(dest, MAX); // an OpenAction that only opens a page is harmless
});

test('JavaScript is refused: plain, with escaped names, and as a reference', async () => {
  const plain = handPdf({ objects: { 1: `<< /Type /Catalog /Pages 2 0 R /OpenAction ${JS_ACTION} >>` } });
  assert.match(await refusal(plain), /JavaScript/);
  const escaped = handPdf({
    objects: { 1: '<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScript /J#53 (x) >> >>' },
  });
  assert.match(await refusal(escaped), /JavaScript/);
  const names = handPdf({
    objects: {
      1: '<< /Type /Catalog /Pages 2 0 R /Names 5 0 R >>',
      5: '<< /JavaScript 6 0 R >>',
      6: '<< /Names [(a) 7 0 R] >>',
      7: JS_ACTION,
    },
  });
  assert.match(await refusal(names), /JavaScript/);
});

for (const filter of ['ASCIIHexDecode', 'ASCII85Decode', 'RunLengthDecode', 'FlateDecode'] as const) {
  test(`JavaScript hidden in a ${filter} object stream is refused`, async () => {
    const hidden = handPdf({
      objects: { 1: '<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>', 5: JS_ACTION },
      packed: { numbers: [1, 5], filter },
    });
    if (filter !== 'RunLengthDecode')
      // literal runs keep the bytes as they are
      assert.doesNotMatch(hidden.toString('latin1'), /JavaScript/, 'not readable in the raw bytes');
    assert.match(await refusal(hidden), /JavaScript/);
  });
}

test('an object stream with a filter that cannot be decoded is refused, not skipped', async () => {
  const opaque = handPdf({
    objects: { 5: JS_ACTION },
    packed: { numbers: [1, 5], filter: 'DCTDecode' },
  });
  assert.match(await refusal(opaque), /beschadigd of onbekend onderdeel/);
});

test('automatic actions and open actions given as references are refused', async () => {
  const aa = handPdf({
    objects: {
      3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /AA 5 0 R >>',
      5: '<< /O << /S /Named /N /Print >> >>',
    },
  });
  assert.match(await refusal(aa), /automatische acties/);
  const open = handPdf({
    objects: { 1: '<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>', 5: '<< /S /Named /N /Print >>' },
  });
  assert.match(await refusal(open), /een actie bij het openen/);
  // The same reference inside a hex object stream: only the structural pass can see it.
  const packed = handPdf({
    objects: { 1: '<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>', 5: '<< /S /Named /N /Print >>' },
    packed: { numbers: [1, 5], filter: 'ASCIIHexDecode' },
  });
  assert.match(await refusal(packed), /een actie bij het openen/);
});

test('embedded files and launch actions are refused', async () => {
  const embedded = handPdf({
    objects: {
      1: '<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 5 0 R >> >>',
      5: '<< /Names [(x.exe) 6 0 R] >>',
      6: '<< /Type /Filespec /F (x.exe) /EF << /F 7 0 R >> >>',
      7: '<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream',
    },
  });
  assert.match(await refusal(embedded), /ingesloten bestanden/);
  const attachment = handPdf({
    objects: {
      3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Annots [5 0 R] >>',
      5: '<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS 6 0 R >>',
      6: '<< /Type /Filespec /F (x.exe) >>',
    },
    packed: { numbers: [3, 5, 6], filter: 'ASCII85Decode' },
  });
  assert.match(await refusal(attachment), /ingesloten bestanden/);
  const launch = handPdf({
    objects: { 1: '<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Launch /F (cmd.exe) >> >>' },
  });
  assert.match(await refusal(launch), /programma te starten/);
});

test('an encrypted PDF is refused', async () => {
  const encrypted = handPdf({
    objects: {
      5: `<< /Filter /Standard /V 1 /R 2 /O <${'00'.repeat(32)}> /U <${'00'.repeat(32)}> /P -4 >>`,
    },
    trailerExtra: '/Encrypt 5 0 R /ID [<00> <00>]',
  });
  assert.match(await refusal(encrypted), /versleuteld/);
});

test('the size limit, an empty file, not a PDF, and truncated files', async () => {
  const ok = Buffer.from(await agreementPdf(sample()));
  assert.match(await refusal(ok, 10 * 1024), /te groot \(hoogstens 10 kB\)/);
  assert.match(await refusal(Buffer.alloc(0)), /leeg/);
  assert.match(await refusal(Buffer.from('hello, this is text')), /geen PDF/);
  assert.match(await refusal(Buffer.from('\x89PNG\r\n\x1a\n....', 'latin1')), /geen PDF/);
  assert.match(await refusal(ok.subarray(0, Math.floor(ok.length / 2))), /het einde ontbreekt/);
  const noXref = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nstartxref\n9\n%%EOF\n');
  assert.match(await refusal(noXref), /inhoudsopgave ontbreekt/);
  const openStream = Buffer.from('%PDF-1.7\n1 0 obj << /Length 99 >> stream\nabc\nstartxref\n9\n%%EOF\n');
  assert.match(await refusal(openStream), /stream eindigt niet|inhoudsopgave/);
});

function sample(): Parameters<typeof agreementPdf>[0] {
  return {
    applicationId: 'a1',
    organisation: 'Instellingsapotheek De Linde',
    ura: '90000202',
    agbCodes: ['12345678'],
    contactName: 'Els Linde',
    email: 'els@delinde.example',
    applicationIds: ['900203'],
    systemLabel: 'FarMedvisie',
    naam: 'delinde',
    services: [{ id: '31', name: 'Medicatiegegevens' }],
    dvzaName: 'Brug',
    date: new Date('2025-03-01T10:00:00Z'),
  };
}

/**
 * Signs our generated agreement as signing tools do: an incremental update adding a signature
 * dictionary (/ByteRange over the whole file but the /Contents hole, /Contents holding the
 * signature), a signature field on the page and the form's /SigFlags. (The signature here is a raw
 * RSA one over the byte range, not a CMS container: the check does not verify signatures.)
 */
async function signed(original: Buffer): Promise<Buffer> {
  const doc = await PDFDocument.load(original, { updateMetadata: false });
  const ctx = doc.context;
  const catalogRef = ctx.trailerInfo.Root as PDFRef;
  const page = doc.getPage(0);
  const next = ctx.largestObjectNumber + 1;
  const [sigNo, widgetNo, formNo] = [next, next + 1, next + 2];
  const catalog = doc.catalog.clone(ctx);
  catalog.set(PDFName.of('AcroForm'), PDFRef.of(formNo));
  const pageDict = page.node.clone(ctx) as PDFDict;
  pageDict.set(PDFName.of('Annots'), ctx.obj([PDFRef.of(widgetNo)]));
  const hole = 2 * 2048;
  const placeholder = '/ByteRange [0 0000000000 0000000000 0000000000]';
  const objects: Array<[number, string]> = [
    [
      sigNo,
      `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached ${placeholder} /Contents <${'0'.repeat(hole)}> /M (D:20250301100000Z) /Name (Els Linde) /Reason (Akkoord) >>`,
    ],
    [
      widgetNo,
      `<< /Type /Annot /Subtype /Widget /FT /Sig /T (Handtekening) /V ${sigNo} 0 R /Rect [0 0 0 0] /F 132 /P ${page.ref.toString()} >>`,
    ],
    [formNo, `<< /Fields [${widgetNo} 0 R] /SigFlags 3 >>`],
    [catalogRef.objectNumber, catalog.toString()],
    [page.ref.objectNumber, pageDict.toString()],
  ];
  let text = original.toString('latin1');
  if (!text.endsWith('\n')) text += '\n';
  const offsets: Array<[number, number]> = [];
  for (const [n, body] of objects) {
    offsets.push([n, Buffer.byteLength(text, 'latin1')]);
    text += `${n} 0 obj\n${body}\nendobj\n`;
  }
  const prev = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(original.toString('latin1'))![1];
  const xrefAt = Buffer.byteLength(text, 'latin1');
  text += 'xref\n0 1\n0000000000 65535 f \n';
  for (const [n, at] of offsets.sort((a, b) => a[0] - b[0]))
    text += `${n} 1\n${String(at).padStart(10, '0')} 00000 n \n`;
  const id = ctx.trailerInfo.ID ? `/ID ${ctx.trailerInfo.ID.toString()}` : '';
  const info = ctx.trailerInfo.Info ? `/Info ${ctx.trailerInfo.Info.toString()}` : '';
  text += `trailer\n<< /Size ${formNo + 1} /Root ${catalogRef.toString()} ${info} ${id} /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  // The byte range: everything but the /Contents hex string; then the signature over it.
  const contentsAt = text.indexOf(`/Contents <${'0'.repeat(hole)}>`) + '/Contents '.length;
  const afterHole = contentsAt + hole + 2;
  const range = `/ByteRange [0 ${String(contentsAt).padStart(10, '0')} ${String(afterHole).padStart(10, '0')} ${String(text.length - afterHole).padStart(10, '0')}]`;
  text = text.replace(placeholder, range);
  const bytes = Buffer.from(text, 'latin1');
  const signedPart = Buffer.concat([bytes.subarray(0, contentsAt), bytes.subarray(afterHole)]);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signature = sign('sha256', createHash('sha256').update(signedPart).digest(), privateKey);
  const hex = signature.toString('hex').padEnd(hole, '0');
  bytes.write(hex, contentsAt + 1, 'latin1');
  return bytes;
}

test('a clean signed PDF passes, with its size and SHA-256', async () => {
  const original = Buffer.from(await agreementPdf(sample()));
  const pdf = await signed(original);
  assert.match(pdf.toString('latin1'), /\/Type \/Sig .*\/ByteRange \[0 \d+ \d+ \d+\]/);
  const checked = await checkPdf(pdf, MAX);
  assert.equal(checked.size, pdf.length);
  assert.equal(checked.sha256, createHash('sha256').update(pdf).digest('hex'));
  // pdf-lib reads the update: the form with the signature field is there.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  assert.ok(doc.catalog.lookup(PDFName.of('AcroForm')) instanceof PDFDict);
});
