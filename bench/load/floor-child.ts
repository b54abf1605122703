/**
 * The floor of the load benchmark: a bare Fastify route that returns the bytes the gateway answered a
 * search with, with the same headers, and does nothing else. What the gateway adds over this (token
 * check, LSP query, translation, audit) is what the ratio measures. Reads BENCH_FLOOR_PORT,
 * BENCH_FLOOR_PATH, BENCH_FLOOR_BODY (file) and BENCH_FLOOR_HEADERS (JSON file); prints `BENCH-READY`.
 * It starts while the gateway does, so the two files are read at the first request (once).
 */
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

let answer: { body: Buffer; headers: Record<string, string> } | undefined;
const app = Fastify({ logger: false });
app.get(process.env.BENCH_FLOOR_PATH!, async (_request, reply) => {
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
