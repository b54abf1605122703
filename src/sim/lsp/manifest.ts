/**
 * Simulator data: folders with a `manifest.json` that says which HL7v3 answer file the simulated
 * LSP/XIS returns for which patient (format: `../shared/fixtures/hl7v3/qualification/manifest.json`,
 * DESIGN.md "Simulator data"). Loading validates every entry and fails with a message naming the file
 * and the entry; answer file paths are resolved against the manifest's folder and must exist.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseFault, type Fault } from './fault.ts';

/** A name part in `asPatient`: the text and its HL7 qualifier (BR, IN, ...). */
export interface NamePart {
  value: string;
  qualifier?: string;
}

/** The identity an answer is served under (replaces the one in the file). */
export interface AsPatient {
  /** BSN written into the answer (default: the entry's BSN). */
  bsn: string;
  given?: NamePart[];
  family?: NamePart[];
  /** HL7 administrative gender code (M, F, UN). */
  gender?: string;
  /** HL7 TS, e.g. 19500120. */
  birthTime?: string;
}

export interface ManifestAnswer {
  /** Response interaction id, e.g. QURX_IN990113NL. */
  interaction: string;
  /** Absolute path of the answer file. */
  file: string;
  /** The file's anchor day (YYYY-MM-DD) that becomes today. */
  anchor: string;
}

export interface PatientEntry {
  bsn: string;
  /** A name for logs (never the BSN). */
  label: string;
  answers: ManifestAnswer[];
  asPatient?: AsPatient;
  keepSources: boolean;
  fault?: Fault;
  /** Manifest file the entry came from, for messages. */
  source: string;
}

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

/**
 * Names that complete the `asPatient` of an entry that gives none, by BSN: for manifests Brug does not
 * own. The qualification manifest (../shared/fixtures/hl7v3/qualification) serves XXX_CEVAT 999911132
 * (Jacqueline XXX_Cevat, its README) from upstream files that name the source patient differently:
 * "J. XXX_Cevat" in the contacts, "H. XXX_Mulders" in the episodes. Its `asPatient` sets gender and
 * birth time only, so without a name here the Patient of `EpisodeOfCare?_include=EpisodeOfCare:patient`
 * was called XXX_Mulders and that of the Patient search XXX_Cevat. A name in the manifest wins.
 */
export const AS_PATIENT_NAMES: Readonly<Record<string, Required<Pick<AsPatient, 'given' | 'family'>>>> = {
  '999911132': {
    given: [
      { value: 'Jacqueline', qualifier: 'BR' },
      { value: 'J.', qualifier: 'IN' },
    ],
    family: [{ value: 'XXX_Cevat', qualifier: 'BR' }],
  },
};

const ENTRY_KEYS = new Set([
  'bsn',
  'label',
  'answers',
  'asPatient',
  'keepSources',
  'fault',
  'note',
  'description',
]);
const ANSWER_KEYS = new Set(['interaction', 'file', 'anchor', 'note', 'description']);
const AS_PATIENT_KEYS = new Set(['bsn', 'given', 'family', 'gender', 'birthTime']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function validDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function checkKeys(obj: Record<string, unknown>, allowed: Set<string>, fail: (m: string) => never): void {
  for (const k of Object.keys(obj)) if (!allowed.has(k)) fail(`unknown field "${k}"`);
}

function nameParts(v: unknown, field: string, fail: (m: string) => never): NamePart[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0)
    fail(`asPatient.${field} must be a non-empty list of {value, qualifier}`);
  return v.map((p, k) => {
    if (!isObject(p) || typeof p.value !== 'string' || p.value === '') {
      fail(`asPatient.${field}[${k}] needs a non-empty "value"`);
    }
    if (p.qualifier !== undefined && typeof p.qualifier !== 'string')
      fail(`asPatient.${field}[${k}].qualifier must be text`);
    return p.qualifier === undefined ? { value: p.value } : { value: p.value, qualifier: p.qualifier };
  });
}

function parseEntry(raw: unknown, index: number, dir: string, file: string): PatientEntry {
  const where = (): string => {
    const label = isObject(raw) && typeof raw.label === 'string' ? ` "${raw.label}"` : '';
    return `${file}: patients[${index}]${label}`;
  };
  const fail = (m: string): never => {
    throw new ManifestError(`${where()}: ${m}`);
  };
  if (!isObject(raw)) return fail('must be an object');
  checkKeys(raw, ENTRY_KEYS, fail);
  if (typeof raw.bsn !== 'string' || !/^\d{9}$/.test(raw.bsn)) fail('"bsn" must be 9 digits as text');
  if (raw.label !== undefined && typeof raw.label !== 'string') fail('"label" must be text');
  if (!Array.isArray(raw.answers)) fail('"answers" must be a list (may be empty)');
  const answers = (raw.answers as unknown[]).map((a, k): ManifestAnswer => {
    const failA = (m: string): never => fail(`answers[${k}]: ${m}`);
    if (!isObject(a)) return failA('must be an object');
    checkKeys(a, ANSWER_KEYS, failA);
    if (typeof a.interaction !== 'string' || !/^[A-Z]{4}_IN\d{6}[A-Z0-9]*$/.test(a.interaction)) {
      failA('"interaction" must be an interaction id such as QURX_IN990113NL');
    }
    if (typeof a.file !== 'string' || a.file === '') failA('"file" must be a path relative to the manifest');
    const path = resolve(dir, a.file as string);
    if (!existsSync(path) || !statSync(path).isFile())
      failA(`file ${a.file as string} does not exist (looked at ${path})`);
    if (!validDate(a.anchor)) failA('"anchor" must be a date YYYY-MM-DD');
    return { interaction: a.interaction as string, file: path, anchor: a.anchor as string };
  });
  let asPatient: AsPatient | undefined;
  if (raw.asPatient !== undefined) {
    const p = raw.asPatient;
    if (!isObject(p)) return fail('"asPatient" must be an object');
    checkKeys(p, AS_PATIENT_KEYS, (m) => fail(`asPatient: ${m}`));
    if (p.bsn !== undefined && (typeof p.bsn !== 'string' || !/^\d{9}$/.test(p.bsn)))
      fail('asPatient.bsn must be 9 digits');
    if (p.gender !== undefined && (typeof p.gender !== 'string' || !/^[A-Z]{1,2}$/.test(p.gender))) {
      fail('asPatient.gender must be an HL7 gender code such as M, F or UN');
    }
    if (
      p.birthTime !== undefined &&
      (typeof p.birthTime !== 'string' || !/^\d{4}(\d{2}){0,2}$/.test(p.birthTime))
    ) {
      fail('asPatient.birthTime must be an HL7 date such as 19500120');
    }
    asPatient = { bsn: (p.bsn as string | undefined) ?? (raw.bsn as string) };
    const given = nameParts(p.given, 'given', fail);
    const family = nameParts(p.family, 'family', fail);
    if (given) asPatient.given = given;
    if (family) asPatient.family = family;
    const name = AS_PATIENT_NAMES[raw.bsn as string];
    if (name && !given && !family) {
      asPatient.given = name.given;
      asPatient.family = name.family;
    }
    if (p.gender !== undefined) asPatient.gender = p.gender as string;
    if (p.birthTime !== undefined) asPatient.birthTime = p.birthTime as string;
  }
  if (raw.keepSources !== undefined && typeof raw.keepSources !== 'boolean')
    fail('"keepSources" must be true or false');
  let fault: Fault | undefined;
  if (raw.fault !== undefined) {
    if (typeof raw.fault !== 'string') return fail('"fault" must be text');
    try {
      fault = parseFault(raw.fault);
    } catch (e) {
      fail((e as Error).message);
    }
  }
  const entry: PatientEntry = {
    bsn: raw.bsn as string,
    label: (raw.label as string | undefined) ?? `patient #${index + 1} of ${file}`,
    answers,
    keepSources: raw.keepSources === true,
    source: file,
  };
  if (asPatient) entry.asPatient = asPatient;
  if (fault) entry.fault = fault;
  return entry;
}

/**
 * Reads and validates one data folder's `manifest.json`.
 * @param dir - the folder
 * @throws ManifestError naming the file and the entry
 */
export function loadManifest(dir: string): PatientEntry[] {
  const file = join(resolve(dir), 'manifest.json');
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ManifestError(`${file}: cannot read simulator manifest: ${(e as Error).message}`);
  }
  if (!isObject(data) || !Array.isArray(data.patients)) {
    throw new ManifestError(`${file}: must be an object with a "patients" list`);
  }
  const entries = data.patients.map((p, k) => parseEntry(p, k, resolve(dir), file));
  const seen = new Set<string>();
  entries.forEach((e, k) => {
    if (seen.has(e.bsn))
      throw new ManifestError(`${file}: patients[${k}] "${e.label}": the same BSN appears twice`);
    seen.add(e.bsn);
  });
  return entries;
}

/**
 * The patients of several data folders, by BSN. A later folder adds patients, and its entry wins
 * when it names a BSN that an earlier folder also has.
 * @param dirs - data folders in order
 */
export function loadPatients(dirs: readonly string[]): Map<string, PatientEntry> {
  const out = new Map<string, PatientEntry>();
  for (const dir of dirs) for (const e of loadManifest(dir)) out.set(e.bsn, e);
  return out;
}
