/**
 * Chain logging with several nodes: two processes, each running the outbox sender as every `brug serve`
 * does, on one database (the same PostgreSQL schema, or two connections to one SQLite file). A local
 * log endpoint that answers slowly and refuses every fifth request receives every event exactly once.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testDatabases } from '../src/store/testing.ts';

const NODE = resolve(import.meta.dirname, 'support', 'chain-log-node.ts');
const EVENTS = 120;

/** Runs one sender process to its end; resolves with its exit code and output. */
function senderNode(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BRUG_')));
  return new Promise((ok, fail) => {
    const p = spawn(process.execPath, ['--import', 'tsx', NODE], {
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    p.once('error', fail);
    p.once('exit', (code) => ok({ code, out }));
  });
}

for (const dialect of testDatabases()) {
  describe(`chain-log outbox on ${dialect.name}, two nodes`, { skip: dialect.skip }, () => {
    test("a claimed batch is no other node's until its lease ends (a node that died)", async () => {
      const db = dialect.create();
      const store = await db.open();
      try {
        for (let n = 1; n <= 3; n++) await store.outbox.add({ type: 'test_event', n }, 1000);
        const a = await store.outbox.claim(2000, 2, 'node-a', 10_000);
        assert.deepEqual(
          a.map((e) => e.event.n),
          [1, 2],
        );
        // One batch in flight over all nodes: B gets nothing, not even the unclaimed third event.
        assert.deepEqual(await store.outbox.claim(5000, 10, 'node-b', 10_000), []);
        // A never answers: after its lease B sends the batch, oldest first.
        const b = await store.outbox.claim(12_001, 10, 'node-b', 10_000);
        assert.deepEqual(
          b.map((e) => e.event.n),
          [1, 2, 3],
        );
        await store.outbox.markDelivered(
          b.map((e) => e.id),
          12_100,
        );
        assert.equal(await store.outbox.pending(), 0);
        assert.deepEqual(await store.outbox.claim(20_000, 10, 'node-a', 10_000), []);
      } finally {
        await store.close();
        await db.dispose();
      }
    });

    test('two senders on one database deliver every event exactly once', async () => {
      const db = dialect.create();
      const home = mkdtempSync(join(tmpdir(), 'brug-chainlog-'));
      const received: number[] = [];
      let requests = 0;
      const server = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString('utf8')));
        req.on('end', () => {
          const n = ++requests;
          // Slow enough that both nodes look at the outbox while a batch is on its way.
          setTimeout(() => {
            if (n % 5 === 0) {
              res.statusCode = 503;
            } else {
              for (const e of JSON.parse(body) as { n: number }[]) received.push(e.n);
              res.statusCode = 204;
            }
            res.end();
          }, 30);
        });
      });
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      try {
        const store = await db.open();
        try {
          for (let n = 1; n <= EVENTS; n++) await store.outbox.add({ type: 'test_event', n }, Date.now());
        } finally {
          await store.close();
        }
        const env = {
          BRUG_HOME: home,
          BRUG_DATABASE_URL: db.url,
          BRUG_AUDIT_KEY: db.key.toString('hex'),
          BRUG_LOG_LEVEL: 'silent',
          CHAIN_ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}/logs`,
        };
        const nodes = await Promise.all([senderNode(env), senderNode(env)]);
        for (const n of nodes) assert.equal(n.code, 0, n.out);
        const sent = nodes.map((n) => Number(/delivered (\d+)/.exec(n.out)?.[1]));
        assert.equal(sent[0]! + sent[1]!, EVENTS, `delivered per node: ${sent.join(', ')}`);
        const counts = new Map<number, number>();
        for (const n of received) counts.set(n, (counts.get(n) ?? 0) + 1);
        const twice = [...counts].filter(([, c]) => c > 1).map(([n]) => n);
        assert.deepEqual(twice, [], 'events delivered more than once');
        assert.equal(counts.size, EVENTS, 'every event delivered');
        assert.ok(requests > EVENTS / 7, `the refused requests were retried (${requests} requests)`);
      } finally {
        server.close();
        await db.dispose();
        rmSync(home, { recursive: true, force: true });
      }
    });
  });
}
