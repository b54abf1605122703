/**
 * FHIR pieces every Ketenzorg 3.0.2 mapper shares: codings (ICPC and SNOMED by their FHIR URIs),
 * a CodeableConcept with a text when the coding has no display, `urn:oid:` identifiers, references by
 * identifier to resources of other building blocks, periods and statusCode lookups.
 */
import type * as fhir from 'fhir';
import { TranslationError } from '../../errors.ts';
import { tsToDateTime } from '../allergy612/map-parts.ts';
import type { Code, Ii } from './model.ts';
import { OID, SYSTEM } from './oids.ts';

/**
 * A coding for an HL7 code: ICPC and SNOMED by their FHIR URIs, anything else as `urn:oid:`.
 * @param c - the code
 */
export function gpCoding(c: Code): fhir.Coding {
  const system =
    c.codeSystem === OID.icpc
      ? SYSTEM.icpc
      : c.codeSystem === OID.snomed
        ? SYSTEM.snomed
        : `urn:oid:${c.codeSystem ?? ''}`;
  const out: fhir.Coding = { system };
  if (c.code !== undefined) out.code = c.code;
  if (c.displayName !== undefined) out.display = c.displayName;
  return out;
}

/**
 * A CodeableConcept of one coding; a coding without display gets `text` (as the Nictiz output does).
 * @param coding - the coding
 * @param text - the text used when the coding has no display
 */
export function concept(coding: fhir.Coding, text: string): fhir.CodeableConcept {
  return coding.display === undefined ? { coding: [coding], text } : { coding: [coding] };
}

/**
 * The `urn:oid:` identifier of an id with an extension, else undefined.
 * @param id - the id, if any
 */
export function oidIdentifier(id: Ii | undefined): fhir.Identifier | undefined {
  return id?.extension === undefined
    ? undefined
    : { system: `urn:oid:${id.root ?? ''}`, value: id.extension };
}

/**
 * A logical reference by identifier (the target comes from another building block).
 * @param id - the target's id
 * @param display - the reference display
 */
export function identifierRef(id: Ii, display: string): fhir.Reference {
  return { identifier: { system: `urn:oid:${id.root ?? ''}`, value: id.extension ?? '' }, display };
}

/**
 * A reference to a concern by identifier, named "Episode: <id> <root>" as the Nictiz output does.
 * @param id - the concern's id
 */
export function episodeRef(id: Ii): fhir.Reference {
  return identifierRef(id, `Episode: ${id.extension ?? ''} ${id.root ?? ''}`);
}

/**
 * The period of a start and end (TS), or undefined when both are absent.
 * @param start - the start, if any
 * @param end - the end, if any
 */
export function period(start: string | undefined, end: string | undefined): fhir.Period | undefined {
  if (start === undefined && end === undefined) return undefined;
  const p: fhir.Period = {};
  if (start !== undefined) p.start = tsToDateTime(start);
  if (end !== undefined) p.end = tsToDateTime(end);
  return p;
}

/**
 * Looks a statusCode up in a status table; an unknown one throws `TranslationError` at `<location>/statusCode`.
 * @param table - statusCode -> FHIR status
 * @param statusCode - the source's statusCode, if any
 * @param absent - the statusCode assumed when there is none
 * @param what - what carries the status, for the error ("encounter")
 * @param location - location of that element
 */
export function lookupStatus<S extends string>(
  table: Readonly<Record<string, S>>,
  statusCode: string | undefined,
  absent: string,
  what: string,
  location: string,
): S {
  const status = table[statusCode ?? absent];
  if (!status)
    throw new TranslationError(`unknown ${what} statusCode '${statusCode ?? ''}'`, `${location}/statusCode`);
  return status;
}
