import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLspClient } from '../../aorta/client.ts';
import { LspError } from '../../aorta/errors.ts';
import type { LspQuery } from '../../aorta/types.ts';
import { testConfig } from '../../config.ts';
import { ensurePki } from '../pki/index.ts';
import { startLspSimulator, type LspSimulator } from './index.ts';
import { writeSimData } from './fixtures.test-util.ts';

// The gateway's own LSP client (src/aorta) against the simulator: the seam the demo relies on.
const GGZ = { applicationId: '4242', ura: '00004242' };
const GP = { applicationId: '777', ura: '00000777' };
let root: string;
let sim: LspSimulator;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'brug-'));
  await ensurePki(join(root, 'pki'));
  writeSimData(join(root, 'data'), { bsn: '999990019' });
  sim = await startLspSimulator({
    port: 0,
    pkiDir: join(root, 'pki'),
    dataDirs: [join(root, 'data')],
    providers: [GGZ, GP],
  });
});
after(async () => {
  await sim.close();
  rmSync(root, { recursive: true, force: true });
});

function query(bsn: string, target = GGZ): LspQuery {
  return {
    interaction: 'QURX_IN990111NL',
    bsn,
    target,
    auth: { time: Date.now(), level: 'substantieel', assertionId: 'a-1' },
  };
}

for (const addressing of ['lsp', 'direct'] as const) {
  test(`the gateway's LSP client gets exactly the addressed provider's answer (${addressing} addressing)`, async () => {
    const config = testConfig(join(root, 'home'), {
      BRUG_LSP_URL: sim.url,
      BRUG_LSP_CA: join(root, 'pki', 'ca.pem'),
      BRUG_LSP_CERT: join(root, 'pki', 'brug-client.pem'),
      BRUG_LSP_KEY: join(root, 'pki', 'brug-client.key'),
    });
    const client = createLspClient(config.lsp, { options: { addressing } });
    try {
      const answer = await client.query(query('999990019'));
      assert.equal(answer.parts.length, 1);
      assert.equal(answer.parts[0]?.source.ura, GGZ.ura);
      assert.equal(answer.parts[0]?.queryResponseCode, 'OK');
      assert.equal(answer.droppedParts, addressing === 'lsp' ? 1 : 0, 'LSP routing asks both demo providers');
      const none = await client.query(query('999990032', GP));
      assert.equal(none.parts[0]?.queryResponseCode, 'NF');
      assert.equal(await client.ping(), true);
    } finally {
      client.close();
    }
  });
}

test("an error-ack fault reaches the gateway's client as the LSP refusing with that code", async () => {
  const erring = await startLspSimulator({
    port: 0,
    pkiDir: join(root, 'pki'),
    dataDirs: [join(root, 'data')],
    providers: [GGZ],
    fault: 'error-ack:RTUDEST',
  });
  const config = testConfig(join(root, 'home'), {
    BRUG_LSP_URL: erring.url,
    BRUG_LSP_CA: join(root, 'pki', 'ca.pem'),
    BRUG_LSP_CERT: join(root, 'pki', 'brug-client.pem'),
    BRUG_LSP_KEY: join(root, 'pki', 'brug-client.key'),
  });
  const client = createLspClient(config.lsp);
  try {
    await assert.rejects(client.query(query('999990019')), (e: unknown) => {
      assert.ok(e instanceof LspError);
      assert.deepEqual(e.codes, ['RTUDEST']);
      return true;
    });
  } finally {
    client.close();
    await erring.close();
  }
});
