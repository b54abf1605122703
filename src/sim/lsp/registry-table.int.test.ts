/**
 * Issue 5: "the simulator reads the same query/response table" as the registry. A data service declared
 * only as a registry entry, whose search is fed by a query interaction Brug does not ship (here a test
 * query answered by the 6.12 allergy answer, REPC_IN000024NL), is answered by a simulator given that
 * registry's table (as `brug demo` gives it, src/server.ts), over mutual TLS; a simulator on the shipped
 * table does not know the query.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DATA_SERVICES, type DataServiceInfo } from '../../services/catalogue.ts';
import { queryResponseTable } from '../../services/lsp-table.ts';
import { createRegistry, feed, SEARCHES_BY_KIND, type SearchBinding } from '../../services/registry.ts';
import { translateAllergyList } from '../../translate/hl7v3/allergy612/index.ts';
import { all, at, parseXml, type XmlElement } from '../../xml/index.ts';
import { BUILTIN_SIM_DATA } from '../data/index.ts';
import { ensurePki } from '../pki/index.ts';
import { startLspSimulator, type LspSimulator } from './index.ts';
import { httpsCall, testQuery, type TlsClient } from './testing.ts';

/** BRUGGE, our synthetic GGZ allergy patient (src/sim/data). */
const BSN = '999990081';
const PROVIDER = { applicationId: '900104', ura: '90000104' };
/** The new pair: a query no shipped binding sends, answered by the 6.12 allergy answer. */
const NEW_PAIR = {
  query: 'QUZZ_IN999901NLQ',
  response: 'REPC_IN000024NL',
  description: 'allergies via a test query',
};

const SERVICE: DataServiceInfo = {
  id: '77',
  kind: 'allergies-test',
  name: 'Allergieën (test)',
  systemRole: 'TEST-ALL-FHIR',
  fhirVersion: 'STU3',
  longLivedConsent: false,
};
const SEARCHES: SearchBinding[] = [
  {
    name: 'allergies-test',
    resourceType: 'AllergyIntolerance',
    profile: 'http://nictiz.nl/fhir/StructureDefinition/mp612-AllergyIntoleranceToFHIRConversion',
    params: ['category'],
    includes: [],
    feeds: [feed(NEW_PAIR, translateAllergyList)],
  },
];
const registry = createRegistry([...DEFAULT_DATA_SERVICES, SERVICE], {
  ...SEARCHES_BY_KIND,
  'allergies-test': SEARCHES,
});
/** The running registry's table, derived as src/server.ts derives it for the demo. */
const table = queryResponseTable(Object.fromEntries(registry.services.map((s) => [s.id, s.searches])));

let home: string;
let tls: TlsClient;
let withTable: LspSimulator;
let shipped: LspSimulator;

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'brug-'));
  const pki = await ensurePki(join(home, 'pki'));
  tls = { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key };
  const opts = { port: 0, pkiDir: join(home, 'pki'), dataDirs: [BUILTIN_SIM_DATA], providers: [PROVIDER] };
  withTable = await startLspSimulator({ ...opts, table });
  shipped = await startLspSimulator(opts);
});

after(async () => {
  await withTable?.close();
  await shipped?.close();
  rmSync(home, { recursive: true, force: true });
});

function body(soap: string): XmlElement {
  const msg = at(parseXml(soap), 'Body')?.children[0];
  assert.ok(msg, 'a message in the SOAP body');
  return msg;
}

test('the registry table has the new pair', () => {
  assert.deepEqual(
    table.find((r) => r.query === NEW_PAIR.query),
    { query: NEW_PAIR.query, responses: [NEW_PAIR.response], description: NEW_PAIR.description },
  );
});

test("a simulator given the registry's table answers the new query with the patient's answer", async () => {
  const res = await httpsCall(
    withTable.url,
    tls,
    testQuery({ interaction: NEW_PAIR.query, bsn: BSN, receiverApplicationId: PROVIDER.applicationId }),
  );
  assert.equal(res.status, 200, res.body);
  const msg = body(res.body);
  assert.equal(msg.name, NEW_PAIR.response);
  assert.deepEqual(
    all(msg, 'ControlActProcess/queryAck/queryResponseCode').map((c) => c.attrs['code']),
    ['OK'],
  );
  // The answer is the patient's data, translated as the new service's binding does.
  const resources = translateAllergyList(msg);
  const allergies = resources.filter((r) => r.resource.resourceType === 'AllergyIntolerance');
  assert.ok(allergies.length >= 2, `only ${allergies.length} allergies`);
  assert.match(res.body, /Haloperidol/);
});

test('the shipped table does not know the new query: a SOAP Client fault', async () => {
  const res = await httpsCall(
    shipped.url,
    tls,
    testQuery({ interaction: NEW_PAIR.query, bsn: BSN, receiverApplicationId: PROVIDER.applicationId }),
  );
  assert.equal(res.status, 500);
  assert.match(res.body, /soap:Client/);
  assert.match(res.body, /unknown query interaction QUZZ_IN999901NLQ/);
});

test('the shipped queries are still answered by the registry table', async () => {
  const res = await httpsCall(
    withTable.url,
    tls,
    testQuery({ interaction: 'REPC_IN000023NL', bsn: BSN, receiverApplicationId: PROVIDER.applicationId }),
  );
  assert.equal(res.status, 200, res.body);
  assert.equal(body(res.body).name, 'REPC_IN000024NL');
});
