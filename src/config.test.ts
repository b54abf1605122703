import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.ts';
import { PRODUCTION_BASICS } from './config.test-util.ts';

test('defaults make the demo: port 8080 on loopback, sqlite under .brug, LSP timeout 25 s', () => {
  const c = loadConfig({}, '/srv/brug');
  assert.equal(c.env, 'demo');
  assert.equal(c.port, 8080);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.publicUrl, 'http://127.0.0.1:8080');
  assert.equal(c.databaseUrl, 'sqlite:/srv/brug/.brug/brug.db');
  assert.equal(c.lsp.timeoutMs, 25_000);
  assert.equal(c.lsp.aortaToken, 'signed');
  assert.equal(c.oauth.codeTtl, 900);
  assert.equal(c.oauth.tokenTtl, 900);
  assert.equal(c.oauth.availabilityCheck, 'off');
  assert.equal(c.zalUrl, 'https://brug.example.nl');
  assert.equal(c.lsp.caFile, '/srv/brug/.brug/pki/ca.pem');
});

test('a bad value stops start-up with a message naming the setting', () => {
  const cases: [Record<string, string>, string, RegExp][] = [
    [{ BRUG_PORT: 'eighty' }, 'BRUG_PORT', /whole number/],
    [{ BRUG_PORT: '70000' }, 'BRUG_PORT', /between 0 and 65535/],
    [{ BRUG_AVAILABILITY_CHECK: 'sometimes' }, 'BRUG_AVAILABILITY_CHECK', /off, index, query/],
    [{ BRUG_LSP_URL: 'http://lsp.example.nl' }, 'BRUG_LSP_URL', /https/],
    [{ BRUG_DATABASE_URL: 'mysql://x' }, 'BRUG_DATABASE_URL', /sqlite: or postgres/],
    [{ BRUG_URA: '12' }, 'BRUG_URA', /8 to 8 digits/],
    [{ BRUG_SIM_FAULT: 'explode' }, 'BRUG_SIM_FAULT', /timeout, soapfault/],
    [{ BRUG_PROT: '1' }, 'BRUG_PROT', /unknown setting/],
    [{ BRUG_ENV: 'production' }, 'BRUG_PUBLIC_URL', /https in production/],
    [{ BRUG_LANDING_PAGE: 'sometimes' }, 'BRUG_LANDING_PAGE', /on or off/],
    [{ BRUG_BACKCHANNEL_PORT: '8443' }, 'BRUG_BACKCHANNEL_CERT', /required with BRUG_BACKCHANNEL_PORT/],
    [{ BRUG_GRANT_TYPE_ALIASES: 'refresh_code=password' }, 'BRUG_GRANT_TYPE_ALIASES', /NAME=VALUE/],
    [{ BRUG_DIGID_MIN_LEVEL: 'laag' }, 'BRUG_DIGID_MIN_LEVEL', /basis, midden, substantieel, hoog/],
    [{ BRUG_LSP_AORTA_TOKEN: 'unsigned' }, 'BRUG_LSP_AORTA_TOKEN', /signed, signed-no-patient, off/],
  ];
  for (const [env, setting, msg] of cases) {
    assert.throws(
      () => loadConfig(env, '/tmp'),
      (e: unknown) => e instanceof ConfigError && e.setting === setting && msg.test(e.message),
      `${JSON.stringify(env)} should fail on ${setting}`,
    );
  }
});

test('a Whitelist refresh interval above 900 s (MedMij: at least every 15 minutes) stops start-up naming the setting', () => {
  assert.equal(loadConfig({}, '/tmp').lists.whitelistRefreshSeconds, 900);
  assert.equal(
    loadConfig({ BRUG_MEDMIJ_WHITELIST_REFRESH: '900' }, '/tmp').lists.whitelistRefreshSeconds,
    900,
  );
  for (const value of ['901', '3600']) {
    assert.throws(
      () => loadConfig({ BRUG_MEDMIJ_WHITELIST_REFRESH: value }, '/tmp'),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.setting === 'BRUG_MEDMIJ_WHITELIST_REFRESH' &&
        e.message === `BRUG_MEDMIJ_WHITELIST_REFRESH: must be between 1 and 900, got ${value}`,
      value,
    );
  }
});

test('OAuth settings: MedMij defaults, and aliases and acr maps as NAME=VALUE pairs', () => {
  const d = loadConfig({}, '/tmp');
  assert.equal(d.oauth.landingPage, true);
  assert.equal(d.oauth.refreshIdleDays, 183);
  assert.equal(d.oidc.minimumLevel, 'substantieel');
  assert.deepEqual(d.oauth.grantTypeAliases, {});
  const c = loadConfig(
    {
      BRUG_GRANT_TYPE_ALIASES: 'refresh_code=refresh_token',
      BRUG_OIDC_ACR_MAP: 'urn:x:loa3=substantieel, urn:x:loa4=hoog',
    },
    '/tmp',
  );
  assert.deepEqual(c.oauth.grantTypeAliases, { refresh_code: 'refresh_token' });
  assert.deepEqual(c.oidc.acrMap, { 'urn:x:loa3': 'substantieel', 'urn:x:loa4': 'hoog' });
});

test('production requires its own LSP, DigiD broker and ids: the defaults are the simulators and test ids', () => {
  const all = PRODUCTION_BASICS;
  for (const key of ['BRUG_LSP_URL', 'BRUG_OIDC_ISSUER', 'BRUG_APPLICATION_ID', 'BRUG_URA'] as const) {
    const without = Object.fromEntries(Object.entries(all).filter(([k]) => k !== key));
    assert.throws(
      () => loadConfig(without, '/tmp'),
      (e: unknown) =>
        e instanceof ConfigError && e.setting === key && /required in production/.test(e.message),
      key,
    );
  }
});

test('production requires the LSP credentials and the OIDC secret', () => {
  const prod = PRODUCTION_BASICS;
  assert.throws(
    () => loadConfig(prod, '/tmp'),
    (e: unknown) => e instanceof ConfigError && e.setting === 'BRUG_OIDC_CLIENT_SECRET',
  );
  assert.throws(
    () => loadConfig({ ...prod, BRUG_OIDC_CLIENT_SECRET: 's' }, '/tmp'),
    (e: unknown) => e instanceof ConfigError && e.setting === 'BRUG_AUDIT_KEY',
  );
  assert.throws(
    () => loadConfig({ ...prod, BRUG_OIDC_CLIENT_SECRET: 's', BRUG_AUDIT_KEY: 'ab'.repeat(32) }, '/tmp'),
    (e: unknown) => e instanceof ConfigError && e.setting === 'BRUG_LSP_CA',
  );
});

test('an optional JSON file supplies settings; the environment wins', () => {
  const dir = mkdtempSync(join(tmpdir(), 'brug-cfg-'));
  const file = join(dir, 'brug.json');
  writeFileSync(file, JSON.stringify({ BRUG_PORT: 9000, BRUG_HOST: '0.0.0.0' }));
  const c = loadConfig({ BRUG_CONFIG_FILE: file, BRUG_PORT: '9100' }, dir);
  assert.equal(c.port, 9100);
  assert.equal(c.host, '0.0.0.0');
  writeFileSync(file, '{ nope');
  assert.throws(() => loadConfig({ BRUG_CONFIG_FILE: file }, dir), /BRUG_CONFIG_FILE: .*not valid JSON/);
});

test('the tools settings (bench, fuzz) are known, so a shell that exports them still runs brug', () => {
  const c = loadConfig({ BRUG_BENCH_DATABASE_URL: 'postgres://x@y/z', BRUG_FUZZ_RUNS: '100000' }, '/tmp');
  assert.equal(c.env, 'demo');
});
