/**
 * Anchors outside the database: the gateway writes the sealed anchor (newest seq and hash) every few
 * minutes to its log and, when BRUG_AUDIT_ANCHOR_FILE is set, appends it to that file as a JSON line;
 * `brug audit verify --anchor FILE` reads such lines back (the anchor file, or a log file that holds
 * `audit.anchor` lines) and checks that every anchored record is still in the log with the same hash.
 * Someone who can write to the database but not to where the anchors went cannot then rewrite the
 * log, cut it short or start it over unseen. An anchor holds no patient data: ids and hashes only.
 */
import { appendFileSync } from 'node:fs';
import type { Store } from '../store/index.ts';
import type { AuditAnchor } from './chain.ts';

/** The event name of an anchor line. */
export const ANCHOR_EVENT = 'audit.anchor';

/**
 * One anchor as a JSON line (without the newline).
 * @param a - a sealed anchor
 */
export function anchorLine(a: AuditAnchor): string {
  return JSON.stringify({
    event: ANCHOR_EVENT,
    seq: a.seq,
    hash: a.hash,
    at: a.at,
    keyedFrom: a.keyedFrom,
    mac: a.mac,
  });
}

function asAnchor(v: unknown): AuditAnchor | undefined {
  const o = v as Record<string, unknown> | null;
  if (o === null || typeof o !== 'object') return undefined;
  const { seq, hash, at, keyedFrom, mac } = o;
  if (
    typeof seq !== 'number' ||
    !Number.isSafeInteger(seq) ||
    seq < 0 ||
    typeof hash !== 'string' ||
    !/^[0-9a-f]{64}$/.test(hash) ||
    typeof at !== 'string' ||
    typeof keyedFrom !== 'number' ||
    !Number.isSafeInteger(keyedFrom) ||
    typeof mac !== 'string' ||
    !/^[0-9a-f]{64}$/.test(mac)
  )
    return undefined;
  return { seq, hash, at, keyedFrom, mac };
}

/**
 * The anchors in a text: every line that is an anchor line, or a JSON log line whose `anchor` field
 * is one (the gateway's own log). Other lines are skipped; an anchor line that is damaged is an error.
 * @param text - the file's contents
 * @throws Error naming the line of a damaged anchor
 */
export function readAnchors(text: string): AuditAnchor[] {
  const out: AuditAnchor[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line.includes(ANCHOR_EVENT)) continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new Error(`line ${i + 1} mentions ${ANCHOR_EVENT} but is not JSON`);
    }
    const o = v as Record<string, unknown>;
    const candidate = o.event === ANCHOR_EVENT && o.anchor === undefined ? o : o.anchor;
    if (candidate === undefined) continue;
    const a = asAnchor(candidate);
    if (!a) throw new Error(`line ${i + 1} is not a complete audit anchor`);
    out.push(a);
  }
  return out;
}

/** Where the periodic anchor goes. */
export interface AnchorWriterOptions {
  store: Store;
  /** Gets `{ event: 'audit.anchor', anchor }` at info level. */
  logger: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Appends each anchor as a JSON line here too (BRUG_AUDIT_ANCHOR_FILE). */
  file?: string;
  /** How often (BRUG_AUDIT_ANCHOR_INTERVAL_MS). */
  intervalMs: number;
}

export interface AnchorWriter {
  /** Writes the anchor now if it moved since the last one written. */
  writeNow(): Promise<void>;
  /** Stops the timer after writing a last anchor. */
  stop(): Promise<void>;
}

/**
 * Starts writing the anchor every `intervalMs` (only when it moved).
 * @param options - store, logger, optional file and the interval
 */
export function startAnchorWriter(options: AnchorWriterOptions): AnchorWriter {
  let last = -1;
  let running: Promise<void> = Promise.resolve();
  const write = async (): Promise<void> => {
    try {
      const a = await options.store.audit.anchor();
      if (!a || a.mac === null || a.seq === last) return;
      if (options.file !== undefined) appendFileSync(options.file, `${anchorLine(a)}\n`);
      options.logger.info(
        { event: ANCHOR_EVENT, anchor: JSON.parse(anchorLine(a)) as object },
        'audit anchor',
      );
      last = a.seq;
    } catch (e) {
      options.logger.error(
        { event: 'audit_anchor_failed', err: (e as Error).message },
        'audit anchor not written',
      );
    }
  };
  const writeNow = (): Promise<void> => (running = running.then(write));
  const timer = setInterval(() => void writeNow(), options.intervalMs);
  timer.unref();
  return {
    writeNow,
    stop: async () => {
      clearInterval(timer);
      await writeNow();
    },
  };
}
