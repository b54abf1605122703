/**
 * Brute force on the back channel over real sockets: guessing codes at the token endpoint or tokens at
 * the revoke endpoint runs into the per-client limit first, and a second client from the same address
 * into the per-address limit; both answer 429 with Retry-After and `slow_down`, the two endpoints count
 * together, every 429 is in the audit log, and the rest of the gateway keeps answering.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, type Demo } from '../support/demo.ts';
import { assertHealthy } from './flow.ts';

const PER_IP = 8;
const PER_CLIENT = 4;

let demo: Demo;

before(async () => {
  demo = await startDemo({
    BRUG_TOKEN_RATE_PER_IP: String(PER_IP),
    BRUG_TOKEN_RATE_PER_CLIENT: String(PER_CLIENT),
  });
});

after(async () => {
  await demo.close();
});

/** One back-channel request over a fresh socket (no keep-alive), as a scripted attacker sends it. */
async function post(
  path: string,
  fields: Record<string, string>,
): Promise<{ status: number; retryAfter: string | null; body: string }> {
  const res = await fetch(`${demo.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', connection: 'close' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
}

const guessCode = (clientId: string) =>
  post('/oauth/token', {
    grant_type: 'authorization_code',
    code: crypto.randomUUID(),
    redirect_uri: `${demo.base}/sim/pgo/callback`,
    client_id: clientId,
  });
const guessToken = (clientId: string) =>
  post('/oauth/revoke', { token: crypto.randomUUID(), client_id: clientId });

function assertLimited(r: { status: number; retryAfter: string | null; body: string }, what: string): void {
  assert.equal(r.status, 429, what);
  const wait = Number(r.retryAfter);
  assert.ok(
    Number.isInteger(wait) && wait >= 1 && wait <= 60,
    `${what}: Retry-After in seconds (${r.retryAfter})`,
  );
  assert.equal((JSON.parse(r.body) as { error: string }).error, 'slow_down', what);
}

test('revoke, then token: per client, per address, both endpoints counted together, each 429 audited', async () => {
  const before = (await demo.gateway.store.audit.snapshot()).length;
  // One client guessing tokens at the revoke endpoint: answered (200, RFC 7009) up to its limit.
  for (let i = 0; i < PER_CLIENT; i++) assert.equal((await guessToken('localhost')).status, 200);
  assertLimited(await guessToken('localhost'), 'revoke beyond the per-client limit');
  // The same client at the token endpoint: the count is shared.
  assertLimited(await guessCode('localhost'), 'token after the revoke endpoint spent the client limit');

  // Another client from the same address: its own count is fresh, but the address runs out.
  const used = PER_CLIENT + 2;
  for (let i = used; i < PER_IP; i++) {
    const r = await guessCode('127.0.0.1');
    assert.ok(r.status === 400 || r.status === 401, `a guess answered as a guess (${r.status})`);
  }
  assertLimited(await guessCode('127.0.0.1'), 'token beyond the per-address limit, under the client limit');
  assertLimited(await guessToken('127.0.0.1'), 'revoke beyond the per-address limit');

  const limited = (await demo.gateway.store.audit.snapshot())
    .slice(before)
    .map((r) => ({
      event: r.event,
      f: JSON.parse(r.data) as { outcome: { status: number; reason?: string } },
    }))
    .filter((r) => r.f.outcome.status === 429);
  assert.deepEqual(
    limited.map((r) => [r.event, r.f.outcome.reason]),
    [
      ['oauth.revoke', 'slow_down'],
      ['oauth.token', 'slow_down'],
      ['oauth.token', 'slow_down'],
      ['oauth.revoke', 'slow_down'],
    ],
  );
  await assertHealthy(demo);
  const meta = await fetch(`${demo.base}/fhir/ggzdemo/31/stu3/metadata`);
  assert.equal(meta.status, 200, 'the FHIR side is not rate limited by the back channel');
});
