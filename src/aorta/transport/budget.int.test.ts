/**
 * The node-wide byte budget over real mutual TLS: an LSP that streams 200 KiB answers in 16 KiB
 * chunks. With a 32 KiB budget, a query that arrives while one answer is being read is refused at once
 * as 'busy' (503 at the FHIR edge); four queries admitted together all complete, oldest first, while the
 * bytes held stay far below four answers.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { LspError } from '../errors.ts';
import { createLspAgent, loadTlsMaterial } from './agent.ts';
import { CircuitBreakers } from './breaker.ts';
import { ByteBudget } from './budget.ts';
import { Limiter } from './limiter.ts';
import { SoapTransport } from './soap-client.ts';
import { hasOpenssl, makeTestPki, type TestPki } from './test-pki.test-util.ts';

const skip = hasOpenssl() ? false : 'the openssl command is needed to make a test PKI';
const CHUNK = 16 * 1024;
const CHUNKS = 12;
const HEAD = '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><answer>';
const TAIL = '</answer></s:Body></s:Envelope>';
/** The whole answer: the envelope around CHUNKS x CHUNK bytes of text. */
const ANSWER_BYTES = HEAD.length + CHUNKS * CHUNK + TAIL.length;

let pki: TestPki;
let server: Server;
let url: URL;
let chunksSent = 0;

before(async () => {
  if (skip) return;
  pki = makeTestPki();
  server = createServer(
    {
      ca: readFileSync(pki.caFile),
      cert: readFileSync(pki.serverCertFile),
      key: readFileSync(pki.serverKeyFile),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
        res.write(HEAD);
        let n = 0;
        const next = (): void => {
          if (n === CHUNKS) {
            res.end(TAIL);
            return;
          }
          n++;
          chunksSent++;
          res.write('x'.repeat(CHUNK));
          setTimeout(next, 10);
        };
        next();
      });
    },
  );
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = new URL(`https://127.0.0.1:${(server.address() as AddressInfo).port}/aorta`);
});

after(() => {
  if (skip) return;
  server.closeAllConnections();
  server.close();
  rmSync(pki.dir, { recursive: true, force: true });
});

function transport(budget: ByteBudget): SoapTransport {
  const tls = loadTlsMaterial(
    { caFile: pki.caFile, certFile: pki.clientCertFile, keyFile: pki.clientKeyFile },
    '127.0.0.1',
  );
  return new SoapTransport({
    url,
    agent: createLspAgent(tls, 16),
    timeoutMs: 10_000,
    maxResponseBytes: 1024 * 1024,
    retries: 0,
    limiter: new Limiter({ maxActive: 16, maxQueued: 16 }),
    budget,
    breakers: new CircuitBreakers({ threshold: 100, resetMs: 1000 }),
  });
}

const send = (t: SoapTransport, i: number): ReturnType<SoapTransport['send']> =>
  t.send({
    destination: 'xis',
    envelope: `<q n="${i}"/>`,
    soapAction: 'urn:test',
    idempotent: true,
  });

test('a query that arrives while the budget is spent is refused at once as busy', { skip }, async () => {
  const budget = new ByteBudget(32 * 1024);
  const t = transport(budget);
  const first = send(t, 1);
  const sentBefore = chunksSent;
  // Wait until the first answer holds more than the budget (it is the oldest reader, so it reads on).
  while (budget.stats().used <= 32 * 1024) await new Promise((r) => setTimeout(r, 5));
  assert.ok(chunksSent > sentBefore);
  const started = Date.now();
  await assert.rejects(
    send(t, 2),
    (e: unknown) => e instanceof LspError && e.kind === 'busy' && /budget 32768/.test(e.message),
  );
  assert.ok(Date.now() - started < 100, 'refused without waiting for the LSP');
  const doc = await first;
  assert.equal(doc.children.length > 0, true, 'the first answer is read whole');
  assert.equal(budget.stats().used, 0, 'every byte is given back');
  // With the budget free again a query goes through.
  await send(t, 3);
});

test(
  'queries admitted together all complete, holding far less than their answers together',
  { skip },
  async () => {
    const budget = new ByteBudget(32 * 1024);
    const t = transport(budget);
    const docs = await Promise.all([1, 2, 3, 4].map((i) => send(t, i)));
    assert.equal(docs.length, 4);
    const { peak, used, readers } = budget.stats();
    assert.equal(used, 0);
    assert.equal(readers, 0);
    // Without the budget the four answers would be held together (~4 x 200 KiB); with it, at most the
    // budget, the oldest answer and a socket chunk per paused reader.
    assert.ok(peak >= ANSWER_BYTES, `peak ${peak}: the oldest answer is read whole`);
    assert.ok(peak < 2 * ANSWER_BYTES, `peak ${peak} bytes held; four answers are ${4 * ANSWER_BYTES}`);
  },
);
