/**
 * Hostile LSP answers end to end: billion laughs, an external entity, an undeclared entity, a 100 MB
 * answer (streamed, and with its length declared) and 10,000-deep nesting. The simulator cannot serve
 * these (it parses its files with Brug's own safe parser), so a small mutual-TLS front server with the
 * same test PKI writes them for some patients and forwards every other query to the simulator. Each
 * must end in a 502 OperationOutcome quickly, and the same gateway process must then still answer a
 * normal search with 200 and data.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBsn } from './bsn.ts';
import { assertTransportError, dispensesIn } from './expect.ts';
import { startHarness, type Harness } from './harness.ts';
import { billionLaughs, deepNesting, externalEntity, hugeAnswer, undeclaredEntity } from './hostile.ts';

const TIMEOUT_MS = 5000;
/**
 * Time bound for every hostile answer: under the LSP timeout, so the refusal comes from the parser or
 * the size cap and not from waiting. Typical: 30-150 ms each on an idle machine, up to ~2 s on a
 * loaded one (the 100 MB stream).
 */
const BOUND_MS = 4000;
const HUNDRED_MB = 100 * 1024 * 1024;
const GGZ_PATIENT = '999990032'; // built-in: four dispenses, forwarded to the real simulator

const bsn = (n: number): string => testBsn(n, 999994000);
const B = {
  laughs: bsn(0),
  xxe: bsn(1),
  undeclared: bsn(2),
  huge: bsn(3),
  hugeDeclared: bsn(4),
  deep: bsn(5),
};
const hugeSent = { bytes: 0 };
let h: Harness;

before(async () => {
  h = await startHarness({
    timeoutMs: TIMEOUT_MS,
    hostile: {
      [B.laughs]: { label: 'billion laughs', answer: billionLaughs() },
      [B.xxe]: { label: 'external entity', answer: externalEntity('/etc/passwd') },
      [B.undeclared]: { label: 'undeclared entity', answer: undeclaredEntity() },
      [B.huge]: { label: '100 MB streamed', answer: hugeAnswer(HUNDRED_MB, false, hugeSent) },
      [B.hugeDeclared]: { label: '100 MB declared', answer: hugeAnswer(HUNDRED_MB, true) },
      [B.deep]: { label: '10,000 deep', answer: deepNesting(10_000) },
    },
  });
});
after(async () => {
  await h.close();
});

const CASES: { name: string; bsn: string; label: string }[] = [
  { name: 'billion laughs (DTD with nested entities)', bsn: B.laughs, label: 'billion laughs' },
  { name: 'an external entity (file:///etc/passwd)', bsn: B.xxe, label: 'external entity' },
  { name: 'an entity reference without any declaration', bsn: B.undeclared, label: 'undeclared entity' },
  { name: 'a 100 MB answer, streamed without a length', bsn: B.huge, label: '100 MB streamed' },
  { name: 'a 100 MB answer with its Content-Length', bsn: B.hugeDeclared, label: '100 MB declared' },
  { name: '10,000-deep element nesting', bsn: B.deep, label: '10,000 deep' },
];

for (const c of CASES) {
  test(`${c.name}: 502 OperationOutcome within ${BOUND_MS} ms`, async (t) => {
    const heapBefore = process.memoryUsage().heapUsed;
    const res = await h.search(c.bsn);
    assert.ok(h.front?.served.includes(c.label), 'the hostile answer was really served');
    assertTransportError(res, { status: 502, kind: 'malformed', issueCode: 'structure', bsn: c.bsn });
    t.diagnostic(`answered in ${Math.round(res.ms)} ms`);
    assert.ok(res.ms < BOUND_MS, `answered in ${Math.round(res.ms)} ms`);
    assert.ok(!res.text.includes('root:'), 'no file content leaks');
    assert.ok(!/lol|AAAA|<!DOCTYPE|ENTITY/i.test(res.text), 'nothing of the answer is echoed');
    const grown = process.memoryUsage().heapUsed - heapBefore;
    assert.ok(grown < 200 * 1024 * 1024, `heap grew ${Math.round(grown / 1048576)} MB`);
  });
}

test('the streamed 100 MB answer was cut off long before its end', () => {
  assert.ok(hugeSent.bytes < HUNDRED_MB, `the front server wrote ${Math.round(hugeSent.bytes / 1048576)} MB`);
});

test('afterwards the same gateway still answers a normal search (200, data) and /health', async () => {
  const res = await h.search(GGZ_PATIENT);
  assert.equal(res.status, 200, res.text);
  assert.equal(dispensesIn(res.json), 4);
  assert.equal((await h.get('/health')).status, 200);
  const logs = h.logs();
  for (const b of [...Object.values(B), GGZ_PATIENT]) assert.ok(!logs.includes(b), 'no BSN in the logs');
  assert.ok(!logs.includes('root:x:0:0'), 'no file content in the logs');
});
