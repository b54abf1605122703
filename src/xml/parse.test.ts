import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXml, XmlError, XSI_TYPE } from './parse.ts';
import { at, all } from './query.ts';

test('parses namespaces, attributes, text, CDATA, entities and a BOM', () => {
  const doc = parseXml(
    '\uFEFF<?xml version="1.0"?>\n<!-- c --><s:Envelope xmlns:s="urn:soap" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      '<s:Body><Q xmlns="urn:hl7-org:v3"><value xsi:type="II" root="1.2" extension="a&amp;b&#x41;&#66;"/>' +
      '<text>x &lt; y<![CDATA[<raw>]]></text></Q></s:Body></s:Envelope>',
  );
  assert.equal(doc.name, 'Envelope');
  assert.equal(doc.ns, 'urn:soap');
  const q = at(doc, 'Body/Q')!;
  assert.equal(q.ns, 'urn:hl7-org:v3');
  const v = at(q, 'value')!;
  assert.equal(v.ns, 'urn:hl7-org:v3');
  assert.equal(v.attrs[XSI_TYPE], 'II');
  assert.equal(v.attrs.extension, 'a&bAB');
  assert.equal(at(q, 'text')!.text, 'x < y<raw>');
  assert.equal(all(doc, 'Body/Q/value').length, 1);
});

test('attribute whitespace is normalised, but character references are kept', () => {
  const doc = parseXml('<a v="one\ntwo&#xA;three&#9;four"/>');
  assert.equal(doc.attrs.v, 'one two\nthree\tfour');
});

test('normalises CR-only and CRLF line endings', () => {
  const doc = parseXml('<a>one\rtwo\r\nthree</a>');
  assert.equal(doc.text, 'one\ntwo\nthree');
});

test('keeps ordered mixed content on request', () => {
  const doc = parseXml('<div>a<b>bold</b>c</div>', { mixed: true });
  assert.equal(doc.content?.length, 3);
  assert.equal(doc.content?.[0], 'a');
});

test('refuses DTDs, so no external entity or entity expansion can happen', () => {
  const laughs =
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><lolz>&lol2;</lolz>';
  assert.throws(
    () => parseXml(laughs),
    (e: unknown) => e instanceof XmlError && /DTD/.test(e.message),
  );
  const xxe = '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>';
  assert.throws(() => parseXml(xxe), XmlError);
  assert.throws(() => parseXml('<foo>&xxe;</foo>'), /unknown or invalid entity/);
});

test('enforces depth, element and size limits without recursion', () => {
  const deep = '<a>'.repeat(10_000) + '</a>'.repeat(10_000);
  assert.throws(
    () => parseXml(deep),
    (e: unknown) => e instanceof XmlError && e.limit === 'maxDepth',
  );
  assert.equal(parseXml(deep, { maxDepth: 20_000 }).name, 'a');
  const many = '<r>' + '<x/>'.repeat(1000) + '</r>';
  assert.throws(
    () => parseXml(many, { maxElements: 500 }),
    (e: unknown) => e instanceof XmlError && e.limit === 'maxElements',
  );
  assert.throws(
    () => parseXml(many, { maxLength: 100 }),
    (e: unknown) => e instanceof XmlError && e.limit === 'maxLength',
  );
});

test('rejects malformed documents with an XmlError', () => {
  for (const bad of [
    '',
    '<a>',
    '<a></b>',
    '<a b=c/>',
    '<a b="1" b="2"/>',
    '<a/><b/>',
    'text',
    '<p:a/>',
    '<a>&</a>',
    '<a b="<"/>',
  ]) {
    assert.throws(() => parseXml(bad), XmlError, bad);
  }
});
