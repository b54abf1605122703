import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { at, descendants, parseXml } from '../../xml/index.ts';
import { BUILTIN_SIM_DATA } from '../data/index.ts';
import { ensurePki } from '../pki/index.ts';
import { loadManifest, startLspSimulator } from './index.ts';
import { httpsCall, testQuery } from './testing.ts';

const present = existsSync(join(BUILTIN_SIM_DATA, 'manifest.json'));

test(
  'every built-in simulator patient (src/sim/data) gets a well-formed answer about that patient',
  { skip: present ? false : 'src/sim/data/manifest.json not written yet' },
  async () => {
    const root = mkdtempSync(join(tmpdir(), 'brug-'));
    const pki = await ensurePki(join(root, 'pki'));
    const provider = { applicationId: '4242', ura: '00004242' };
    const sim = await startLspSimulator({
      port: 0,
      pkiDir: join(root, 'pki'),
      dataDirs: [BUILTIN_SIM_DATA],
      providers: [provider],
    });
    try {
      const tls = { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key };
      for (const entry of loadManifest(BUILTIN_SIM_DATA)) {
        if (!entry.answers.some((a) => a.interaction === 'QURX_IN990113NL')) continue;
        const res = await httpsCall(
          sim.url,
          tls,
          testQuery({ bsn: entry.bsn, receiverApplicationId: '4242' }),
        );
        assert.equal(res.status, 200, entry.label);
        const msg = at(parseXml(res.body), 'Body')?.children[0];
        assert.ok(msg, entry.label);
        const codes = descendants(msg, 'queryResponseCode').map((c) => c.attrs.code);
        assert.ok(
          codes.length > 0 && codes.every((c) => c === 'OK' || c === 'NF'),
          `${entry.label}: ${codes.join(',')}`,
        );
        const bsns = descendants(msg, 'id').filter((i) => i.attrs.root === '2.16.840.1.113883.2.4.6.3');
        const served = entry.asPatient?.bsn ?? entry.bsn;
        assert.ok(
          bsns.every((i) => i.attrs.extension === served),
          `${entry.label}: only the patient's own BSN`,
        );
      }
    } finally {
      await sim.close();
      rmSync(root, { recursive: true, force: true });
    }
  },
);
