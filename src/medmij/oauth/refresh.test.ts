/** Refresh tokens (long-lived consent), grant-type aliases and RFC 7009 revocation, through Fastify inject. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuthorizationCode } from './code.ts';
import { resolveAccessToken } from './resolve.ts';
import { DEMO_REDIRECT, openOAuthFixture, recordTestGrant, type OAuthFixture } from './test-fixture.ts';

let fx: OAuthFixture;
let aliased: OAuthFixture;
before(async () => {
  fx = await openOAuthFixture();
  aliased = await openOAuthFixture({ settings: { grantTypeAliases: { refresh_code: 'refresh_token' } } });
});
after(async () => {
  await fx.close();
  await aliased.close();
});

const form = (f: OAuthFixture, url: string, fields: Record<string, string>) =>
  f.app.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'medmij-request-id': '6f1c2a64-0a7e-4a59-9a4e-1d2f3c4b5a69',
      'x-correlation-id': 'c0e7b545-39a4-4f57-8a1d-5b1a9f0d3e21',
    },
    payload: new URLSearchParams(fields).toString(),
  });

interface Pair {
  access_token: string;
  refresh_token?: string;
  scope: string;
  expires_in: number;
}

/** A consent (long-lived or not) and its code redeemed at the token endpoint. */
async function consentAndRedeem(f: OAuthFixture, longLived: boolean): Promise<Pair> {
  const grant = await recordTestGrant(f.store, f.clock.now, { longLived });
  const code = await createAuthorizationCode(
    f.store,
    { grantId: grant.id, clientId: 'localhost', redirectUri: DEMO_REDIRECT, scope: 'ggzdemo~31' },
    900,
    f.clock.now,
  );
  const res = await form(f, '/oauth/token', {
    grant_type: 'authorization_code',
    code,
    redirect_uri: DEMO_REDIRECT,
    client_id: 'localhost',
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<Pair>();
}

const refresh = (f: OAuthFixture, rt: string, grantType = 'refresh_token', clientId = 'localhost') =>
  form(f, '/oauth/token', { grant_type: grantType, refresh_token: rt, client_id: clientId });

test('only long-lived consent gets a refresh token; it is a UUIDv4', async () => {
  const short = await consentAndRedeem(fx, false);
  assert.equal(short.refresh_token, undefined);
  const long = await consentAndRedeem(fx, true);
  assert.match(
    long.refresh_token ?? '',
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  assert.notEqual(long.refresh_token, long.access_token);
});

test('a refresh rotates the pair; a retry within the grace gets the same pair; later reuse revokes the grant', async () => {
  const first = await consentAndRedeem(fx, true);
  const r1 = await refresh(fx, first.refresh_token!);
  assert.equal(r1.statusCode, 200, r1.body);
  assert.equal(r1.headers['cache-control'], 'no-store');
  const second = r1.json<Pair>();
  assert.equal(second.scope, 'ggzdemo~31');
  assert.equal(second.expires_in, 900);
  assert.notEqual(second.refresh_token, first.refresh_token);
  assert.ok(await resolveAccessToken(fx.store, second.access_token, fx.clock.now));

  fx.clock.now += 10_000;
  const retry = await refresh(fx, first.refresh_token!);
  assert.equal(retry.statusCode, 200, retry.body);
  assert.deepEqual(retry.json(), second, 'the retry within 30 s gets the very same pair');

  fx.clock.now += 25_000;
  const late = await refresh(fx, first.refresh_token!);
  assert.equal(late.statusCode, 400);
  assert.deepEqual(late.json(), {
    error: 'invalid_grant',
    error_description: 'the refresh token was already used',
  });
  assert.equal(await resolveAccessToken(fx.store, second.access_token, fx.clock.now), undefined);
  const after = await refresh(fx, second.refresh_token!);
  assert.deepEqual(after.json(), {
    error: 'invalid_grant',
    error_description: 'the refresh token was revoked',
  });
});

test('a refresh token lapses after six months unused, not before', async () => {
  const a = await consentAndRedeem(fx, true);
  const b = await consentAndRedeem(fx, true);
  fx.clock.now += 182 * 24 * 3600 * 1000;
  assert.equal((await refresh(fx, a.refresh_token!)).statusCode, 200, 'used within six months');
  fx.clock.now += 2 * 24 * 3600 * 1000;
  const lapsed = await refresh(fx, b.refresh_token!);
  assert.equal(lapsed.statusCode, 400);
  assert.deepEqual(lapsed.json(), {
    error: 'invalid_grant',
    error_description: 'the refresh token has lapsed (unused for too long)',
  });
});

test('a refresh token works only for its own client and an unknown one is invalid_grant', async () => {
  const pair = await consentAndRedeem(fx, true);
  const other = await refresh(fx, pair.refresh_token!, 'refresh_token', 'pgo.example.nl');
  assert.deepEqual(other.json(), {
    error: 'invalid_grant',
    error_description: 'the refresh token was issued to another client',
  });
  const unknown = await refresh(fx, '00000000-0000-4000-8000-000000000000');
  assert.deepEqual(unknown.json(), {
    error: 'invalid_grant',
    error_description: 'the refresh token is unknown',
  });
  const missing = await form(fx, '/oauth/token', { grant_type: 'refresh_token', client_id: 'localhost' });
  assert.deepEqual(missing.json(), {
    error: 'invalid_request',
    error_description: 'refresh_token is missing',
  });
  assert.equal((await refresh(fx, pair.refresh_token!)).statusCode, 200, 'still good for its own client');
});

test('a narrower scope may be asked on refresh; a wider one is invalid_scope', async () => {
  const pair = await consentAndRedeem(fx, true);
  const wider = await form(fx, '/oauth/token', {
    grant_type: 'refresh_token',
    refresh_token: pair.refresh_token!,
    client_id: 'localhost',
    scope: 'ggzdemo~31 ggzdemo~58',
  });
  assert.deepEqual(wider.json(), {
    error: 'invalid_scope',
    error_description: 'scope exceeds the scope of the consent',
  });
});

test('grant_type=refresh_code is unsupported unless the settings list it as an alias', async () => {
  const plain = await consentAndRedeem(fx, true);
  const refused = await refresh(fx, plain.refresh_token!, 'refresh_code');
  assert.equal(refused.statusCode, 400);
  assert.equal(refused.json<{ error: string }>().error, 'unsupported_grant_type');

  const pair = await consentAndRedeem(aliased, true);
  const ok = await refresh(aliased, pair.refresh_token!, 'refresh_code');
  assert.equal(ok.statusCode, 200, ok.body);
  assert.ok(ok.json<Pair>().refresh_token);
});

test('revoke (RFC 7009): unknown tokens get 200; a refresh token revokes the whole consent', async () => {
  const unknown = await form(fx, '/oauth/revoke', { token: 'nonsense', client_id: 'localhost' });
  assert.equal(unknown.statusCode, 200);
  const noClient = await form(fx, '/oauth/revoke', { token: 'nonsense' });
  assert.equal(noClient.statusCode, 401);
  assert.equal(noClient.json<{ error: string }>().error, 'invalid_client');

  const pair = await consentAndRedeem(fx, true);
  const rotated = (await refresh(fx, pair.refresh_token!)).json<Pair>();
  const byOther = await form(fx, '/oauth/revoke', {
    token: rotated.refresh_token!,
    client_id: 'pgo.example.nl',
  });
  assert.equal(byOther.statusCode, 200);
  assert.ok(
    await resolveAccessToken(fx.store, rotated.access_token, fx.clock.now),
    "another client's revoke does nothing",
  );

  const res = await form(fx, '/oauth/revoke', {
    token: rotated.refresh_token!,
    token_type_hint: 'refresh_token',
    client_id: 'localhost',
  });
  assert.equal(res.statusCode, 200);
  assert.equal(await resolveAccessToken(fx.store, rotated.access_token, fx.clock.now), undefined);
  assert.equal(await resolveAccessToken(fx.store, pair.access_token, fx.clock.now), undefined);
  const again = await refresh(fx, rotated.refresh_token!);
  assert.deepEqual(again.json(), {
    error: 'invalid_grant',
    error_description: 'the refresh token was revoked',
  });
});

test('revoking an access token ends only that token', async () => {
  const pair = await consentAndRedeem(fx, true);
  const res = await form(fx, '/oauth/revoke', {
    token: pair.access_token,
    token_type_hint: 'access_token',
    client_id: 'localhost',
  });
  assert.equal(res.statusCode, 200);
  assert.equal(await resolveAccessToken(fx.store, pair.access_token, fx.clock.now), undefined);
  assert.equal((await refresh(fx, pair.refresh_token!)).statusCode, 200);
});

test('a replayed code revokes the long-lived consent with its refresh token', async () => {
  const grant = await recordTestGrant(fx.store, fx.clock.now, { longLived: true });
  const code = await createAuthorizationCode(
    fx.store,
    { grantId: grant.id, clientId: 'localhost', redirectUri: DEMO_REDIRECT, scope: 'ggzdemo~31' },
    900,
    fx.clock.now,
  );
  const fields = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: DEMO_REDIRECT,
    client_id: 'localhost',
  };
  const pair = (await form(fx, '/oauth/token', fields)).json<Pair>();
  assert.equal((await form(fx, '/oauth/token', fields)).statusCode, 400);
  const res = await refresh(fx, pair.refresh_token!);
  assert.deepEqual(res.json(), {
    error: 'invalid_grant',
    error_description: 'the refresh token was revoked',
  });
});
