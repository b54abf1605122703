/**
 * The background sender of the chain-logging outbox: every `intervalMs` it posts the due events, as
 * one JSON array per batch, to the log endpoint. A 2xx answer marks them delivered; anything else
 * (refused connection, timeout, non-2xx) keeps them, with the next attempt after an exponential
 * backoff (`retryBaseMs` doubling up to `retryMaxMs`). One batch at a time, so nothing is sent twice
 * by this process; and every node runs a sender, so each claims its batch in the store first (a lease
 * that outlasts the request), which no other node's sender gets until the lease ends: several nodes on
 * one database send each event once, in order. A node that dies mid-batch leaves a lease that expires,
 * and another node then sends the batch (at least once, never lost).
 */
import type { FastifyBaseLogger } from 'fastify';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Store } from '../../store/index.ts';

/** Options of the sender. */
export interface ChainLogSenderOptions {
  store: Store;
  /** The log component's URL (MedMij: `https://api.medmij.nl/eagleeye/v1/logs`). */
  endpoint: string;
  logger: FastifyBaseLogger;
  /** Poll interval. Default 5000 ms. */
  intervalMs?: number;
  /** Events per request. Default 100. */
  batchSize?: number;
  /** First retry delay. Default 5000 ms. */
  retryBaseMs?: number;
  /** Longest retry delay. Default 15 minutes. */
  retryMaxMs?: number;
  /** Per-request timeout. Default 10000 ms. */
  timeoutMs?: number;
  /** How long a claimed batch is this node's to send. Default 2 x timeoutMs + 5000 ms (longer than one request). */
  leaseMs?: number;
  /** Who claims (in the store, for operators). Default host name, process id and a random suffix. */
  owner?: string;
  /** Extra request headers (e.g. authorisation toward the log component). */
  headers?: Record<string, string>;
  /** Clock in epoch ms (tests). Default Date.now. */
  now?: () => number;
}

/** A running sender. */
export interface ChainLogSender {
  /** Sends what is due now (also what the timer does); returns how many events were delivered. */
  flush(): Promise<number>;
  /** Stops the timer and waits for a send in progress. */
  stop(): Promise<void>;
}

/**
 * Starts the sender (its timer does not keep the process alive).
 * @param options - store, endpoint, logger, timing
 */
export function startChainLogSender(options: ChainLogSenderOptions): ChainLogSender {
  const now = options.now ?? Date.now;
  const batchSize = options.batchSize ?? 100;
  const base = options.retryBaseMs ?? 5000;
  const max = options.retryMaxMs ?? 15 * 60_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseMs = options.leaseMs ?? 2 * timeoutMs + 5000;
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  let inFlight: Promise<number> | undefined;

  const sendDue = async (): Promise<number> => {
    let delivered = 0;
    for (;;) {
      const due = await options.store.outbox.claim(now(), batchSize, owner, leaseMs);
      if (due.length === 0) return delivered;
      const ids = due.map((e) => e.id);
      let failure: string | undefined;
      try {
        const res = await fetch(options.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...options.headers },
          body: JSON.stringify(due.map((e) => e.event)),
          signal: AbortSignal.timeout(timeoutMs),
        });
        await res.arrayBuffer();
        if (!res.ok) failure = `HTTP ${res.status}`;
      } catch (e) {
        failure =
          (e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message;
      }
      if (failure === undefined) {
        await options.store.outbox.markDelivered(ids, now());
        delivered += ids.length;
        continue;
      }
      const attempts = Math.max(...due.map((e) => e.attempts));
      await options.store.outbox.markFailed(ids, now() + Math.min(base * 2 ** attempts, max), failure);
      options.logger.warn(
        { event: 'chain_log_delivery_failed', count: ids.length, attempts: attempts + 1, failure },
        'chain-log events kept for a later attempt',
      );
      return delivered;
    }
  };

  const flush = (): Promise<number> => {
    inFlight ??= sendDue().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
  const timer = setInterval(() => {
    flush().catch((e: unknown) => {
      options.logger.error(
        { event: 'chain_log_sender_failed', err: (e as Error).message },
        'chain-log sender',
      );
    });
  }, options.intervalMs ?? 5000);
  timer.unref();
  return {
    flush,
    stop: async () => {
      clearInterval(timer);
      await inFlight?.catch(() => undefined);
    },
  };
}
