/**
 * Test helper: validates built queries against the AORTA wrapper XSDs in ../shared/fixtures (MCCI_MT000100
 * + QUQI_MT021001 and their CMETs) with xmllint-wasm. The interaction schemas themselves are not public,
 * so a small driver schema declares each query element as an MCCI_MT000100.Message and gives
 * queryByParameter the shape described in domain/aorta.md section 2.1.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';

/** The shared folder (`<repo>/../shared`), or undefined when this clone has none. */
export function sharedDir(): string | undefined {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const dir = path.resolve(repo, '../shared');
  return existsSync(path.join(dir, 'fixtures')) ? dir : undefined;
}

function driver(interactions: string[]): string {
  const elements = interactions.map((i) => `<xs:element name="${i}" type="MCCI_MT000100.Message"/>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema targetNamespace="urn:hl7-org:v3" xmlns="urn:hl7-org:v3" xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
  <xs:include schemaLocation="MCCI_MT000100.xsd"/>
  <xs:include schemaLocation="QUQI_MT021001_OPT_OV.xsd"/>
  <xs:group name="QueryByParameterPayload"><xs:sequence>
    <xs:element name="queryByParameter" type="Brug.QueryByParameter"/>
  </xs:sequence></xs:group>
  <xs:complexType name="Brug.ParamIVL"><xs:sequence><xs:element name="value" type="IVL_TS"/></xs:sequence></xs:complexType>
  <xs:complexType name="Brug.ParamBL"><xs:sequence><xs:element name="value" type="BL"/></xs:sequence></xs:complexType>
  <xs:complexType name="Brug.ParamII"><xs:sequence><xs:element name="value" type="II"/></xs:sequence></xs:complexType>
  <xs:complexType name="Brug.QueryByParameter"><xs:sequence>
    <xs:element name="queryId" type="II"/>
    <xs:element name="statusCode" type="CS"/>
    <xs:element name="responseModalityCode" type="CS"/>
    <xs:element name="responsePriorityCode" type="CS"/>
    <xs:element name="administrationRequestEffectiveTimeInterval" type="Brug.ParamIVL" minOccurs="0"/>
    <xs:element name="dispenseEventEffectiveTimeInterval" type="Brug.ParamIVL" minOccurs="0"/>
    <xs:element name="mostRecentDispenseForEachRxIndicator" type="Brug.ParamBL" minOccurs="0"/>
    <xs:element name="patientID" type="Brug.ParamII"/>
  </xs:sequence></xs:complexType>
  ${elements}
</xs:schema>`;
}

/**
 * Validates documents (each a query interaction) against the wrapper XSDs.
 * @param shared - the shared folder
 * @param docs - XML documents
 * @returns the validation errors (empty when valid)
 */
export async function validateQueries(shared: string, docs: string[]): Promise<string[]> {
  const base = path.join(shared, 'fixtures/hl7v3/schemas/wrappers');
  const interactions = [...new Set(docs.map((d) => /^<([A-Z]{4}_IN\d{6}[A-Z0-9]*)/.exec(d)?.[1] ?? 'X'))];
  const preload = [];
  for (const sub of ['hl7v3_schemas', 'coreschemas']) {
    for (const f of readdirSync(path.join(base, sub))) {
      preload.push({ fileName: `${sub}/${f}`, contents: readFileSync(path.join(base, sub, f), 'utf8') });
    }
  }
  const result = await validateXML({
    xml: docs.map((d, i) => ({ fileName: `doc${i}.xml`, contents: d })),
    schema: [{ fileName: 'hl7v3_schemas/brug-driver.xsd', contents: driver(interactions) }],
    preload,
    maxMemoryPages: 4096,
  });
  return result.errors.map((e) => e.rawMessage);
}
