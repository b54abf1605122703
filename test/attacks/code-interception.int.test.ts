/**
 * Authorization code interception: a code issued to one PGO, stolen from the browser's redirect, is
 * worth nothing to another PGO or with another redirect_uri. (A refresh token used by another client
 * is covered by `src/medmij/oauth/refresh.test.ts`.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo, type Demo } from '../support/demo.ts';
import { Browser } from '../../src/medmij/oauth/testing.ts';
import { CLIENT_ID, codeFor, redirectUri, tokenRequest } from './flow.ts';

/** A second loopback demo PGO, registered beside the demo PGO. */
const OTHER_CLIENT = 'pgo-b';

let demo: Demo;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'brug-'));
  const file = join(dir, 'clients.json');
  const loopback = { redirectPrefixes: ['http://127.0.0.1:', 'http://localhost:'], loopbackDemo: true };
  writeFileSync(
    file,
    JSON.stringify({
      clients: {
        [CLIENT_ID]: { organisationName: 'Demo PGO', ...loopback },
        [OTHER_CLIENT]: { organisationName: 'Andere PGO', ...loopback },
      },
    }),
  );
  demo = await startDemo({ BRUG_CLIENTS_FILE: file });
});

after(async () => {
  await demo.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a code issued to one PGO cannot be redeemed by another', async () => {
  const code = await codeFor(new Browser(), demo);
  const res = await tokenRequest(demo, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri(demo),
    client_id: OTHER_CLIENT,
  });
  assert.equal(res.status, 400);
  const body = (await res.json()) as Record<string, unknown>;
  assert.equal(body.error, 'invalid_grant');
  assert.equal(body.access_token, undefined);
});

test('a code redeemed with another (registered) redirect_uri is refused', async () => {
  const code = await codeFor(new Browser(), demo);
  const res = await tokenRequest(demo, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: `${demo.base}/sim/pgo/elsewhere`,
    client_id: CLIENT_ID,
  });
  assert.equal(res.status, 400);
  const body = (await res.json()) as Record<string, unknown>;
  assert.equal(body.error, 'invalid_grant');
  assert.equal(body.access_token, undefined);

  // Without a redirect_uri at all: refused too.
  const none = await tokenRequest(demo, { grant_type: 'authorization_code', code, client_id: CLIENT_ID });
  assert.equal(none.status, 400);
  assert.equal(((await none.json()) as Record<string, unknown>).access_token, undefined);
});

test('the rightful PGO still redeems its own code (the refusals above are not blanket)', async () => {
  const code = await codeFor(new Browser(), demo);
  const res = await tokenRequest(demo, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri(demo),
    client_id: CLIENT_ID,
  });
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as Record<string, unknown>).token_type, 'Bearer');
});
