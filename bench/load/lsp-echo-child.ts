/**
 * The LSP end of the round-trip floor: an HTTPS server with mutual TLS (the simulator's certificate,
 * client certificates from the test CA required) that answers every POST, once its body is read, with
 * the same SOAP answer bytes the simulator sent the gateway. No parsing, no lookup: what is left of an
 * LSP when it does no work. Reads BENCH_ECHO_PORT, BENCH_PKI_DIR and BENCH_ECHO_ANSWER (file); prints
 * `BENCH-READY`.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { lspServerTls } from '../../src/sim/lsp/index.ts';
import { ensurePki } from '../../src/sim/pki/index.ts';

const pki = await ensurePki(process.env.BENCH_PKI_DIR!);
const answer = readFileSync(process.env.BENCH_ECHO_ANSWER!);
const headers = { 'content-type': 'text/xml; charset=utf-8', 'content-length': answer.length };
const server = createServer(lspServerTls(pki), (req, res) => {
  req.resume();
  req.once('end', () => res.writeHead(200, headers).end(answer));
});
server.listen(Number(process.env.BENCH_ECHO_PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write('BENCH-READY\n');
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
