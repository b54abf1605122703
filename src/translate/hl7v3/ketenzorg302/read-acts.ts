/**
 * Parts of the acts inside a Ketenzorg organizer that several answers share: a diagnosis observation
 * (concerns and E journal lines), a care provider's role (id, specialty, name), the responsible
 * (`RESP`) participant of an act, and an act's start and end.
 */
import { at, child, childrenNamed, type XmlElement } from '../../../xml/index.ts';
import { readName } from '../allergy612/read-parts.ts';
import { loc, readCode, readIi, readTs } from '../mp612/read-types.ts';
import type { CareProvider, Diagnosis } from './model.ts';

/**
 * Reads a diagnosis observation: id, code, status, onset (`effectiveTime/low`) and the diagnosis value.
 * @param obs - the observation element
 * @param where - its location, for errors
 */
export function readDiagnosis(obs: XmlElement, where: string): Diagnosis {
  const d: Diagnosis = {};
  const id = child(obs, 'id');
  if (id) d.id = readIi(id);
  const code = child(obs, 'code');
  if (code) d.code = readCode(code);
  const status = child(obs, 'statusCode')?.attrs.code;
  if (status !== undefined) d.statusCode = status;
  const low = at(obs, 'effectiveTime/low');
  const onset = low ? readTs(low, loc(where, 'effectiveTime/low')) : undefined;
  if (onset !== undefined) d.onset = onset;
  const value = child(obs, 'value');
  if (value) d.value = readCode(value);
  return d;
}

/**
 * Reads a care provider's role element: its id (UZI), its code (the specialty) and, when a path is
 * given, the person's name there.
 * @param role - the assignedEntity or participantRole element
 * @param namePath - path of the name below the role (`assignedPerson/name`), if it is read
 */
export function readProviderRole(role: XmlElement, namePath?: string): CareProvider {
  const p: CareProvider = { addresses: [] };
  const id = child(role, 'id');
  if (id) p.id = readIi(id);
  const code = child(role, 'code');
  if (code) p.specialty = readCode(code);
  const name = namePath === undefined ? undefined : at(role, namePath);
  if (name) p.name = readName(name);
  return p;
}

/**
 * The `participantRole` of an act's first `participant[@typeCode='RESP']`, if any.
 * @param act - the act, observation or encounter element
 */
export function responsibleRole(act: XmlElement): XmlElement | undefined {
  const resp = childrenNamed(act, 'participant').find((p) => p.attrs.typeCode === 'RESP');
  return child(resp, 'participantRole');
}

/** The start and end of an act. */
export interface ActPeriod {
  start?: string;
  end?: string;
}

/**
 * Reads `effectiveTime/low` and `effectiveTime/high` (TS) as start and end.
 * @param act - the act or encounter element
 * @param where - its location, for errors
 */
export function readPeriod(act: XmlElement, where: string): ActPeriod {
  const out: ActPeriod = {};
  const low = at(act, 'effectiveTime/low');
  const start = low ? readTs(low, loc(where, 'effectiveTime/low')) : undefined;
  if (start !== undefined) out.start = start;
  const high = at(act, 'effectiveTime/high');
  const end = high ? readTs(high, loc(where, 'effectiveTime/high')) : undefined;
  if (end !== undefined) out.end = end;
  return out;
}
