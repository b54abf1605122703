import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../store/index.ts';
import { testConfig } from '../config.ts';
import { DEMO_PROVIDERS, seedDemoProviders } from './seed.ts';

test('the demo providers are seeded live, idempotently, with the data services DESIGN.md names', async () => {
  const store = await openStore(testConfig(mkdtempSync(join(tmpdir(), 'brug-seed-'))));
  try {
    await seedDemoProviders(store);
    await seedDemoProviders(store);
    const all = await store.providers.list();
    assert.deepEqual(
      all.map((p) => [p.naam, p.status, p.services.map((s) => s.id)]),
      [
        ['ggzdemo', 'live', ['31', '58']],
        ['huisartsdemo', 'live', ['49']],
      ],
    );
    assert.equal(all.length, DEMO_PROVIDERS.length);
  } finally {
    await store.close();
  }
});

test('seeding again keeps the status an operator gave a demo provider, and refreshes its details', async () => {
  const store = await openStore(testConfig(mkdtempSync(join(tmpdir(), 'brug-seed-'))));
  try {
    await seedDemoProviders(store);
    const ggz = (await store.providers.get('ggzdemo'))!;
    await store.providers.upsert({ ...ggz, status: 'suspended', displayName: 'old name' });
    await seedDemoProviders(store);
    const again = (await store.providers.get('ggzdemo'))!;
    assert.equal(again.status, 'suspended', 'a suspended demo provider stays suspended');
    assert.equal(again.displayName, DEMO_PROVIDERS[0]!.displayName);
  } finally {
    await store.close();
  }
});
