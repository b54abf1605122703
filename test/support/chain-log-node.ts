/**
 * One gateway node's chain-log sender in a process of its own, for test/chain-log-nodes.int.test.ts:
 * opens the store named by BRUG_DATABASE_URL, runs startChainLogSender toward CHAIN_ENDPOINT, and exits
 * once the outbox is empty (0), or after 30 s with events left (1). Prints how many it delivered.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startChainLogSender } from '../../src/medmij/oauth/chain-log-sender.ts';
import { openStore } from '../../src/store/index.ts';

const endpoint = process.env.CHAIN_ENDPOINT;
if (!endpoint) throw new Error('CHAIN_ENDPOINT is not set');
const config = loadConfig(
  Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('BRUG_'))),
);
const store = await openStore(config);
const sender = startChainLogSender({
  store,
  endpoint,
  logger: createLogger('silent'),
  intervalMs: 10,
  batchSize: 7,
  retryBaseMs: 20,
  retryMaxMs: 100,
  timeoutMs: 2000,
});
let delivered = 0;
const until = Date.now() + 30_000;
while ((await store.outbox.pending()) > 0 && Date.now() < until) {
  delivered += await sender.flush();
  await sleep(5);
}
await sender.stop();
const left = await store.outbox.pending();
await store.close();
process.stdout.write(`delivered ${delivered} left ${left}\n`);
process.exit(left === 0 ? 0 : 1);
