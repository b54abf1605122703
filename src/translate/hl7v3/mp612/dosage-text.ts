/**
 * Regenerates the Dutch dosage text (`Dosage.text`) from the structured 6.12 dosing, the way the Nictiz
 * 6.12 conversion output reads: "gedurende 7 dagen, 1 maal per 4 uur 1 stuk", "zo nodig bij pijn ,
 * maximaal 6 stuks per dag". Without structured frequency or dose the message's own text is used.
 */
import { TIME_UNIT, UNIT_PLURAL, UNIT_TEXT } from './codes.ts';
import { unitDisplay } from './map-common.ts';
import type { AdministrationRequest, Duration, PivlTs, Pq } from './model.ts';

const MONTHS = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
];

/** "13 mei 2015" (with " om 15:48 uur" when the TS has a time of day other than midnight). */
export function dutchDate(ts: string): string {
  const y = ts.slice(0, 4);
  const m = Number(ts.slice(4, 6));
  const d = Number(ts.slice(6, 8));
  let s = `${d} ${MONTHS[m - 1] ?? ''} ${y}`;
  const hhmm = ts.slice(8, 12);
  if (hhmm.length === 4 && hhmm !== '0000') s += ` om ${hhmm.slice(0, 2)}:${hhmm.slice(2)} uur`;
  return s;
}

/** A number as the texts write it (no trailing zeros, '.' decimal point). */
export function num(n: number): string {
  // Whole numbers (nearly all doses and periods) read the same without the toFixed round trip.
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  return String(Number(n.toFixed(4)));
}

/** "7 dagen", "1 week", "5 jaar". */
export function span(d: Duration): string {
  const u = TIME_UNIT[d.unit]!;
  return `${num(d.value)} ${d.value === 1 ? u.one : u.many}`;
}

/** The frequency of a PIVL_TS: periods below 1 become "N maal per <unit>", others "1 maal per N <units>". */
export function frequency(p: PivlTs): { count: number; period: number; unit: string } {
  if (p.period.value < 1 && p.period.value > 0) {
    return { count: Math.round(1 / p.period.value), period: 1, unit: p.period.unit };
  }
  return { count: 1, period: p.period.value, unit: p.period.unit };
}

function frequencyText(p: PivlTs): string {
  const f = frequency(p);
  const u = TIME_UNIT[f.unit]!;
  const per = f.period === 1 ? u.one : `${num(f.period)} ${u.many}`;
  return `${f.count} maal per ${per}`;
}

function unitWord(pq: Pq, plural: boolean): string {
  const w = unitDisplay(pq).toLowerCase();
  const short = UNIT_TEXT[w] ?? w;
  return plural ? (UNIT_PLURAL[short] ?? short) : short;
}

function amount(pq: Pq): string {
  const v = pq.value ?? 0;
  return `${num(v)} ${unitWord(pq, v > 1)}`;
}

/** The dose part: "1 stuk", "2 stuks", "8 à 10 eenheid". */
export function doseText(r: AdministrationRequest): string {
  if (!r.dose) return '';
  if (r.dose.kind === 'fixed') return amount(r.dose.quantity);
  const high = r.dose.high.value ?? 0;
  return `${num(r.dose.low.value ?? 0)} à ${num(high)} ${unitWord(r.dose.high, high > 1)}`;
}

function timesOfDay(periods: PivlTs[]): string[] {
  return periods
    .filter((p) => p.phaseCenter !== undefined && p.phaseCenter.length >= 12)
    .map((p) => `${p.phaseCenter!.slice(8, 10)}:${p.phaseCenter!.slice(10, 12)}`);
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} en ${items[items.length - 1]!}`;
}

/** True when the request has structured frequency or dose to generate a text from. */
export function isStructured(r: AdministrationRequest): boolean {
  return (
    r.dose !== undefined ||
    (r.schedule?.periods.length ?? 0) > 0 ||
    r.asNeeded.length > 0 ||
    r.maxDose !== undefined
  );
}

const DURATION_LEAD = /^gedurende\s+\S+\s+\S+,\s*/i;

/**
 * The message's own instruction text, without a leading "Gedurende N dagen, " that the generated
 * duration part already says.
 * @param r - the administration request
 */
export function freeText(r: AdministrationRequest): string | undefined {
  if (r.text === undefined) return undefined;
  const t = r.text.trim();
  return r.schedule?.interval?.width ? t.replace(DURATION_LEAD, '') : t;
}

/** `text, part` (or part alone), leaving out an empty part. */
function addPart(text: string, part: string): string {
  if (part === '') return text;
  return text === '' ? part : `${text}, ${part}`;
}

/** `words word` (or word alone when there are no words yet); empty words are kept, as join would. */
function addWord(words: string | undefined, word: string): string {
  return words === undefined ? word : `${words} ${word}`;
}

/**
 * Generates the text of one dosing instruction.
 * @param r - the administration request
 */
export function dosageText(r: AdministrationRequest): string {
  // The parts are joined with ', ' (empty ones left out), the words of the dosing with ' '; both are
  // built as strings directly rather than through arrays, as this runs for every dispense.
  let text = '';
  const ivl = r.schedule?.interval;
  if (ivl?.low !== undefined) text = addPart(text, `Vanaf ${dutchDate(ivl.low)}`);
  if (ivl?.width) text = addPart(text, `gedurende ${span(ivl.width)}`);
  else if (ivl?.high !== undefined) text = addPart(text, `tot en met ${dutchDate(ivl.high.slice(0, 8))}`);
  const periods = r.schedule?.periods ?? [];
  const cycle = r.schedule?.cyclic ? periods.find((p) => p.phaseWidth !== undefined) : undefined;
  if (!isStructured(r)) {
    const own = freeText(r);
    if (own !== undefined) text = addPart(text, own);
  } else {
    let words: string | undefined;
    if (r.asNeeded[0]?.displayName !== undefined) words = r.asNeeded[0].displayName;
    const tod = timesOfDay(periods);
    let lead = '';
    if (cycle) lead = `cyclus van ${span(cycle.period)}: steeds gedurende ${span(cycle.phaseWidth!)} `;
    if (tod.length > 0) words = addWord(words, `${lead}elke dag om ${list(tod)}`);
    else {
      const freq = periods.find((p) => p !== cycle && p.phaseCenter === undefined);
      if (freq) words = addWord(words, `${lead}${frequencyText(freq)}`);
    }
    const dose = doseText(r);
    if (dose !== '') words = addWord(words, dose);
    text = addPart(text, words ?? '');
  }
  if (r.maxDose?.numerator.value !== undefined) {
    const max = `maximaal ${amount(r.maxDose.numerator)} per ${r.maxDose.denominator.value === 1 || r.maxDose.denominator.value === undefined ? (TIME_UNIT[r.maxDose.denominator.unit]?.one ?? r.maxDose.denominator.unit) : span({ value: r.maxDose.denominator.value, unit: r.maxDose.denominator.unit })}`;
    // Without frequency or dose the Nictiz output leaves a space before the comma; kept for equality.
    text += r.dose === undefined && periods.length === 0 ? ` , ${max}` : `, ${max}`;
  }
  for (const i of r.instructions) {
    const t = i.displayName ?? i.originalText;
    // An instruction the text already says (often so in free texts from real LSP traffic) is not repeated.
    const a = t?.toLowerCase();
    const b = text.toLowerCase();
    if (t !== undefined && a !== undefined && !b.includes(a) && !(b !== '' && a.includes(b)))
      text += `, ${t}`;
  }
  return text;
}
