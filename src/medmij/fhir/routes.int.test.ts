import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type * as fhir from 'fhir';
import { fhirRoutes } from './routes.ts';
import * as P from './test-pool.ts';
import type { SearchSource } from './types.ts';

function get(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

test('over a real socket: a search answers, and a client that goes away aborts the source', async () => {
  let aborted: () => void = () => undefined;
  const abortSeen = new Promise<void>((r) => (aborted = r));
  const search: SearchSource = (req, signal) => {
    if (req.params.some(([n]) => n === 'requestdate')) {
      // Hang until the client gives up, like a slow LSP.
      return new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => {
          aborted();
          reject(new Error('aborted'));
        });
      });
    }
    return Promise.resolve({ pool: P.testPool(), warnings: [] });
  };
  const app = Fastify({ logger: false });
  await app.register(fhirRoutes, {
    resolveToken: (t) => Promise.resolve(t === 'tok' ? P.testToken() : undefined),
    search,
    capability: () => undefined,
    isKnownEndpoint: (p) => Promise.resolve(p === 'ggzdemo'),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  try {
    const r = await get(port, '/fhir/ggzdemo/31/stu3/MedicationDispense?_format=json', {
      authorization: 'Bearer tok',
    });
    assert.equal(r.status, 200);
    const bundle = JSON.parse(r.body) as fhir.Bundle;
    assert.equal(bundle.total, 8);
    assert.equal(
      bundle.link![0]!.url,
      `http://127.0.0.1:${port}/fhir/ggzdemo/31/stu3/MedicationDispense?_format=json`,
    );

    const req = http.get({
      host: '127.0.0.1',
      port,
      path: '/fhir/ggzdemo/31/stu3/MedicationDispense?requestdate=2026',
      headers: { authorization: 'Bearer tok' },
    });
    req.on('error', () => undefined);
    setTimeout(() => req.destroy(), 100);
    await Promise.race([
      abortSeen,
      new Promise((_r, rej) => setTimeout(() => rej(new Error('source was not aborted')), 3000)),
    ]);
  } finally {
    await app.close();
  }
});
