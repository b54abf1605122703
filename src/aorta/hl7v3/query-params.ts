/**
 * The query parameters each query interaction takes, and writing/reading them as `queryByParameter`
 * children. One generic query with per-interaction parameter sets; `patientID` (the BSN) is mandatory
 * for every query ("in AORTA verplicht") and is not listed here.
 *
 * Facts: QURX_IN990111NL from domain/aorta.md section 2.1 (Nictiz 7phcy wiki). For the MP9 building-block
 * queries, QUPC_IN990001NL, the 6.12 allergy query (REPC_IN000023NL, "Opvragen condities") and the
 * index query QUMT_IN020010NL no public parameter list was found: they send `patientID` only [U].
 */
import { attrAt, child, type XmlElement } from '../../xml/index.ts';
import { el } from '../../xml/index.ts';
import { isTs, toTs } from './time.ts';

export type ParamKind = 'interval' | 'boolean';

export interface ParamSpec {
  /** Element name inside queryByParameter. */
  name: string;
  kind: ParamKind;
}

/** A time interval parameter: either bound may be left out. */
export interface TimeInterval {
  low?: unknown;
  high?: unknown;
}

/** The parameter sets, in the order they are written (alphabetical, as the 6.12 example). */
export const QUERY_PARAMETERS: Readonly<Record<string, readonly ParamSpec[]>> = {
  QURX_IN990111NL: [
    { name: 'administrationRequestEffectiveTimeInterval', kind: 'interval' },
    { name: 'dispenseEventEffectiveTimeInterval', kind: 'interval' },
    { name: 'mostRecentDispenseForEachRxIndicator', kind: 'boolean' },
  ],
  QUMA_IN991201NL04: [],
  QUVV_IN992201NL03: [],
  QUTA_IN991211NL02: [],
  QUMV_IN992211NL02: [],
  QUMG_IN991221NL02: [],
  QUPC_IN990001NL: [],
  REPC_IN000023NL: [],
  QUMT_IN020010NL: [],
};

const INTERACTION_RE = /^[A-Z]{4}_IN\d{6}[A-Z0-9]{0,6}$/;

/**
 * The parameter specs of a query interaction. An interaction not in the table is accepted when its id is
 * well formed, with `patientID` only.
 * @param interaction - query interaction id
 * @throws TypeError for a malformed interaction id
 */
export function paramsFor(interaction: string): readonly ParamSpec[] {
  if (!INTERACTION_RE.test(interaction)) throw new TypeError(`not an interaction id: "${interaction}"`);
  return QUERY_PARAMETERS[interaction] ?? [];
}

function writeInterval(name: string, v: unknown): string {
  if (typeof v !== 'object' || v === null) throw new TypeError(`${name} must be { low?, high? }`);
  const { low, high } = v as TimeInterval;
  if (low === undefined && high === undefined) return '';
  const inner =
    (low === undefined ? '' : el('low', { value: toTs(low) })) +
    (high === undefined ? '' : el('high', { value: toTs(high) }));
  return el(name, {}, el('value', {}, inner));
}

/**
 * Writes the interaction-specific parameters (without patientID) in spec order.
 * @param interaction - query interaction id
 * @param parameters - values by parameter name; undefined values are left out
 * @throws TypeError for an unknown parameter or a value of the wrong type
 */
export function writeParameters(interaction: string, parameters: Record<string, unknown> = {}): string {
  const specs = paramsFor(interaction);
  for (const k of Object.keys(parameters)) {
    if (parameters[k] !== undefined && !specs.some((s) => s.name === k)) {
      throw new TypeError(`${interaction} has no query parameter "${k}"`);
    }
  }
  let out = '';
  for (const spec of specs) {
    const v = parameters[spec.name];
    if (v === undefined) continue;
    switch (spec.kind) {
      case 'interval':
        out += writeInterval(spec.name, v);
        break;
      case 'boolean':
        if (typeof v !== 'boolean') throw new TypeError(`${spec.name} must be true or false`);
        out += el(spec.name, {}, el('value', { value: v ? 'true' : 'false' }));
        break;
    }
  }
  return out;
}

/**
 * Reads the interaction-specific parameters back from a queryByParameter element (intervals as
 * `{ low?, high? }` HL7 TS strings, indicators as booleans). Unknown children are ignored.
 * @param interaction - query interaction id
 * @param qbp - the queryByParameter element
 */
export function readParameters(interaction: string, qbp: XmlElement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of paramsFor(interaction)) {
    const p = child(qbp, spec.name);
    if (!p) continue;
    switch (spec.kind) {
      case 'interval': {
        const iv: { low?: string; high?: string } = {};
        const low = attrAt(p, 'value/low', 'value');
        const high = attrAt(p, 'value/high', 'value');
        if (low !== undefined && isTs(low)) iv.low = low;
        if (high !== undefined && isTs(high)) iv.high = high;
        out[spec.name] = iv;
        break;
      }
      case 'boolean':
        out[spec.name] = attrAt(p, 'value', 'value') === 'true';
        break;
    }
  }
  return out;
}
