/** The token endpoint's checks, code replay and expiry, and `brug token issue`, through Fastify inject. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { staticRegistry, builtInDemoClients } from '../lists/index.ts';
import { createAuthorizationCode } from './code.ts';
import { resolveAccessToken } from './resolve.ts';
import { issueTestToken } from './test-token.ts';
import {
  DEMO_REDIRECT,
  TEST_BSN,
  openOAuthFixture,
  type OAuthFixture,
  recordTestGrant,
} from './test-fixture.ts';

let fx: OAuthFixture;
before(async () => {
  fx = await openOAuthFixture();
});
after(async () => {
  await fx.close();
});

async function newCode(opts: { ttl?: number; redirectUri?: string } = {}): Promise<string> {
  const grant = await recordTestGrant(fx.store, fx.clock.now, { longLived: false });
  return createAuthorizationCode(
    fx.store,
    {
      grantId: grant.id,
      clientId: 'localhost',
      redirectUri: opts.redirectUri ?? DEMO_REDIRECT,
      scope: 'ggzdemo~31',
    },
    opts.ttl ?? 900,
    fx.clock.now,
  );
}

const token = (fields: Record<string, string>) =>
  fx.app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });

test('a code works once; a replay fails with invalid_grant and revokes the token issued from it', async () => {
  const code = await newCode();
  const first = await token({
    grant_type: 'authorization_code',
    code,
    redirect_uri: DEMO_REDIRECT,
    client_id: 'localhost',
  });
  assert.equal(first.statusCode, 200);
  assert.equal(first.headers['cache-control'], 'no-store');
  const { access_token } = first.json<{ access_token: string }>();
  assert.ok(await resolveAccessToken(fx.store, access_token, fx.clock.now));
  const second = await token({
    grant_type: 'authorization_code',
    code,
    redirect_uri: DEMO_REDIRECT,
    client_id: 'localhost',
  });
  assert.equal(second.statusCode, 400);
  assert.deepEqual(second.json(), { error: 'invalid_grant', error_description: 'the code was already used' });
  assert.equal(await resolveAccessToken(fx.store, access_token, fx.clock.now), undefined);
});

test('an expired code fails with invalid_grant', async () => {
  const code = await newCode({ ttl: 900 });
  fx.clock.now += 901_000;
  try {
    const res = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: DEMO_REDIRECT,
      client_id: 'localhost',
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), { error: 'invalid_grant', error_description: 'the code has expired' });
  } finally {
    fx.clock.now -= 901_000;
  }
});

test('a different redirect_uri at the token endpoint fails with invalid_grant', async () => {
  const code = await newCode();
  const res = await token({
    grant_type: 'authorization_code',
    code,
    redirect_uri: 'http://127.0.0.1:8080/sim/pgo/other',
    client_id: 'localhost',
  });
  assert.equal(res.statusCode, 400);
  assert.deepEqual(res.json(), {
    error: 'invalid_grant',
    error_description: 'redirect_uri differs from the one in the authorization request',
  });
});

test('token endpoint: grant type, client and parameters are checked with RFC 6749 errors', async () => {
  const code = await newCode();
  const wrongClient = await token({
    grant_type: 'authorization_code',
    code,
    redirect_uri: DEMO_REDIRECT,
    client_id: 'pgo.example.nl',
  });
  assert.equal(wrongClient.statusCode, 400);
  assert.equal(wrongClient.json<{ error: string }>().error, 'invalid_grant');
  assert.equal(
    (
      await token({ grant_type: 'password', code, redirect_uri: DEMO_REDIRECT, client_id: 'localhost' })
    ).json<{
      error: string;
    }>().error,
    'unsupported_grant_type',
  );
  const unknown = await token({
    grant_type: 'authorization_code',
    code,
    redirect_uri: DEMO_REDIRECT,
    client_id: 'nobody',
  });
  assert.equal(unknown.statusCode, 401);
  assert.equal(unknown.json<{ error: string }>().error, 'invalid_client');
  const noCode = await token({
    grant_type: 'authorization_code',
    redirect_uri: DEMO_REDIRECT,
    client_id: 'localhost',
  });
  assert.deepEqual(noCode.json(), { error: 'invalid_request', error_description: 'code is missing' });
  const json = await fx.app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/json' },
    payload: '{"grant_type":"authorization_code"}',
  });
  assert.equal(json.statusCode, 400);
  assert.equal(json.json<{ error: string }>().error, 'invalid_request');
  const unknownCode = await token({
    grant_type: 'authorization_code',
    code: crypto.randomUUID(),
    redirect_uri: DEMO_REDIRECT,
    client_id: 'localhost',
  });
  assert.deepEqual(unknownCode.json(), { error: 'invalid_grant', error_description: 'the code is unknown' });
});

test('issueTestToken goes through the code path and registers a fixed token once', async () => {
  const deps = {
    config: fx.config,
    store: fx.store,
    clients: staticRegistry(builtInDemoClients(fx.config.publicUrl)),
    logger: fx.app.log,
  };
  const t = await issueTestToken(deps, { bsn: TEST_BSN, scope: 'ggzdemo~31', clientId: 'localhost' });
  const ctx = await resolveAccessToken(fx.store, t, Date.now());
  assert.equal(ctx?.bsn, TEST_BSN);
  assert.deepEqual(ctx?.services, ['31']);
  const fixed = await issueTestToken(deps, {
    bsn: TEST_BSN,
    scope: 'ggzdemo~58',
    clientId: 'localhost',
    fixedToken: 'qualification-token-1',
  });
  assert.equal(fixed, 'qualification-token-1');
  assert.deepEqual((await resolveAccessToken(fx.store, fixed, Date.now()))?.services, ['58']);
  await assert.rejects(
    issueTestToken(deps, {
      bsn: TEST_BSN,
      scope: 'ggzdemo~58',
      clientId: 'localhost',
      fixedToken: 'qualification-token-1',
    }),
    /already registered/,
  );
  await assert.rejects(
    issueTestToken(deps, { bsn: '123456789', scope: 'ggzdemo~31', clientId: 'localhost' }),
    (e: Error) => !e.message.includes('123456789'),
  );
  await assert.rejects(
    issueTestToken(deps, { bsn: TEST_BSN, scope: 'ggzdemo~49', clientId: 'localhost' }),
    /invalid_scope/,
  );
  const prod = { ...fx.config, env: 'production' as const };
  await assert.rejects(
    issueTestToken({ ...deps, config: prod }, { bsn: TEST_BSN, scope: 'ggzdemo~31', clientId: 'localhost' }),
    /refused/,
  );
});
