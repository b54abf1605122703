/**
 * No OAuth state without its audit record, on SQLite and PostgreSQL: with the audit log refusing
 * appends, a consent, a code redemption, a refresh and a revocation each fail as a technical error and
 * leave nothing behind (no grant, the code still unused, the refresh token unspent, the token still
 * valid); once the log takes records again, the very same request succeeds, which shows that the
 * first attempt was rolled back whole rather than half done.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { testConfig } from '../../config.ts';
import { DEFAULT_DATA_SERVICES } from '../../services/catalogue.ts';
import { testDatabases, type TestDatabase } from '../../store/testing.ts';
import type { Store } from '../../store/index.ts';
import { createAuditLog } from '../../audit/index.ts';
import { breakAuditAppends } from '../../audit/raw-sql.test-util.ts';
import { builtInDemoClients, staticRegistry } from '../lists/index.ts';
import { oauthRoutes } from './plugin.ts';
import { createAuthorizationCode } from './code.ts';
import { resolveAccessToken } from './resolve.ts';
import { hashSecret } from './secrets.ts';
import { SESSION_COOKIE } from './session.ts';
import { DEMO_REDIRECT, TEST_BSN, recordTestGrant } from './test-fixture.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

for (const dialect of testDatabases()) {
  describe(`OAuth state commits with its audit record on ${dialect.name}`, { skip: dialect.skip }, () => {
    let db: TestDatabase;
    let store: Store;
    let app: FastifyInstance;

    const setUp = async (): Promise<void> => {
      db = dialect.create();
      store = await db.open();
      await store.providers.upsert({
        naam: 'ggzdemo',
        displayName: 'GGZ Demo',
        ura: '90000002',
        applicationIds: ['900002'],
        services: [{ id: '31' }],
        status: 'live',
      });
      const config = testConfig(mkdtempSync(path.join(os.tmpdir(), 'brug-audit-tx-')), { BRUG_PORT: '8080' });
      const audit = createAuditLog(store, db.key);
      app = Fastify();
      await app.register(oauthRoutes, {
        config,
        store,
        clients: staticRegistry(builtInDemoClients(config.publicUrl)),
        services: DEFAULT_DATA_SERVICES,
        logger: app.log,
        audit: (d, tx) => audit.oauthDecision(d, tx),
      });
      await app.ready();
    };
    after(async () => {
      await app?.close();
      await store?.close();
      await db?.dispose();
    });

    /** A grant and a code for it, made around the routes. */
    const codeFor = async (longLived: boolean): Promise<string> => {
      const now = Date.now();
      const grant = await recordTestGrant(store, now, { longLived });
      return createAuthorizationCode(
        store,
        { grantId: grant.id, clientId: 'localhost', redirectUri: DEMO_REDIRECT, scope: 'ggzdemo~31' },
        900,
        now,
      );
    };
    const redeem = (code: string) =>
      app.inject({
        method: 'POST',
        url: '/oauth/token',
        headers: FORM,
        payload: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: DEMO_REDIRECT,
          client_id: 'localhost',
        }).toString(),
      });
    const records = async (event: string): Promise<number> =>
      (await store.audit.snapshot()).filter((r) => r.event === event).length;

    test('a consent, a redemption, a refresh and a revocation leave nothing when their record fails', async () => {
      await setUp();

      // Consent: no grant, no code, and the session is still there to try again.
      const sid = crypto.randomUUID();
      await store.sessions.insert({
        id: sid,
        data: {
          step: 'consent',
          clientId: 'localhost',
          redirectUri: DEMO_REDIRECT,
          state: 'st',
          scope: 'ggzdemo~31',
          provider: 'ggzdemo',
          services: ['31'],
          auth: { bsn: TEST_BSN, authTime: Date.now(), level: 'substantieel', assertionId: 'a1' },
          csrf: 'csrf-1',
        },
        expiresAt: Date.now() + 60_000,
      });
      const approve = () =>
        app.inject({
          method: 'POST',
          url: '/oauth/consent',
          headers: { ...FORM, cookie: `${SESSION_COOKIE}=${sid}` },
          payload: 'decision=approve&csrf=csrf-1',
        });
      await breakAuditAppends(db, true);
      const failed = await approve();
      assert.equal(failed.statusCode, 500, 'a technical failure, not a code');
      assert.equal(failed.headers.location, undefined);
      assert.deepEqual(await store.grants.listByBsn(TEST_BSN), [], 'no grant without its record');
      assert.ok(await store.sessions.get(sid, Date.now()), 'the session was not ended either');
      await breakAuditAppends(db, false);
      const ok = await approve();
      assert.equal(ok.statusCode, 303);
      assert.ok(new URL(ok.headers.location!).searchParams.get('code'));
      assert.equal((await store.grants.listByBsn(TEST_BSN)).length, 1);
      assert.equal(await records('oauth.consent'), 1);

      // Redemption: the code stays unused, and redeems once the log works again.
      const code = await codeFor(true);
      await breakAuditAppends(db, true);
      const noToken = await redeem(code);
      assert.equal(noToken.statusCode, 500);
      assert.equal(noToken.json<{ error: string }>().error, 'server_error');
      await breakAuditAppends(db, false);
      const issued = await redeem(code);
      assert.equal(issued.statusCode, 200, issued.body);
      const pair = issued.json<{ access_token: string; refresh_token: string }>();
      assert.equal(await records('oauth.token'), 1, 'one record: of the token that was issued');

      // Refresh: the refresh token is not spent by the failed attempt.
      const refresh = () =>
        app.inject({
          method: 'POST',
          url: '/oauth/token',
          headers: FORM,
          payload: new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: pair.refresh_token,
            client_id: 'localhost',
          }).toString(),
        });
      await breakAuditAppends(db, true);
      assert.equal((await refresh()).statusCode, 500);
      assert.equal((await store.refreshTokens.get(hashSecret(pair.refresh_token)))?.rotatedAt, null);
      await breakAuditAppends(db, false);
      const refreshed = await refresh();
      assert.equal(refreshed.statusCode, 200, refreshed.body);
      const newAccess = refreshed.json<{ access_token: string }>().access_token;

      // Revocation: the token keeps working until a revocation with its record commits.
      const revoke = () =>
        app.inject({
          method: 'POST',
          url: '/oauth/revoke',
          headers: FORM,
          payload: new URLSearchParams({
            token: newAccess,
            token_type_hint: 'access_token',
            client_id: 'localhost',
          }).toString(),
        });
      await breakAuditAppends(db, true);
      assert.equal((await revoke()).statusCode, 500);
      assert.ok(await resolveAccessToken(store, newAccess, Date.now()), 'still valid: nothing was revoked');
      await breakAuditAppends(db, false);
      assert.equal((await revoke()).statusCode, 200);
      assert.equal(await resolveAccessToken(store, newAccess, Date.now()), undefined);
      assert.equal(await records('oauth.revoke'), 1);
      assert.deepEqual(await store.audit.verify(), {
        ok: true,
        records: (await store.audit.snapshot()).length,
      });
    });
  });
}
