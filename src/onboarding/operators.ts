/**
 * Operators: the people who review applications and move providers to live (never the providers
 * themselves). They are configured in a JSON file (BRUG_OPERATORS_FILE) with scrypt password hashes,
 * written by `brug operators add`; the demo creates one and prints its login.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });

/** One operator as stored. */
export interface Operator {
  username: string;
  /** `scrypt$N$r$p$salt$hash` (salt and hash base64). */
  passwordHash: string;
}

const N = 16384;
const R = 8;
const P = 1;

/**
 * Hashes a password with scrypt and a random salt.
 * @param password - the password
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * Checks a password against a stored hash (constant time).
 * @param password - as typed
 * @param stored - from `hashPassword`
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![n, r, p].every((x) => Number.isInteger(x) && x > 0) || n > 1 << 20) return false;
  const expected = Buffer.from(parts[5]!, 'base64');
  const key = await scrypt(password, Buffer.from(parts[4]!, 'base64'), expected.length, {
    N: n,
    r,
    p,
    maxmem: 256 * n * r + 1024 * 1024,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * The operators in a file (none when it does not exist).
 * @param path - BRUG_OPERATORS_FILE
 */
export function loadOperators(path: string): Operator[] {
  if (!existsSync(path)) return [];
  const data = JSON.parse(readFileSync(path, 'utf8')) as { operators?: unknown };
  if (!Array.isArray(data.operators)) throw new Error(`${path}: "operators" must be an array`);
  return (data.operators as Operator[]).filter(
    (o) => typeof o.username === 'string' && typeof o.passwordHash === 'string',
  );
}

/** User names: 3-40 of a-z, 0-9, dot, hyphen, underscore. */
export const USERNAME = /^[a-z0-9._-]{3,40}$/;

/**
 * Adds (or replaces) an operator in the file, written atomically with mode 0600.
 * @param path - BRUG_OPERATORS_FILE
 * @param username - the login name
 * @param password - at least 12 characters
 */
export async function addOperator(path: string, username: string, password: string): Promise<void> {
  if (!USERNAME.test(username)) throw new Error('the user name must be 3-40 characters a-z, 0-9, . _ -');
  if (password.length < 12) throw new Error('the password must have at least 12 characters');
  const others = loadOperators(path).filter((o) => o.username !== username);
  const operators = [...others, { username, passwordHash: await hashPassword(password) }];
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ operators }, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/**
 * Checks a login against the operators file (read on every login, so `brug operators add` takes
 * effect at once). Unknown users cost the same scrypt work as known ones.
 * @param path - BRUG_OPERATORS_FILE
 * @param username - as typed
 * @param password - as typed
 */
export async function checkOperatorLogin(path: string, username: string, password: string): Promise<boolean> {
  const op = loadOperators(path).find((o) => o.username === username);
  const ok = await verifyPassword(password, op?.passwordHash ?? DUMMY_HASH);
  return op !== undefined && ok;
}

const DUMMY_HASH = `scrypt$${N}$${R}$${P}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;

/**
 * The demo's operator: created at the first start with a random password kept in
 * HOME/demo-operator.txt (mode 0600) so the demo can print the login every time. Demo only.
 * @param operatorsFile - BRUG_OPERATORS_FILE
 * @param home - BRUG_HOME
 */
export async function ensureDemoOperator(
  operatorsFile: string,
  home: string,
): Promise<{ username: string; password: string } | undefined> {
  const saved = `${home}/demo-operator.txt`;
  const username = 'beheerder';
  if (existsSync(saved)) {
    const password = readFileSync(saved, 'utf8').trim();
    if (loadOperators(operatorsFile).some((o) => o.username === username)) return { username, password };
  }
  if (loadOperators(operatorsFile).length > 0) return undefined; // operators configured: none added
  const password = randomBytes(12).toString('base64url');
  await addOperator(operatorsFile, username, password);
  mkdirSync(home, { recursive: true });
  writeFileSync(saved, `${password}\n`, { mode: 0o600 });
  return { username, password };
}
