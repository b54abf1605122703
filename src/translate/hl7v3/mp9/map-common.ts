/**
 * FHIR pieces the MP 9 mappers share: the medication treatment extension, references by identifier
 * to other building blocks, coded values as CodeableConcepts, notes, and the dosing of an agreement
 * with its additional instructions (the 6.12 dosage mapper, through the Ketenzorg agreement mapper).
 */
import type * as fhir from 'fhir';
import { tsToDateTime } from '../allergy612/map-parts.ts';
import { mapAgreementDosage } from '../ketenzorg302/map-medication-request.ts';
import { gpCoding, oidIdentifier } from '../ketenzorg302/map-common.ts';
import type { AgreementDosage, BlockRef, Code, Ii } from './model.ts';
import { TranslationError } from '../../errors.ts';
import { DISPENSE_STATUS, EXT } from './oids.ts';

/** The name of each kind of building block, for reference displays. */
const BLOCK_NAME: Readonly<Record<BlockRef['kind'], string>> = {
  MA: 'Medicatieafspraak',
  TA: 'Toedieningsafspraak',
  VV: 'Verstrekkingsverzoek',
  MVE: 'Verstrekking',
};

/**
 * A reference by identifier to another building block (it comes in another answer, if at all).
 * @param r - the reference
 */
export function blockRef(r: BlockRef): fhir.Reference {
  return {
    identifier: oidIdentifier(r.id)!,
    display: `${BLOCK_NAME[r.kind]} ${r.id.extension ?? ''}`.trim(),
  };
}

/**
 * The medication treatment extension, when the building block names its treatment.
 * @param id - the treatment id
 */
export function treatmentExtension(id: Ii | undefined): fhir.Extension[] {
  const v = oidIdentifier(id);
  return v ? [{ url: EXT.medicationTreatment, valueIdentifier: v }] : [];
}

/**
 * A coded value as a CodeableConcept: its coding (SNOMED/ICPC by URI, else `urn:oid:`) with the
 * original text, or only the text for a nullFlavor with original text (free text).
 * @param c - the code
 */
export function codeConcept(c: Code): fhir.CodeableConcept {
  if (c.code === undefined) return { text: c.originalText ?? c.displayName ?? '' };
  const coding = gpCoding(c);
  const out: fhir.CodeableConcept = { coding: [coding] };
  const text = c.originalText ?? (coding.display === undefined ? c.code : undefined);
  if (text !== undefined) out.text = text;
  return out;
}

/**
 * A note (toelichting), when there is one.
 * @param comment - the comment text
 */
export function notes(comment: string | undefined): fhir.Annotation[] | undefined {
  return comment === undefined ? undefined : [{ text: comment }];
}

/**
 * A period of two HL7 TS, or undefined when both are absent.
 * @param start - low
 * @param end - high
 */
export function tsPeriod(start: string | undefined, end: string | undefined): fhir.Period | undefined {
  if (start === undefined && end === undefined) return undefined;
  const p: fhir.Period = {};
  if (start !== undefined) p.start = tsToDateTime(start);
  if (end !== undefined) p.end = tsToDateTime(end);
  return p;
}

/**
 * The dosing instructions of a TA or MGB: the agreement mapping of each dosing with the building
 * block's additional instructions (the 6.12 mapper writes them as `additionalInstruction`).
 * @param dosages - the dosing
 * @param text - the building block's own description, if any
 * @param instructions - the additional instructions
 * @param where - location of the building block, for errors
 */
export function mapBlockDosages(
  dosages: readonly AgreementDosage[],
  text: string | undefined,
  instructions: readonly Code[],
  where: string,
): fhir.Dosage[] {
  return dosages.map((d) =>
    mapAgreementDosage(
      { ...d, request: { ...d.request, instructions: [...d.request.instructions, ...instructions] } },
      text,
      where,
    ),
  );
}

/**
 * The status of a TA, VV or MVE: only a cancelled one (`nullified`) has one; an unknown statusCode
 * throws `TranslationError` at `<location>/statusCode`.
 * @param statusCode - the source's statusCode, if any
 * @param what - the building block, for the error
 * @param location - its location
 */
export function cancelledStatus(
  statusCode: string | undefined,
  what: string,
  location: string,
): 'entered-in-error' | undefined {
  if (statusCode === undefined) return undefined;
  if (!Object.hasOwn(DISPENSE_STATUS, statusCode))
    throw new TranslationError(`unknown ${what} statusCode '${statusCode}'`, `${location}/statusCode`);
  return DISPENSE_STATUS[statusCode];
}
