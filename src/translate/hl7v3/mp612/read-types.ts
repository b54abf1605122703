/**
 * Readers for the HL7v3 data types a 6.12 dispense uses (II, CD, PQ, RTO, IVL_TS, PIVL_TS, SXPR_TS).
 * Strict: a value that matters and cannot be read throws `TranslationError` with its location.
 */
import { child, XSI_TYPE, type XmlElement } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { TIME_UNIT } from './codes.ts';
import type { Code, Duration, Ii, IvlTs, PivlTs, Pq, Ratio, Schedule } from './model.ts';
import { OID } from './oids.ts';

const TS = /^\d{4}(\d{2}(\d{2}(\d{2}(\d{2}(\d{2}(\.\d+)?)?)?)?)?)?([+-]\d{4})?$/;

/** Location of a child step, e.g. `loc(base, 'quantity')`. */
export function loc(base: string, step: string): string {
  return `${base}/${step}`;
}

/** The xsi:type without a namespace prefix (`hl7:IVL_TS` -> `IVL_TS`), or undefined. */
export function xsiType(el: XmlElement): string | undefined {
  const t = el.attrs[XSI_TYPE];
  if (t === undefined) return undefined;
  const colon = t.indexOf(':');
  return colon >= 0 ? t.slice(colon + 1) : t;
}

/** Reads an II. */
export function readIi(el: XmlElement): Ii {
  const ii: Ii = {};
  if (el.attrs.root !== undefined) ii.root = el.attrs.root;
  if (el.attrs.extension !== undefined) ii.extension = el.attrs.extension;
  if (el.attrs.nullFlavor !== undefined) ii.nullFlavor = el.attrs.nullFlavor;
  return ii;
}

/** Reads a CD/CE/CV with its translations and originalText. */
export function readCode(el: XmlElement): Code {
  const c: Code = { translations: [] };
  const at = el.attrs;
  if (at.code !== undefined) c.code = at.code;
  if (at.codeSystem !== undefined) c.codeSystem = at.codeSystem;
  if (at.displayName !== undefined) c.displayName = at.displayName;
  if (at.codeSystemName !== undefined) c.codeSystemName = at.codeSystemName;
  if (at.nullFlavor !== undefined) c.nullFlavor = at.nullFlavor;
  let ot: XmlElement | undefined;
  for (const k of el.children) {
    if (k.name === 'translation') c.translations.push(readCode(k));
    else if (k.name === 'originalText' && ot === undefined) ot = k;
  }
  if (ot) {
    const t = ot.text.trim();
    if (t !== '') c.originalText = t;
  }
  return c;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

// Locations are built only when an error is thrown: the internal readers take the parent location and
// the step to the element (`base`, `step`) instead of the joined string, which would be allocated for
// every value of every dispense while the parse tree is alive.

/** `base/step`, or base when there is no step. */
function join(base: string, step: string | undefined): string {
  return step === undefined ? base : `${base}/${step}`;
}

/** Parses a decimal attribute; throws when it is not a number. */
export function readNumber(raw: string, where: string): number {
  if (!NUMBER.test(raw.trim())) {
    throw new TranslationError(`'${raw}' is not a number`, where);
  }
  return Number(raw);
}

/** readNumber of the `@value` of the element at base/step. */
function valueAt(raw: string, base: string, step: string | undefined): number {
  if (!NUMBER.test(raw.trim())) readNumber(raw, `${join(base, step)}/@value`);
  return Number(raw);
}

/** readPq of the element at `base/step` (the location is joined only for an error). */
export function readPqAt(el: XmlElement, base: string, step?: string): Pq {
  const pq: Pq = { unit: el.attrs.unit ?? '1' };
  if (el.attrs.nullFlavor !== undefined) pq.nullFlavor = el.attrs.nullFlavor;
  if (el.attrs.value !== undefined) pq.value = valueAt(el.attrs.value, base, step);
  else if (pq.nullFlavor === undefined)
    throw new TranslationError('quantity without value or nullFlavor', join(base, step));
  for (const t of el.children) {
    if (t.name === 'translation' && t.attrs.codeSystem === OID.gstdUnit) {
      if (t.attrs.code === undefined)
        throw new TranslationError(
          'G-standaard unit translation without code',
          loc(join(base, step), 'translation'),
        );
      pq.gstdUnit = { code: t.attrs.code };
      if (t.attrs.displayName !== undefined) pq.gstdUnit.displayName = t.attrs.displayName;
      break;
    }
  }
  return pq;
}

/** Reads a PQ, including its G-standaard 902 unit translation. */
export function readPq(el: XmlElement, where: string): Pq {
  return readPqAt(el, where);
}

/** Reads a ratio (numerator/denominator PQs). */
export function readRatio(el: XmlElement, where: string): Ratio {
  const n = child(el, 'numerator');
  const d = child(el, 'denominator');
  if (!n || !d) throw new TranslationError('ratio without numerator and denominator', where);
  return { numerator: readPqAt(n, where, 'numerator'), denominator: readPqAt(d, where, 'denominator') };
}

/** readDuration of the element at `base/step` (the location is joined only for an error). */
export function readDurationAt(el: XmlElement, base: string, step?: string): Duration {
  const raw = el.attrs.value;
  if (raw === undefined) throw new TranslationError('time span without value', join(base, step));
  const unit = el.attrs.unit ?? '';
  if (!TIME_UNIT[unit]) throw new TranslationError(`unknown time unit '${unit}'`, join(base, step));
  return { value: valueAt(raw, base, step), unit };
}

/** Reads a PQ with a time unit. */
export function readDuration(el: XmlElement, where: string): Duration {
  return readDurationAt(el, where);
}

/** readTs of the element at `base/step` (the location is joined only for an error). */
export function readTsAt(el: XmlElement, base: string, step?: string): string | undefined {
  const v = el.attrs.value;
  if (v === undefined) return undefined;
  if (!TS.test(v)) throw new TranslationError(`'${v}' is not an HL7 timestamp`, join(base, step));
  return v;
}

/** Reads a TS value attribute; throws when it is not an HL7 timestamp. */
export function readTs(el: XmlElement, where: string): string | undefined {
  return readTsAt(el, where);
}

function readIvl(el: XmlElement, where: string): IvlTs {
  const ivl: IvlTs = {};
  const low = child(el, 'low');
  const high = child(el, 'high');
  const width = child(el, 'width');
  if (low) {
    const v = readTsAt(low, where, 'low');
    if (v !== undefined) ivl.low = v;
  }
  if (high) {
    const v = readTsAt(high, where, 'high');
    if (v !== undefined) ivl.high = v;
  }
  if (width) ivl.width = readDurationAt(width, where, 'width');
  return ivl;
}

function readPivl(el: XmlElement, where: string): PivlTs {
  const period = child(el, 'period');
  if (!period) throw new TranslationError('PIVL_TS without period', where);
  const p: PivlTs = { period: readDurationAt(period, where, 'period') };
  if (el.attrs.operator !== undefined) p.operator = el.attrs.operator;
  const phase = child(el, 'phase');
  if (phase) {
    const center = child(phase, 'center');
    const width = child(phase, 'width');
    if (center) {
      const v = readTsAt(center, where, 'phase/center');
      if (v !== undefined) p.phaseCenter = v;
    }
    if (width) p.phaseWidth = readDurationAt(width, where, 'phase/width');
  }
  return p;
}

function collect(el: XmlElement, where: string, out: Schedule): void {
  const type = xsiType(el);
  switch (type) {
    case 'IVL_TS':
      if (out.interval) throw new TranslationError('more than one IVL_TS in one schedule', where);
      out.interval = readIvl(el, where);
      return;
    case 'PIVL_TS':
      out.periods.push(readPivl(el, where));
      return;
    case 'SXPR_TS': {
      let i = 0;
      for (const c of el.children) {
        if (c.name !== 'comp') continue;
        i++;
        collect(c, `${where}/comp[${i}]`, out);
      }
      if (i === 0) throw new TranslationError('SXPR_TS without comp', where);
      return;
    }
    case undefined:
    default:
      throw new TranslationError(`unsupported effectiveTime type '${type ?? '(none)'}'`, where);
  }
}

/** Reads a medicationAdministrationRequest effectiveTime (SXPR_TS, IVL_TS or PIVL_TS, or a nullFlavor). */
export function readSchedule(el: XmlElement, where: string): Schedule {
  const s: Schedule = { periods: [], cyclic: false };
  if (el.attrs.nullFlavor !== undefined && xsiType(el) === undefined) {
    s.nullFlavor = el.attrs.nullFlavor;
    return s;
  }
  collect(el, where, s);
  s.cyclic = s.periods.some((p) => p.phaseWidth !== undefined);
  if (s.cyclic) {
    // In a cycle (SXPR of PIVLs) the PIVL with a phase width is the cycle, the others the frequency.
    s.periods.sort((a, b) => Number(a.phaseWidth !== undefined) - Number(b.phaseWidth !== undefined));
  }
  return s;
}
