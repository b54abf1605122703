/**
 * Chain logging through the outbox: events are stored first, kept while the log endpoint is down or
 * failing, and delivered exactly once when it answers (real HTTP on 127.0.0.1, real SQLite file).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { testConfig } from '../../config.ts';
import { DEFAULT_DATA_SERVICES } from '../../services/catalogue.ts';
import { openStore, type Store } from '../../store/index.ts';
import { builtInDemoClients, staticRegistry } from '../lists/index.ts';
import { amsterdamTime, outboxChainLog } from './chain-log.ts';
import { startChainLogSender } from './chain-log-sender.ts';
import { oauthRoutes } from './plugin.ts';
import { freePort } from './testing.ts';

let store: Store;
let home: string;
const clock = { now: Date.UTC(2026, 0, 15, 12, 0, 0) };
const logger = Fastify().log;

before(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'brug-'));
  store = await openStore(testConfig(home));
});
after(async () => {
  await store.close();
});

/** A log endpoint that records each request's events and answers with the given status. */
async function endpoint(
  port: number,
  status: () => number,
): Promise<{ server: Server; received: unknown[][] }> {
  const received: unknown[][] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push(JSON.parse(body) as unknown[]);
      res.statusCode = status();
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, received };
}

test('Amsterdam time carries its offset (winter +01:00, summer +02:00)', () => {
  assert.equal(amsterdamTime(Date.UTC(2026, 0, 15, 12, 0, 0)), '2026-01-15T13:00:00.000+01:00');
  assert.equal(amsterdamTime(Date.UTC(2026, 6, 15, 12, 0, 0)), '2026-07-15T14:00:00.000+02:00');
});

test('endpoint down: events are kept; endpoint up: each is delivered once', async () => {
  const port = await freePort();
  const log = outboxChainLog({ store, location: 'brug.example.nl', logger, now: () => clock.now });
  log({ type: 'receive_authorization_request', request_id: 'r1', trace_id: 'c1', client_id: undefined });
  log({ type: 'show_landing_page', session_id: 's1' });
  // The writes are not awaited by the caller (one after the other; on PostgreSQL each a round trip
  // to the server): give them up to 2 s to land.
  for (let i = 0; i < 200 && (await store.outbox.pending()) < 2; i++)
    await new Promise((r) => setTimeout(r, 10));
  assert.equal(await store.outbox.pending(), 2);

  const sender = startChainLogSender({
    store,
    endpoint: `http://127.0.0.1:${port}/eagleeye/v1/logs`,
    logger,
    intervalMs: 3_600_000,
    retryBaseMs: 5000,
    now: () => clock.now,
  });
  try {
    assert.equal(await sender.flush(), 0, 'nothing listens yet');
    assert.equal(await store.outbox.pending(), 2, 'events kept');

    let status = 503;
    const { server, received } = await endpoint(port, () => status);
    try {
      assert.equal(await sender.flush(), 0, 'not due before the backoff');
      clock.now += 5000;
      assert.equal(await sender.flush(), 0, 'a 503 keeps them');
      assert.equal(received.length, 1);
      assert.equal(await store.outbox.pending(), 2);

      status = 204;
      clock.now += 10_000;
      assert.equal(await sender.flush(), 2);
      assert.equal(await sender.flush(), 0);
      assert.equal(received.length, 2, 'one more request, then nothing');
      assert.deepEqual(received[1], [
        {
          location: 'brug.example.nl',
          datetime: '2026-01-15T13:00:00.000+01:00',
          type: 'receive_authorization_request',
          request_id: 'r1',
          trace_id: 'c1',
        },
        {
          location: 'brug.example.nl',
          datetime: '2026-01-15T13:00:00.000+01:00',
          type: 'show_landing_page',
          session_id: 's1',
        },
      ]);
      assert.equal(await store.outbox.pending(), 0);
    } finally {
      await new Promise((r) => server.close(r));
    }
  } finally {
    await sender.stop();
  }
});

test('with an endpoint set, the OAuth routes put their events in the outbox', async () => {
  const config = testConfig(home, { BRUG_PORT: '8080' });
  const app = Fastify();
  await app.register(oauthRoutes, {
    config,
    store,
    clients: staticRegistry(builtInDemoClients(config.publicUrl)),
    services: DEFAULT_DATA_SERVICES,
    logger: app.log,
    settings: {
      chainLogEndpoint: `http://127.0.0.1:${await freePort()}/logs`,
      chainLogIntervalMs: 3_600_000,
    },
  });
  try {
    const res = await app.inject({
      method: 'GET',
      url: '/oauth/authorize?client_id=nobody&X-Correlation-ID=c9',
    });
    assert.equal(res.statusCode, 400);
    // The writes are not awaited by the request: give them up to 2 s to land.
    for (let i = 0; i < 200 && (await store.outbox.pending()) < 3; i++)
      await new Promise((r) => setTimeout(r, 10));
    const types = (await store.outbox.due(Date.now() + 1, 100)).map((e) => e.event.type);
    assert.deepEqual(types, [
      'receive_authorization_request',
      'authorization_request_error',
      'show_authorization_request_error_page',
    ]);
  } finally {
    await app.close();
  }
});
