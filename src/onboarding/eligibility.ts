/**
 * Who may join: a provider must be connected to the LSP (its URA and the LSP application ids of its
 * systems belong together in the LSP register, a configurable JSON file: BRUG_LSP_REGISTER), and its
 * information system must support the data services it wants (a configurable table:
 * BRUG_SYSTEM_SERVICES). The form's other fields are checked here too (URA and AGB 8 digits, an
 * e-mail address), so the portal gets every problem at once, each tied to its field.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The synthetic register shipped for the demo and the tests (made-up URAs and application ids). */
export const BUILTIN_LSP_REGISTER = join(dirname(fileURLToPath(import.meta.url)), 'lsp-register.json');

/** One provider in the LSP register. */
export interface RegisterEntry {
  ura: string;
  name: string;
  applicationIds: string[];
}

/** URA -> the application ids registered for it. */
export type LspRegister = ReadonlyMap<string, RegisterEntry>;

/** Information systems the form offers (key -> shown name). */
export const SYSTEMS: ReadonlyArray<{ key: string; label: string }> = [
  { key: 'winbase', label: 'Winbase' },
  { key: 'farmedvisie', label: 'FarMedvisie' },
  { key: 'careweb', label: 'CareWeb' },
  { key: 'other', label: 'Ander systeem' },
];

/**
 * Which data services each information system can answer on the LSP, by default. [UNVERIFIED]:
 * which AORTA interactions each vendor's release supports is not documented to us; operators set the
 * real table with BRUG_SYSTEM_SERVICES (a JSON object of system key -> data-service ids).
 */
export const DEFAULT_SYSTEM_SERVICES: Readonly<Record<string, readonly string[]>> = {
  winbase: ['31', '58'],
  farmedvisie: ['31', '58'],
  careweb: ['31'],
  other: [],
};

/**
 * Reads an LSP register file: `{ "providers": [{ "ura", "name", "applicationIds": [...] }] }`.
 * @param path - the JSON file
 * @throws Error naming what is wrong (config.ts turns it into a ConfigError)
 */
export function loadLspRegister(path: string): LspRegister {
  const data = JSON.parse(readFileSync(path, 'utf8')) as { providers?: unknown };
  if (!Array.isArray(data.providers)) throw new Error(`${path}: "providers" must be an array`);
  const out = new Map<string, RegisterEntry>();
  for (const [i, p] of (data.providers as unknown[]).entries()) {
    const e = p as Partial<RegisterEntry>;
    if (
      typeof e.ura !== 'string' ||
      !/^\d{8}$/.test(e.ura) ||
      !Array.isArray(e.applicationIds) ||
      !e.applicationIds.every((a) => typeof a === 'string' && /^\d{1,12}$/.test(a))
    ) {
      throw new Error(`${path}: providers[${i}] needs an 8-digit "ura" and "applicationIds" of digits`);
    }
    out.set(e.ura, {
      ura: e.ura,
      name: typeof e.name === 'string' ? e.name : '',
      applicationIds: e.applicationIds,
    });
  }
  return out;
}

/**
 * Reads a system-services table file: `{ "winbase": ["31", "58"], ... }`.
 * @param path - the JSON file
 */
export function loadSystemServices(path: string): Record<string, string[]> {
  const data = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error(`${path}: must be a JSON object of system -> data-service ids`);
  }
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(data)) {
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
      throw new Error(`${path}: "${k}" must be an array of data-service ids`);
    }
    out[k] = v;
  }
  return out;
}

/** The application form as posted (every field text; lists split by commas or spaces). */
export interface ApplicationForm {
  organisation: string;
  ura: string;
  agbCodes: string;
  contactName: string;
  email: string;
  applicationIds: string;
  system: string;
  systemOther: string;
  services: string[];
}

/** A problem with one field, in Dutch. */
export interface FieldError {
  field: keyof ApplicationForm;
  message: string;
}

/** The checked application, lists split. */
export interface CheckedApplication {
  organisation: string;
  ura: string;
  agbCodes: string[];
  contactName: string;
  email: string;
  applicationIds: string[];
  system: string;
  systemOther: string;
  services: string[];
}

/** What eligibility is checked against. */
export interface EligibilityRules {
  register: LspRegister;
  systemServices: Readonly<Record<string, readonly string[]>>;
  /** Data services Brug offers: id -> display name. */
  services: ReadonlyMap<string, string>;
}

const splitList = (s: string): string[] =>
  s
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter((x) => x !== '');

/** Deliberately simple: one @, a dot in the domain, no spaces (the address is confirmed by mail). */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * Checks the form: every field, then eligibility (LSP connection, system support).
 * @param form - the posted form
 * @param rules - register, system table and offered services
 * @returns the errors (empty when eligible) and the checked value
 */
export function checkApplication(
  form: ApplicationForm,
  rules: EligibilityRules,
): { errors: FieldError[]; value: CheckedApplication } {
  const errors: FieldError[] = [];
  const value: CheckedApplication = {
    organisation: form.organisation.trim(),
    ura: form.ura.trim(),
    agbCodes: splitList(form.agbCodes),
    contactName: form.contactName.trim(),
    email: form.email.trim(),
    applicationIds: splitList(form.applicationIds),
    system: form.system,
    systemOther: form.systemOther.trim(),
    services: [...new Set(form.services)],
  };
  const err = (field: FieldError['field'], message: string): void => {
    errors.push({ field, message });
  };
  if (value.organisation.length < 2 || value.organisation.length > 200)
    err('organisation', 'Vul de naam van uw organisatie in (2 tot 200 tekens).');
  if (!/^\d{8}$/.test(value.ura)) err('ura', 'Een URA-nummer bestaat uit 8 cijfers.');
  if (value.agbCodes.length === 0) err('agbCodes', 'Vul minstens één AGB-code in.');
  else if (value.agbCodes.some((a) => !/^\d{8}$/.test(a)) || value.agbCodes.length > 20)
    err('agbCodes', 'Een AGB-code bestaat uit 8 cijfers; scheid meerdere codes met een komma.');
  if (value.contactName.length < 2 || value.contactName.length > 200)
    err('contactName', 'Vul de naam van de contactpersoon in.');
  if (!EMAIL.test(value.email) || value.email.length > 254)
    err('email', 'Vul een geldig e-mailadres in, zoals naam@organisatie.nl.');
  if (!SYSTEMS.some((s) => s.key === value.system))
    err('system', 'Kies het informatiesysteem dat u gebruikt.');
  else if (value.system === 'other' && value.systemOther.length < 2)
    err('systemOther', 'Vul de naam van uw informatiesysteem in.');
  const unknown = value.services.filter((s) => !rules.services.has(s));
  if (value.services.length === 0) err('services', 'Kies minstens één gegevensdienst.');
  else if (unknown.length > 0) err('services', `Onbekende gegevensdienst: ${unknown.join(', ')}.`);

  // Eligibility 1: connected to the LSP with these application ids.
  if (value.applicationIds.length === 0) {
    err(
      'applicationIds',
      'Vul de LSP-applicatie-id van uw systeem in: zonder aansluiting op het LSP kan Brug uw gegevens niet opvragen.',
    );
  } else if (value.applicationIds.some((a) => !/^\d{1,12}$/.test(a))) {
    err('applicationIds', 'Een LSP-applicatie-id bestaat uit cijfers; scheid meerdere met een komma.');
  } else if (/^\d{8}$/.test(value.ura)) {
    const entry = rules.register.get(value.ura);
    if (entry === undefined) {
      err(
        'ura',
        `URA ${value.ura} staat niet in het LSP-register: uw organisatie is (nog) niet op het LSP aangesloten.`,
      );
    } else {
      const foreign = value.applicationIds.filter((a) => !entry.applicationIds.includes(a));
      if (foreign.length > 0) {
        err(
          'applicationIds',
          `LSP-applicatie-id ${foreign.join(', ')} hoort volgens het LSP-register niet bij URA ${value.ura}.`,
        );
      }
    }
  }
  // Eligibility 2: the information system answers the chosen services.
  if (SYSTEMS.some((s) => s.key === value.system) && value.services.length > 0 && unknown.length === 0) {
    const supported = rules.systemServices[value.system] ?? [];
    const missing = value.services.filter((s) => !supported.includes(s));
    if (missing.length > 0) {
      const label = SYSTEMS.find((s) => s.key === value.system)!.label;
      const names = missing.map((s) => `${rules.services.get(s)} (${s})`).join(', ');
      err(
        'services',
        supported.length === 0
          ? `Van ${label === 'Ander systeem' ? 'uw systeem' : label} weten wij niet welke gegevensdiensten het op het LSP ondersteunt; neem contact met ons op.`
          : `${label} ondersteunt niet: ${names}. Kies alleen gegevensdiensten die uw systeem levert.`,
      );
    }
  }
  return { errors, value };
}

/**
 * The providers the LSP simulator answers for in the demo: the demo providers and every application
 * id in the (synthetic) LSP register, as the real LSP routes to every connected provider. So a
 * provider that joins through the portal gets answers stamped with its own URA and application id.
 * @param demo - the demo providers
 * @param registerFile - BRUG_LSP_REGISTER (undefined: none)
 */
export function simulatorProviders(
  demo: ReadonlyArray<{ applicationIds: string[]; ura: string }>,
  registerFile: string | undefined,
): Array<{ applicationId: string; ura: string }> {
  const out = demo.map((p) => ({ applicationId: p.applicationIds[0]!, ura: p.ura }));
  if (registerFile === undefined) return out;
  for (const entry of loadLspRegister(registerFile).values()) {
    for (const applicationId of entry.applicationIds) {
      if (!out.some((p) => p.applicationId === applicationId)) out.push({ applicationId, ura: entry.ura });
    }
  }
  return out;
}
