/**
 * XML -> the model of one `POOB_IN990003NL` (Ketenzorg 3.0.2 algemene bepalingen). Strict: wrong
 * root, an observation without id, a value of an unknown type or a bad time stamp throws
 * `TranslationError` with its location.
 */
import { at, child, childrenNamed, type XmlElement } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { textOf } from '../allergy612/read-parts.ts';
import { loc, readCode, readIi, readTs, xsiType } from '../mp612/read-types.ts';
import type {
  GeneralObservation,
  GeneralObservationList,
  ObservationValue,
  ReferenceRange,
} from './model.ts';
import { GENERAL_OBSERVATIONS_INTERACTION } from './oids.ts';
import { responsibleRole } from './read-acts.ts';
import { readOrganizerList } from './read-organizer.ts';

function readValue(v: XmlElement, where: string): ObservationValue | undefined {
  const type = xsiType(v);
  switch (type ?? '') {
    case 'PQ': {
      if (v.attrs.value === undefined) return undefined;
      return v.attrs.unit === undefined
        ? { kind: 'quantity', value: v.attrs.value }
        : { kind: 'quantity', value: v.attrs.value, unit: v.attrs.unit };
    }
    case 'ST':
      return { kind: 'string', value: v.text.trim() };
    case 'CE':
    case 'CD':
    case 'CV':
    case 'CO':
      return { kind: 'code', code: readCode(v) };
    case 'BL':
      return v.attrs.value === undefined ? undefined : { kind: 'boolean', value: v.attrs.value === 'true' };
    case 'TS':
    case 'IVL_TS': {
      const t =
        readTs(v, where) ?? (child(v, 'low') ? readTs(child(v, 'low')!, loc(where, 'low')) : undefined);
      return t === undefined ? undefined : { kind: 'time', value: t };
    }
    default:
      throw new TranslationError(`unsupported observation value type '${type ?? '(none)'}'`, where);
  }
}

function readRange(el: XmlElement): ReferenceRange {
  const r: ReferenceRange = {};
  const text = textOf(child(el, 'text'));
  if (text !== undefined) r.text = text;
  const v = child(el, 'value');
  const low = child(v, 'low');
  const high = child(v, 'high');
  if (low?.attrs.value !== undefined) r.low = low.attrs.value;
  if (high?.attrs.value !== undefined) r.high = high.attrs.value;
  if (low?.attrs.nullFlavor !== undefined) r.lowNullFlavor = low.attrs.nullFlavor;
  if (high?.attrs.nullFlavor !== undefined) r.highNullFlavor = high.attrs.nullFlavor;
  const unit = low?.attrs.unit ?? high?.attrs.unit;
  if (unit !== undefined && unit !== '1') r.unit = unit;
  const interp = child(el, 'interpretationCode')?.attrs.code;
  if (interp !== undefined) r.interpretation = interp;
  return r;
}

/**
 * Reads one Ketenzorg observation (general or lab result: the same shape).
 * @param obs - the `observation` element
 * @param where - its location, for errors
 */
export function readObservation(obs: XmlElement, where: string): GeneralObservation {
  const id = child(obs, 'id');
  if (!id) throw new TranslationError('observation without id', where);
  const o: GeneralObservation = {
    location: where,
    id: readIi(id),
    ranges: [],
    encounterIds: [],
    concernIds: [],
  };
  const code = child(obs, 'code');
  if (code) {
    o.code = readCode(code);
    if (code.attrs.codeSystemVersion !== undefined) o.codeVersion = code.attrs.codeSystemVersion;
  }
  const status = child(obs, 'statusCode')?.attrs.code;
  if (status !== undefined) o.statusCode = status;
  const eff = child(obs, 'effectiveTime');
  const time = eff
    ? (readTs(eff, loc(where, 'effectiveTime')) ??
      (child(eff, 'low') ? readTs(child(eff, 'low')!, loc(where, 'effectiveTime/low')) : undefined))
    : undefined;
  if (time !== undefined) o.time = time;
  const value = child(obs, 'value');
  if (value) {
    const v = readValue(value, loc(where, 'value'));
    if (v) o.value = v;
  }
  const interp = child(obs, 'interpretationCode');
  if (interp) o.interpretation = readCode(interp);
  for (const rr of childrenNamed(obs, 'referenceRange')) {
    const range = child(rr, 'observationRange');
    if (range) o.ranges.push(readRange(range));
  }
  const rid = child(responsibleRole(obs), 'id');
  if (rid) o.performer = { id: readIi(rid), addresses: [] };
  for (const er of childrenNamed(obs, 'entryRelationship')) {
    const enc = at(er, 'encounter/id');
    const act = at(er, 'act/id');
    if (enc) o.encounterIds.push(readIi(enc));
    else if (act) o.concernIds.push(readIi(act));
  }
  return o;
}

/**
 * Reads the general observations of a `POOB_IN990003NL` message.
 * @param message - the message root element
 */
export function readGeneralObservationList(message: XmlElement): GeneralObservationList {
  const { items, ...parts } = readOrganizerList(
    message,
    GENERAL_OBSERVATIONS_INTERACTION,
    'observation',
    () => readObservation,
  );
  return { ...parts, observations: items };
}
