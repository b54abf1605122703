/**
 * Child processes for the load benchmark: the gateway, the LSP simulator and the floor each run in
 * their own process, so the gateway's memory (peak resident set, `VmHWM`) is measured alone and the
 * load generator in the bench process does not share its event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A running child and how to stop it. */
export interface Child {
  name: string;
  proc: ChildProcess;
  /** Where its stdout and stderr go. */
  logFile: string;
  /** Peak resident set size so far in bytes (VmHWM), or NaN when /proc is not there. */
  peakRss(): number;
  /** SIGTERM, then SIGKILL after 5 s; resolves when it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts `node <args>` in the repository with extra environment; output goes to `logFile`.
 * @param name - for messages
 * @param args - node arguments (e.g. `['bin/brug.js', 'serve']`)
 * @param env - variables added to this process's environment (BRUG_* of the parent are dropped)
 * @param logFile - file for the child's stdout and stderr
 */
export function startChild(
  name: string,
  args: string[],
  env: Record<string, string>,
  logFile: string,
): Child {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('BRUG_')) base[k] = v;
  }
  const fd = openSync(logFile, 'a');
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  let exited = proc.exitCode !== null;
  const gone = new Promise<void>((resolve) =>
    proc.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  return {
    name,
    proc,
    logFile,
    peakRss: () => (proc.pid === undefined ? NaN : peakRss(proc.pid)),
    stop: async () => {
      if (exited) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/**
 * Peak resident set size of a process in bytes (`VmHWM` in /proc/PID/status), NaN when unknown.
 * @param pid - the process id
 */
export function peakRss(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Waits until `check` resolves true, polling every 100 ms; fails with the child's log tail when the
 * child exits first or `timeoutMs` passes.
 * @param child - the process that should become ready
 * @param check - one readiness probe
 * @param timeoutMs - how long to wait
 */
export async function waitReady(
  child: Child,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.proc.exitCode !== null) {
      throw new Error(`${child.name} exited with ${child.proc.exitCode}:\n${tail(child.logFile)}`);
    }
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${child.name} not ready after ${timeoutMs} ms:\n${tail(child.logFile)}`);
}

/**
 * A readiness probe for a child that prints `BENCH-READY` (into its log file) once it listens.
 * @param logFile - the child's log
 */
export function printedReady(logFile: string): () => Promise<boolean> {
  return () => Promise.resolve(existsSync(logFile) && readFileSync(logFile, 'utf8').includes('BENCH-READY'));
}

/**
 * True when `url` answers 200.
 * @param url - the URL to GET
 */
export async function answers200(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer();
  return res.status === 200;
}

/**
 * The last lines of a log file (for error messages).
 * @param file - the file
 * @param lines - how many
 */
export function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Runs `node <args>` to completion and returns the last line of its stdout.
 * @param args - node arguments
 * @param env - extra environment (BRUG_* of the parent are dropped)
 */
export function runNode(args: string[], env: Record<string, string>): Promise<string> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('BRUG_')) base[k] = v;
  }
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { cwd: ROOT, env: { ...base, ...env } });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    proc.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    proc.once('error', reject);
    proc.once('exit', (code) => {
      const last = out.trimEnd().split('\n').pop() ?? '';
      if (code === 0 && last !== '') resolve(last.trim());
      else reject(new Error(`node ${args.join(' ')} exited with ${code}: ${err.trim().slice(-2000)}`));
    });
  });
}
