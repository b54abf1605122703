/**
 * Fuzzing the MedMij OAuth scope parser (`parseScope`) and the rule that turns its verdict into an
 * OAuth error (`checkScope`): no crash or hang, every refusal an `OAuthError` `invalid_scope`, accepted
 * scopes round-trip through `formatScope`, and every scope the grammar allows is accepted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Provider, Store } from '../../src/store/index.ts';
import type { ClientInfo } from '../../src/medmij/lists/index.ts';
import { checkScope } from '../../src/medmij/oauth/checks/scope.ts';
import { OAuthError } from '../../src/medmij/oauth/errors.ts';
import { formatScope, parseScope } from '../../src/medmij/oauth/scope.ts';
import { fuzz } from './harness.ts';

const RFC6749_CODES = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'unsupported_response_type',
  'invalid_scope',
  'access_denied',
  'server_error',
  'temporarily_unavailable',
];

const providerName = fc.stringMatching(/^[a-z]{3,50}$/);
const serviceId = fc.stringMatching(/^[0-9A-Za-z.-]{1,30}$/);
/** A scope the grammar allows: one provider, 1..8 distinct services. */
const validScope = fc.record({
  provider: providerName,
  services: fc.uniqueArray(serviceId, { minLength: 1, maxLength: 8 }),
});

/** Scope-like text: pieces of the grammar glued with noise. */
const scopeLike = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc
    .array(
      fc.oneof(
        providerName,
        serviceId,
        fc.constantFrom('~', ' ', '  ', '\t', '\n', '@medmij', '~~', 'é', '\u0000', 'A', '-', '.'),
      ),
      { maxLength: 20 },
    )
    .map((xs) => xs.join('')),
  validScope.chain(({ provider, services }) =>
    fc.constantFrom(' ', '  ', '\t', '', ' ~', '~ ', 'X', '@medmij').chain((junk) =>
      fc.nat({ max: formatScope({ provider, services }).length }).map((at) => {
        const s = formatScope({ provider, services });
        return s.slice(0, at) + junk + s.slice(at);
      }),
    ),
  ),
);

/** A store holding one live provider that offers `offered` services, and a client that may ask for any. */
function fakeStore(offered: () => string[]): Store {
  const get = (naam: string): Promise<Provider | undefined> =>
    Promise.resolve({
      naam,
      displayName: naam,
      ura: '00000000',
      applicationIds: ['1'],
      services: offered().map((id) => ({ id })),
      status: 'live',
    });
  return { providers: { get } } as unknown as Store;
}
const CLIENT = { hostname: 'pgo.example', organisationName: 'PGO' } as ClientInfo;

test('parseScope never throws; an accepted scope is its own canonical form', (t) => {
  fuzz(t, scopeLike, (s) => {
    const r = parseScope(s);
    if ('error' in r) {
      assert.equal(typeof r.error, 'string');
      assert.ok(r.error.length > 0);
      return;
    }
    assert.match(r.provider, /^[a-z]{3,50}$/);
    assert.ok(r.services.length >= 1);
    assert.equal(new Set(r.services).size, r.services.length);
    assert.equal(formatScope(r), s);
    assert.deepEqual(parseScope(formatScope(r)), r);
  });
});

test('every scope the grammar allows is accepted as written', (t) => {
  fuzz(t, validScope, (v) => {
    const s = formatScope(v);
    assert.deepEqual(parseScope(s), { provider: v.provider, services: [...v.services] });
  });
});

test('a scope with a repeated service, a second provider or a stray separator is refused', (t) => {
  const broken = validScope.chain((v) =>
    fc.oneof(
      fc.constant(`${formatScope(v)} ${v.provider}~${v.services[0]!}`),
      providerName.filter((p) => p !== v.provider).map((p) => `${formatScope(v)} ${p}~${v.services[0]!}`),
      fc.constantFrom(' ', '\t', '\n').map((sep) => `${formatScope(v)}${sep}`),
      fc.constant(`${v.provider}~${v.services[0]!}  ${v.provider}~${v.services[0]!}x`),
      fc.constant(`${v.provider}@medmij~${v.services[0]!}`),
    ),
  );
  fuzz(t, broken, (s) => {
    assert.ok('error' in parseScope(s), `accepted: ${JSON.stringify(s)}`);
  });
});

test('checkScope refuses what parseScope refuses with an OAuthError invalid_scope (RFC 6749)', async (t) => {
  // checkScope is async; the property runs each case's promise to completion in sequence.
  const cases = fc.sample(fc.oneof(scopeLike, validScope.map(formatScope)), {
    numRuns: Math.min(Number(process.env.BRUG_FUZZ_RUNS ?? 300), 2000),
  });
  let offered: string[] = [];
  const store = fakeStore(() => offered);
  let refused = 0;
  for (const s of cases) {
    const parsed = parseScope(s);
    offered = 'error' in parsed ? [] : parsed.services;
    try {
      const ok = await checkScope(store, CLIENT, s);
      assert.ok(!('error' in parsed), `checkScope accepted what parseScope refused: ${JSON.stringify(s)}`);
      assert.equal(ok.scope, s);
    } catch (e) {
      assert.ok(e instanceof OAuthError, `not an OAuthError: ${String(e)}`);
      assert.ok(RFC6749_CODES.includes(e.code));
      assert.equal(e.code, 'invalid_scope');
      assert.equal(e.status, 400);
      refused++;
    }
  }
  t.diagnostic(`${cases.length} cases, ${refused} refused`);
  assert.ok(refused > 0 && refused < cases.length);
});
