import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtInDemoClients, ClientListError, parseDemoClients } from './demo-clients.ts';
import { parseOAuthClientList } from './ocl.ts';
import { fileClientRegistry, loadClientRegistry } from './file-registry.ts';
import { testConfig } from '../../config.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const shared = path.resolve(repoRoot, '../shared');
const oclExample = path.join(shared, 'fixtures/medmij/namespace-release2/MedMij_OAuthclientlist_example.xml');

test(
  'the OCL example yields both clients with their organisation names',
  { skip: !existsSync(oclExample) && 'needs ../shared/fixtures (absent)' },
  () => {
    const list = parseOAuthClientList(readFileSync(oclExample, 'utf8'), oclExample);
    assert.equal(list.volgnummer, 522);
    assert.deepEqual(list.clients['medmij.deenigeechtepgo.nl'], {
      hostname: 'medmij.deenigeechtepgo.nl',
      organisationName: 'De Enige Echte PGO',
    });
    assert.equal(
      list.clients['pgocluster68.personalhealthprovider.net']?.organisationName,
      'Unstealth Health Midden-Nederland',
    );
  },
);

const NS = 'xmlns://afsprakenstelsel.medmij.nl/oauthclientlist/release2/';
const ocl = (clients: string): string =>
  `<OAuthclientlist xmlns="${NS}"><Tijdstempel>2024-01-01T00:00:00Z</Tijdstempel><Volgnummer>3</Volgnummer><OAuthclients>${clients}</OAuthclients></OAuthclientlist>`;

test('an OCL with per-client services restricts them; a bad hostname or other root is refused', () => {
  const list = parseOAuthClientList(
    ocl(
      '<OAuthclient><Hostname>pgo.example.nl</Hostname><OAuthclientOrganisatienaam>Voorbeeld PGO</OAuthclientOrganisatienaam>' +
        '<Interfaceversies><Interfaceversie><InterfaceversieId>1</InterfaceversieId><Gegevensdiensten><Gegevensdienst><GegevensdienstId>31</GegevensdienstId></Gegevensdienst></Gegevensdiensten></Interfaceversie></Interfaceversies></OAuthclient>',
    ),
    'x.xml',
  );
  assert.deepEqual(list.clients['pgo.example.nl']?.allowedServices, ['31']);
  assert.throws(
    () =>
      parseOAuthClientList(
        ocl(
          '<OAuthclient><Hostname>localhost</Hostname><OAuthclientOrganisatienaam>Demo</OAuthclientOrganisatienaam></OAuthclient>',
        ),
        'x.xml',
      ),
    /invalid Hostname "localhost"/,
  );
  assert.throws(() => parseOAuthClientList('<Whitelist/>', 'w.xml'), /is not an OAuthclientlist/);
});

test('the built-in demo client redirects to the demo PGO page on the gateway port', () => {
  const c = builtInDemoClients('http://127.0.0.1:8080').localhost;
  assert.equal(c?.organisationName, 'Demo PGO');
  assert.deepEqual(c?.redirectPrefixes, ['http://localhost:8080/sim/pgo/', 'http://127.0.0.1:8080/sim/pgo/']);
  assert.equal(c?.loopbackDemo, true);
});

test('demo client files are validated with the file name in the message', () => {
  assert.throws(
    () => parseDemoClients('{"clients":{"a":{}}}', 'c.json'),
    (e: unknown) =>
      e instanceof ClientListError && /c.json: client "a" needs an organisationName/.test(e.message),
  );
  assert.throws(() => parseDemoClients('nope', 'c.json'), /c.json is not valid JSON/);
});

test('a client file is re-read when it changes, without a restart', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brug-'));
  const file = path.join(dir, 'clients.json');
  writeFileSync(file, JSON.stringify({ clients: { one: { organisationName: 'Een PGO' } } }));
  const reg = fileClientRegistry(file);
  assert.equal(reg.get('one')?.organisationName, 'Een PGO');
  assert.equal(reg.get('two'), undefined);
  writeFileSync(
    file,
    JSON.stringify({ clients: { two: { organisationName: 'Twee PGO', loopbackDemo: false } } }),
  );
  utimesSync(file, new Date(), new Date(Date.now() + 5000));
  assert.equal(reg.get('one'), undefined);
  assert.equal(reg.get('two')?.organisationName, 'Twee PGO');
  // A broken edit keeps the last good list and reports the error.
  const errors: Error[] = [];
  const reg2 = fileClientRegistry(file, (e) => errors.push(e));
  writeFileSync(file, '{broken');
  utimesSync(file, new Date(), new Date(Date.now() + 10000));
  assert.equal(reg2.get('two')?.organisationName, 'Twee PGO');
  assert.equal(errors.length, 1);
});

test('loadClientRegistry: BRUG_CLIENTS_FILE wins; .xml is read as an OCL; default is the demo client', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brug-'));
  const file = path.join(dir, 'MedMij_OAuthclientlist.xml');
  writeFileSync(
    file,
    ocl(
      '<OAuthclient><Hostname>pgo.example.nl</Hostname><OAuthclientOrganisatienaam>Voorbeeld PGO</OAuthclientOrganisatienaam></OAuthclient>',
    ),
  );
  const fromFile = loadClientRegistry(testConfig(dir, { BRUG_CLIENTS_FILE: file }));
  assert.equal(fromFile.get('pgo.example.nl')?.organisationName, 'Voorbeeld PGO');
  assert.equal(fromFile.get('localhost'), undefined);
  const builtIn = loadClientRegistry(testConfig(dir, { BRUG_PORT: '9123' }));
  assert.deepEqual(builtIn.get('localhost')?.redirectPrefixes?.[1], 'http://127.0.0.1:9123/sim/pgo/');
});
