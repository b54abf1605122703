/**
 * The MedMij lists against the node simulator over real HTTP on 127.0.0.1, with the real XSDs from
 * ../shared: a good list is stored and swapped in; a list failing its schema, a lower Volgnummer, an HTTP
 * error, a DTD and an unreachable node each leave the last good copy in force; the copies survive a
 * restart with the node down; the schedule picks up a new Whitelist by itself.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createMedmijLists,
  loadListSchemas,
  type ListLogger,
  type ListName,
  type MedmijLists,
} from '../src/medmij/lists/index.ts';
import {
  gnlXml,
  oclXml,
  startMedmijNode,
  whitelistXml,
  type MedmijNodeSimulator,
} from '../src/sim/medmij-node/index.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemasDir = path.resolve(repoRoot, '../shared/fixtures/medmij/namespace-release2');
const noShared = !existsSync(schemasDir) && 'needs ../shared/fixtures/medmij (absent)';

const OCL = 'MedMij_OAuthclientlist.xml';
const WL = 'MedMij_Whitelist.xml';
let node: MedmijNodeSimulator;
let home: string;

/** A logger that keeps its lines, to assert there is one clear line per refusal. */
function recorder(): ListLogger & { lines: { level: string; msg: string; obj: object }[] } {
  const lines: { level: string; msg: string; obj: object }[] = [];
  return {
    lines,
    info: (obj, msg) => void lines.push({ level: 'info', msg, obj }),
    warn: (obj, msg) => void lines.push({ level: 'warn', msg, obj }),
  };
}

const HOUR = 3_600_000;
const intervals = (ms = HOUR): Record<ListName, number> => ({ zal: ms, ocl: ms, whitelist: ms, gnl: ms });

function listsFor(dir: string, logger: ListLogger, withSchemas = true): MedmijLists {
  return createMedmijLists({
    baseUrl: node.url,
    dir,
    logger,
    intervalsMs: intervals(),
    timeoutMs: 2000,
    ...(withSchemas ? { schemas: loadListSchemas(schemasDir) } : {}),
  });
}

before(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'brug-lists-'));
  node = await startMedmijNode({ dir: path.join(home, 'node') });
});
after(async () => {
  await node.close();
});

const pgo = (
  hostname: string,
  organisationName = 'Voorbeeld PGO',
): { hostname: string; organisationName: string } => ({
  hostname,
  organisationName,
});

test(
  'a bad schema, a lower Volgnummer, an HTTP error, a DTD and an unreachable node keep the last good OCL',
  { skip: noShared },
  async () => {
    const dir = path.join(home, 'ocl-case');
    const log = recorder();
    const lists = listsFor(dir, log);

    node.put(OCL, oclXml(3, [pgo('pgo.voorbeeld.nl')]));
    assert.deepEqual(await lists.refresh('ocl'), { list: 'ocl', result: 'ok', volgnummer: 3 });
    assert.equal(lists.clients.get('pgo.voorbeeld.nl')?.organisationName, 'Voorbeeld PGO');
    assert.equal(
      readFileSync(path.join(dir, OCL), 'utf8'),
      oclXml(3, [pgo('pgo.voorbeeld.nl')], new Date(lists.current('ocl')!.tijdstempel)),
    );
    assert.equal(lists.clients.get('constructor'), undefined);

    // Passes our reader (it ignores an unknown element) but not the XSD.
    node.put(
      OCL,
      oclXml(4, [pgo('nieuw.voorbeeld.nl')]).replace(
        '<OAuthclients>',
        '<Opmerking>x</Opmerking><OAuthclients>',
      ),
    );
    const schemaBad = await lists.refresh('ocl');
    assert.equal(schemaBad.result, 'refused');
    assert.match(schemaBad.reason ?? '', /fails MedMij_OAuthclientlist\.xsd: line \d+: .*Opmerking/);
    assert.equal(schemaBad.volgnummer, 3);

    node.put(OCL, oclXml(2, [pgo('ouder.voorbeeld.nl')]));
    assert.deepEqual(await lists.refresh('ocl'), {
      list: 'ocl',
      result: 'refused',
      volgnummer: 3,
      reason: 'Volgnummer went down from 3 to 2',
    });

    node.put(OCL, oclXml(3, [pgo('pgo.voorbeeld.nl')]));
    assert.deepEqual(await lists.refresh('ocl'), { list: 'ocl', result: 'unchanged', volgnummer: 3 });

    node.fail(OCL, 503);
    assert.match((await lists.refresh('ocl')).reason ?? '', /^HTTP 503 from 127\.0\.0\.1:\d+$/);
    node.heal();

    node.put(OCL, `<!DOCTYPE x [<!ENTITY a "b">]>${oclXml(9, [pgo('dtd.voorbeeld.nl')])}`);
    assert.match((await lists.refresh('ocl')).reason ?? '', /not well-formed XML/);

    await node.down();
    try {
      const down = await lists.refresh('ocl');
      assert.equal(down.result, 'refused');
      assert.match(down.reason ?? '', /unreachable: ECONNREFUSED/);
    } finally {
      await node.up();
    }

    // Through all of it the first list stayed in force, on disk too.
    assert.equal(lists.clients.get('pgo.voorbeeld.nl')?.organisationName, 'Voorbeeld PGO');
    for (const h of ['nieuw.voorbeeld.nl', 'ouder.voorbeeld.nl', 'dtd.voorbeeld.nl'])
      assert.equal(lists.clients.get(h), undefined);
    assert.match(readFileSync(path.join(dir, OCL), 'utf8'), /<Volgnummer>3<\/Volgnummer>/);
    const status = lists.status().find((s) => s.list === 'ocl')!;
    assert.equal(status.volgnummer, 3);
    assert.equal(status.failures, 5);
    assert.equal(status.consecutiveFailures, 3); // the unchanged answer in between counts as good
    assert.match(status.lastError ?? '', /ECONNREFUSED/);
    // One warning line per refusal, naming the list and what stays in force; no stack traces.
    const warnings = log.lines.filter((l) => l.level === 'warn');
    assert.equal(warnings.length, 5);
    for (const w of warnings) {
      assert.match(w.msg, /^MedMij OAuth Client List not updated \(.+\); keeping Volgnummer 3$/);
      assert.doesNotMatch(w.msg, /\n\s+at /);
    }

    // A good newer list is taken and the failure count in a row starts again.
    node.put(OCL, oclXml(4, [pgo('nieuw.voorbeeld.nl', 'Nieuwe PGO')]));
    assert.equal((await lists.refresh('ocl')).result, 'ok');
    assert.equal(lists.clients.get('nieuw.voorbeeld.nl')?.organisationName, 'Nieuwe PGO');
    assert.equal(lists.clients.get('pgo.voorbeeld.nl'), undefined);
    assert.equal(lists.status().find((s) => s.list === 'ocl')!.consecutiveFailures, 0);

    // A restart with the node down starts from the last good copy on disk.
    await node.down();
    try {
      const again = listsFor(dir, recorder());
      await again.loadFromDisk();
      assert.equal(again.clients.get('nieuw.voorbeeld.nl')?.organisationName, 'Nieuwe PGO');
      assert.equal((await again.refresh('ocl')).result, 'refused');
      assert.equal(again.current('ocl')?.volgnummer, 4);
    } finally {
      await node.up();
    }
  },
);

test(
  'the old Whitelist shape fails the schema; the GNL names services; the ZAL answers "published"',
  { skip: noShared },
  async () => {
    const lists = listsFor(path.join(home, 'wl-case'), recorder());
    node.put(WL, whitelistXml(7, ['medmij.voorbeeld.nl']));
    assert.equal((await lists.refresh('whitelist')).result, 'ok');
    const legacy = readFileSync(
      path.join(schemasDir, '../legacy-fileversion2/MedMij_Whitelist_example.fileversion2.xml'),
      'utf8',
    );
    node.put(WL, legacy.replace(/<Volgnummer>\d+<\/Volgnummer>/, '<Volgnummer>99999</Volgnummer>'));
    const refused = await lists.refresh('whitelist');
    assert.equal(refused.result, 'refused');
    assert.match(refused.reason ?? '', /has no Hostname/);
    assert.equal(lists.whitelist.has('MEDMIJ.voorbeeld.nl'), true);
    assert.equal(lists.whitelist.has('medmij.za982.xisbridge.net'), false);

    node.put(
      'MedMij_Gegevensdienstnamenlijst.xml',
      gnlXml(12, [{ id: '31', name: 'Medicatiegegevens (GNL)' }]),
    );
    assert.equal((await lists.refresh('gnl')).result, 'ok');
    assert.equal(lists.serviceName('31'), 'Medicatiegegevens (GNL)');
    assert.equal(lists.serviceName('49'), undefined);

    node.put(
      'MedMij_Zorgaanbiederslijst.xml',
      readFileSync(path.join(schemasDir, 'MedMij_Zorgaanbiederslijst_example.xml'), 'utf8'),
    );
    assert.equal((await lists.refresh('zal')).result, 'ok');
    assert.equal(lists.zalHasProvider('umcharderwijk'), true);
    assert.equal(lists.zalHasProvider('umcharderwijk@medmij'), true);
    assert.equal(lists.zalHasProvider('ggzdemo'), false);
    assert.ok(lists.publishedProviders().includes('radiologencentraalflevoland'));
    const zal = lists.current('zal')!;
    assert.deepEqual(
      zal.providers.get('umcharderwijk@medmij')?.services.map((s) => s.id),
      ['4', '6'],
    );
  },
);

test('without schemas the structural checks still refuse a wrong list; all four are fetched with ?api=2', async () => {
  const log = recorder();
  const lists = createMedmijLists({
    baseUrl: node.url,
    dir: path.join(home, 'plain'),
    logger: log,
    intervalsMs: intervals(),
  });
  node.put(WL, oclXml(50, [pgo('verkeerd.voorbeeld.nl')]));
  node.put(OCL, oclXml(50, [pgo('pgo.voorbeeld.nl')]));
  node.put('MedMij_Gegevensdienstnamenlijst.xml', gnlXml(1, [{ id: '31', name: 'Medicatie' }]));
  node.put(
    'MedMij_Zorgaanbiederslijst.xml',
    '<Zorgaanbiederslijst xmlns="xmlns://afsprakenstelsel.medmij.nl/zorgaanbiederslijst/release2/"><Tijdstempel>2024-01-01T00:00:00Z</Tijdstempel><Volgnummer>1</Volgnummer><Zorgaanbieders><Zorgaanbieder><Zorgaanbiedernaam>GGZ-Demo@medmij</Zorgaanbiedernaam></Zorgaanbieder></Zorgaanbieders></Zorgaanbiederslijst>',
  );
  const seen = node.requests.length;
  const outcomes = await lists.refreshAll();
  assert.deepEqual(
    outcomes.map((o) => [o.list, o.result]),
    [
      ['zal', 'refused'],
      ['ocl', 'ok'],
      ['whitelist', 'refused'],
      ['gnl', 'ok'],
    ],
  );
  assert.match(outcomes[0]!.reason ?? '', /invalid Zorgaanbiedernaam "GGZ-Demo@medmij"/);
  assert.match(outcomes[2]!.reason ?? '', /is not a Whitelist/);
  assert.equal(lists.zalHasProvider('ggzdemo'), false);
  assert.deepEqual(node.requests.slice(seen).sort(), [
    '/MedMij_Gegevensdienstnamenlijst.xml?api=2',
    '/MedMij_OAuthclientlist.xml?api=2',
    '/MedMij_Whitelist.xml?api=2',
    '/MedMij_Zorgaanbiederslijst.xml?api=2',
  ]);
});

test('the schedule fetches by itself and stops when told', async () => {
  const dir = path.join(home, 'schedule');
  node.put(WL, whitelistXml(1, ['een.voorbeeld.nl']));
  const lists = createMedmijLists({
    baseUrl: node.url,
    dir,
    logger: recorder(),
    intervalsMs: { ...intervals(), whitelist: 40 },
  });
  const until = async (cond: () => boolean): Promise<void> => {
    const end = Date.now() + 5000;
    while (!cond()) {
      if (Date.now() > end) throw new Error('timed out waiting for the schedule');
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  lists.start();
  try {
    await until(() => lists.whitelist.has('een.voorbeeld.nl'));
    node.put(WL, whitelistXml(2, ['twee.voorbeeld.nl']));
    await until(() => lists.whitelist.has('twee.voorbeeld.nl'));
    assert.equal(lists.current('whitelist')?.volgnummer, 2);
  } finally {
    lists.stop();
  }
  await new Promise((r) => setTimeout(r, 60)); // a fetch in flight may still land
  const count = node.requests.filter((r) => r.startsWith('/MedMij_Whitelist.xml')).length;
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(node.requests.filter((r) => r.startsWith('/MedMij_Whitelist.xml')).length, count);
});
