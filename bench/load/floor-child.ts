/**
 * The floors of the load benchmark, each a bare Fastify route that returns the bytes the gateway
 * answered a search with, with the same headers:
 *
 * - the floor: does nothing else. What the gateway adds over this (token check, LSP query, translation,
 *   audit) is what the ratio measures.
 * - the round-trip floor (BENCH_FLOOR_RELAY_URL set): first POSTs the SOAP request the gateway sent
 *   (BENCH_FLOOR_RELAY_REQUEST, a file) over HTTPS with mutual TLS (the client certificate from
 *   BENCH_PKI_DIR, through the gateway's own LSP agent) and reads the whole answer, as any gateway
 *   that asks the LSP for each search must; nothing is built, signed, parsed or recorded.
 *
 * Reads BENCH_FLOOR_PORT, BENCH_FLOOR_PATH, BENCH_FLOOR_BODY (file) and BENCH_FLOOR_HEADERS (JSON file);
 * prints `BENCH-READY`. It starts while the gateway does, so the two files are read at the first
 * request (once).
 */
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { createLspAgent, loadTlsMaterial } from '../../src/aorta/transport/agent.ts';
import { ensurePki } from '../../src/sim/pki/index.ts';

let answer: { body: Buffer; headers: Record<string, string> } | undefined;

const relayUrl = process.env.BENCH_FLOOR_RELAY_URL ? new URL(process.env.BENCH_FLOOR_RELAY_URL) : undefined;
const relay = relayUrl ? await relayTo(relayUrl) : undefined;

/** One POST of the recorded SOAP request; resolves when the whole 200 answer is read. */
async function relayTo(url: URL): Promise<() => Promise<void>> {
  const pki = await ensurePki(process.env.BENCH_PKI_DIR!);
  const payload = readFileSync(process.env.BENCH_FLOOR_RELAY_REQUEST!);
  // The gateway's own agent (keep-alive, mutual TLS, same pool settings), so only Brug's work differs.
  const agent = createLspAgent(
    loadTlsMaterial(
      { caFile: pki.ca.certFile, certFile: pki.client.certFile, keyFile: pki.client.keyFile },
      url.hostname,
    ),
  );
  const headers = {
    'content-type': 'text/xml; charset=utf-8',
    'content-length': payload.length,
    soapaction: '""',
  };
  return () =>
    new Promise<void>((resolve, reject) => {
      const req = request(url, { method: 'POST', agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('error', reject);
        res.once('end', () => {
          if (res.statusCode === 200 && Buffer.concat(chunks).length > 0) resolve();
          else reject(new Error(`the LSP end answered ${res.statusCode}`));
        });
      });
      req.once('error', reject);
      req.end(payload);
    });
}

const app = Fastify({ logger: false });
app.get(process.env.BENCH_FLOOR_PATH!, async (_request, reply) => {
  if (relay) await relay();
  answer ??= {
    body: readFileSync(process.env.BENCH_FLOOR_BODY!),
    headers: JSON.parse(readFileSync(process.env.BENCH_FLOOR_HEADERS!, 'utf8')) as Record<string, string>,
  };
  return reply.headers(answer.headers).send(answer.body);
});
await app.listen({ host: '127.0.0.1', port: Number(process.env.BENCH_FLOOR_PORT ?? 0) });
process.stdout.write('BENCH-READY\n');
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
