/**
 * One Ketenzorg general observation -> FHIR Observation (`gp-DiagnosticResult`): the episode as
 * context extension and the contact as context (both by identifier), identifier, status, the NHG
 * table 45 code, effective time, performer, value (quantity in UCUM, string, NHG result code,
 * boolean or date), interpretation and reference ranges.
 */
import type * as fhir from 'fhir';
import { TranslationError } from '../../errors.ts';
import { practitionerWithRole } from '../allergy612/map-allergy.ts';
import { tsToDateTime } from '../allergy612/map-parts.ts';
import { concept, gpCoding, identifierRef, lookupStatus, oidIdentifier } from './map-common.ts';
import type { Code, GeneralObservation, ReferenceRange } from './model.ts';
import { EXT, OBSERVATION_STATUS, OID, PROFILE, SYSTEM } from './oids.ts';

function resultCoding(c: Code): fhir.Coding {
  if (c.codeSystem === OID.nhgTable45Results) {
    const out: fhir.Coding = { system: SYSTEM.nhgTable45Results };
    if (c.code !== undefined) out.code = c.code;
    if (c.displayName !== undefined) out.display = c.displayName;
    return out;
  }
  return gpCoding(c);
}

function range(r: ReferenceRange): fhir.ObservationReferenceRange {
  const out: fhir.ObservationReferenceRange = {};
  const q = (v: string): fhir.Quantity =>
    r.unit === undefined
      ? { value: Number(v) }
      : { value: Number(v), unit: r.unit, system: SYSTEM.ucum, code: r.unit };
  const open = (nf: string): fhir.Quantity => ({ extension: [{ url: EXT.nullFlavor, valueCode: nf }] });
  if (r.low !== undefined) out.low = q(r.low);
  else if (r.lowNullFlavor !== undefined) out.low = open(r.lowNullFlavor);
  if (r.high !== undefined) out.high = q(r.high);
  else if (r.highNullFlavor !== undefined) out.high = open(r.highNullFlavor);
  if (r.interpretation === 'N')
    out.type = {
      coding: [{ system: SYSTEM.referenceRangeMeaning, code: 'normal', display: 'Normal Range' }],
    };
  if (r.text !== undefined && out.low === undefined && out.high === undefined) out.text = r.text;
  return out;
}

/**
 * Maps a general observation.
 * @param o - the observation
 * @param id - resource id
 * @param patient - reference to the patient
 */
export function mapGeneralObservation(
  o: GeneralObservation,
  id: string,
  patient: fhir.Reference,
): fhir.Observation {
  const status = lookupStatus(OBSERVATION_STATUS, o.statusCode, 'completed', 'observation', o.location);
  const r = {
    resourceType: 'Observation',
    id,
    meta: { profile: [PROFILE.diagnosticResult] },
  } as fhir.Observation;
  const episode = o.concernIds[0];
  if (episode) {
    r.extension = [
      {
        url: EXT.episodeContext,
        valueReference: identifierRef(
          episode,
          `Episode ID: ${episode.extension ?? ''} ${episode.root ?? ''}`,
        ),
      },
    ];
  }
  const identifier = oidIdentifier(o.id);
  if (identifier) r.identifier = [identifier];
  r.status = status;
  if (!o.code) throw new TranslationError('observation without code', o.location);
  const coding: fhir.Coding =
    o.code.codeSystem === OID.nhgTable45
      ? { system: SYSTEM.nhgTable45 }
      : { system: `urn:oid:${o.code.codeSystem ?? ''}` };
  if (o.codeVersion !== undefined) coding.version = o.codeVersion;
  if (o.code.code !== undefined) coding.code = o.code.code;
  if (o.code.displayName !== undefined) coding.display = o.code.displayName;
  r.code = concept(coding, o.code.originalText ?? o.code.code ?? '');
  r.subject = patient;
  const contact = o.encounterIds[0];
  if (contact)
    r.context = identifierRef(contact, `Contact ID: ${contact.extension ?? ''} ${contact.root ?? ''}`);
  if (o.time !== undefined) r.effectiveDateTime = tsToDateTime(o.time);
  if (o.performer) r.performer = [practitionerWithRole(o.performer)];
  const v = o.value;
  if (v?.kind === 'quantity') {
    const n = Number(v.value);
    if (!Number.isFinite(n))
      throw new TranslationError(`'${v.value}' is not a number`, `${o.location}/value`);
    r.valueQuantity =
      v.unit === undefined || v.unit === '1'
        ? { value: n }
        : { value: n, unit: v.unit, system: SYSTEM.ucum, code: v.unit };
  } else if (v?.kind === 'string') r.valueString = v.value;
  else if (v?.kind === 'code')
    r.valueCodeableConcept = concept(resultCoding(v.code), v.code.originalText ?? v.code.code ?? '');
  else if (v?.kind === 'boolean') r.valueBoolean = v.value;
  else if (v?.kind === 'time') r.valueDateTime = tsToDateTime(v.value);
  if (o.interpretation?.code !== undefined) {
    const c: fhir.Coding = {
      system:
        o.interpretation.codeSystem === OID.observationInterpretation
          ? SYSTEM.observationInterpretation
          : `urn:oid:${o.interpretation.codeSystem ?? ''}`,
      code: o.interpretation.code,
    };
    if (o.interpretation.displayName !== undefined) c.display = o.interpretation.displayName;
    r.interpretation = concept(c, o.interpretation.code);
  }
  if (o.ranges.length > 0) r.referenceRange = o.ranges.map(range);
  return r;
}
