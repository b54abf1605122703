/**
 * MedMij chain logging (ketenlogging, medmij.md section 5), durable: each event becomes a row in the
 * store's outbox in the same database as everything else, and a background sender (chain-log-sender.ts)
 * delivers the rows to the log component's HTTP endpoint, retrying with backoff, so no event is lost
 * while that endpoint is down. Events carry ids and references only, never a BSN.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../../store/index.ts';
import type { ChainLogEvent } from './deps.ts';

/** Options of the outbox writer. */
export interface OutboxChainLogOptions {
  store: Store;
  /** Our host name as the events' `location`. */
  location: string;
  logger: FastifyBaseLogger;
  /** Clock in epoch ms. Default Date.now. */
  now?: () => number;
}

/** ISO 8601 with the Europe/Amsterdam offset, e.g. `2026-12-03T19:20:00.000+01:00`. */
export function amsterdamTime(ms: number): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam',
    timeZoneName: 'longOffset',
  }).formatToParts(new Date(ms));
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = name === 'GMT' ? '+00:00' : name.replace('GMT', '');
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h = '0', m = '0'] = offset.slice(1).split(':');
  const local = new Date(ms + sign * (Number(h) * 60 + Number(m)) * 60_000);
  return `${local.toISOString().slice(0, 23)}${offset}`;
}

/**
 * A chain-log function that writes each event to the outbox (with `location` and `datetime`, fields
 * without a value left out). A failing write is logged, never thrown into the request.
 * @param options - store, location, logger and clock
 */
export function outboxChainLog(options: OutboxChainLogOptions): (event: ChainLogEvent) => void {
  const now = options.now ?? Date.now;
  // Writes go one after the other, so the outbox keeps the order the events happened in even on a
  // store whose inserts may overtake each other (PostgreSQL's connection pool).
  let tail: Promise<unknown> = Promise.resolve();
  return (event) => {
    const at = now();
    const row: Record<string, unknown> = { location: options.location, datetime: amsterdamTime(at) };
    for (const [k, v] of Object.entries(event)) if (v !== undefined) row[k] = v;
    tail = tail
      .then(() => options.store.outbox.add(row, at))
      .catch((e: unknown) => {
        options.logger.error(
          { event: 'chain_log_write_failed', type: event.type, err: (e as Error).message },
          'chain-log event not stored',
        );
      });
  };
}
