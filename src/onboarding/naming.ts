/**
 * The MedMij name policy (../shared/domain/medmij.md section 3): a provider's name is `<naam>@medmij`
 * where `<naam>` is 3 to 50 lowercase letters a-z (the ZAL XSD's pattern `([a-z])+@medmij`, 10-57
 * characters), unique across the current provider list (ZAL) and our own providers and applications.
 * The provider types the name part; we add `@medmij`. When a wish is invalid or taken, we propose
 * valid, free names derived from the organisation's name.
 */

/** Why a wished-for name is refused. */
export type NameProblem = 'empty' | 'suffix' | 'characters' | 'too-short' | 'too-long' | 'taken';

export const NAME_MIN = 3;
export const NAME_MAX = 50;

/** Dutch explanations of each problem, for the portal. */
export const NAME_PROBLEM_TEXT: Readonly<Record<NameProblem, string>> = {
  empty: 'Vul een MedMij-naam in.',
  suffix: 'Laat "@medmij" weg: dat voegen wij toe.',
  characters:
    'Een MedMij-naam bestaat alleen uit kleine letters a tot en met z (geen cijfers, spaties, leestekens of accenten).',
  'too-short': `Een MedMij-naam heeft minstens ${NAME_MIN} letters.`,
  'too-long': `Een MedMij-naam heeft hoogstens ${NAME_MAX} letters.`,
  taken: 'Deze MedMij-naam is al in gebruik.',
};

/**
 * Checks the form of a name part (without `@medmij`); undefined when it is valid.
 * @param naam - the wished-for name as typed
 */
export function nameFormProblem(naam: string): NameProblem | undefined {
  if (naam === '') return 'empty';
  if (/@/.test(naam)) return 'suffix';
  if (!/^[a-z]+$/.test(naam)) return 'characters';
  if (naam.length < NAME_MIN) return 'too-short';
  if (naam.length > NAME_MAX) return 'too-long';
  return undefined;
}

/** The names that are taken, from every source (ZAL, our providers, our applications). */
export type TakenNames = () => Promise<Set<string>>;

/**
 * Checks a wished-for name fully: form, then uniqueness.
 * @param naam - the name part as typed
 * @param taken - names in use (without `@medmij`)
 */
export function checkName(naam: string, taken: ReadonlySet<string>): NameProblem | undefined {
  return nameFormProblem(naam) ?? (taken.has(naam) ? 'taken' : undefined);
}

/** Common words in Dutch care organisations' names that may be shortened or left out. */
const NOISE = new Set([
  'de',
  'het',
  'een',
  'en',
  'van',
  'voor',
  'der',
  'den',
  'te',
  'op',
  'in',
  'bv',
  'nv',
  'vof',
  'stichting',
]);
/** Legal forms: never part of a proposed name. */
const LEGAL_FORMS = new Set(['bv', 'nv', 'vof', 'cv']);
/** Generic suffixes dropped when shortening. */
const SUFFIXES = ['bv', 'nv', 'vof', 'stichting', 'ggz', 'zorg', 'groep'];

/**
 * The letters of a text as a name: diacritics stripped (é -> e, ë -> e), lowercase, everything
 * but a-z removed.
 * @param text - any text
 */
export function lettersOnly(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ĳ/g, 'ij')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z]/g, '');
}

function words(organisation: string): string[] {
  const raw = organisation
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .map(lettersOnly)
    .filter((w) => w !== '');
  // Runs of single letters are one abbreviation: "B.V." -> "bv", "G.G.Z." -> "ggz".
  const out: string[] = [];
  let run = '';
  for (const w of raw) {
    if (w.length === 1) run += w;
    else {
      if (run !== '') out.push(run);
      run = '';
      out.push(w);
    }
  }
  if (run !== '') out.push(run);
  return out;
}

/** Candidate names from an organisation's name, best (most readable) first; not yet checked. */
function candidates(organisation: string, wish: string): string[] {
  const all = words(organisation).filter((w) => !LEGAL_FORMS.has(w));
  const meaningful = all.filter((w) => !NOISE.has(w));
  const core = meaningful.filter((w) => !SUFFIXES.includes(w));
  const out: string[] = [];
  const wished = lettersOnly(wish);
  if (wished !== '') out.push(wished);
  out.push(meaningful.join(''));
  out.push(all.join(''));
  if (core.length > 0) {
    out.push(core.join(''));
    // The distinctive last word on its own ("Zonnehuis"), then with the initials before it.
    out.push(core[core.length - 1]!);
  }
  const initials = meaningful.map((w) => w[0]).join('');
  const [first = '', ...rest] = meaningful;
  if (rest.length > 0) out.push(initials + (rest[rest.length - 1] ?? ''));
  // Suffixes that keep the name recognisable.
  const base = core.join('') || meaningful.join('') || wished;
  for (const suffix of ['zorg', 'apotheek', 'praktijk']) out.push(base + suffix);
  if (rest.length > 0) {
    out.push(first + rest.map((w) => w[0]).join(''));
    out.push(initials);
  }
  if (meaningful.length > 0) out.push(meaningful[0]!);
  out.push(`${base}medmijnaam`);
  return out;
}

/** Cuts a candidate to a valid length (or drops it when too short). */
function fit(name: string): string | undefined {
  const cut = name.slice(0, NAME_MAX);
  return nameFormProblem(cut) === undefined ? cut : undefined;
}

/** Letters appended to make a taken candidate unique: a, b, ... z, aa, ab, ... */
function letterSuffix(i: number): string {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

/**
 * Valid, free names derived from the organisation's name (and the wish), each checked against
 * `taken`; at most `count`, best first.
 * @param organisation - the organisation's name as entered
 * @param wish - the wished-for name (may be invalid)
 * @param taken - names in use
 * @param count - how many to propose (default 3)
 */
export function proposeNames(
  organisation: string,
  wish: string,
  taken: ReadonlySet<string>,
  count = 3,
): string[] {
  const out: string[] = [];
  const consider = (name: string | undefined): void => {
    if (name !== undefined && !taken.has(name) && !out.includes(name) && out.length < count) out.push(name);
  };
  const bases = candidates(organisation, wish)
    .map(fit)
    .filter((n): n is string => n !== undefined);
  for (const b of bases) consider(b);
  // Still short: the best base with a letter suffix (a name is letters only, so no digits).
  const first = bases[0] ?? 'zorgaanbieder';
  for (let i = 0; out.length < count && i < 26 * 27; i++) {
    consider(fit(first.slice(0, NAME_MAX - 2) + letterSuffix(i)));
  }
  return out;
}
