/**
 * One 6.12 ICA Condition -> FHIR AllergyIntolerance (`mp612-AllergyIntoleranceToFHIRConversion`):
 * identifier, clinical and verification status, category medication, the causative agent as code,
 * onset, asserted date (author time), recorder (practitioner + role), asserter (informant), notes.
 */
import type * as fhir from 'fhir';
import { TranslationError } from '../../errors.ts';
import { escapeText } from '../../../xml/index.ts';
import { codeSpecification, ref, tsToDateTime } from './map-parts.ts';
import { practitionerDisplay, practitionerFullUrl, roleDisplay, roleFullUrl } from './map-people.ts';
import type { AllergyCondition, CareProvider } from './model.ts';
import { CATEGORY, CLINICAL_STATUS, EXT, PROFILE, SYSTEM } from './oids.ts';

/** References the mapper needs, made by the caller (who owns the pool). */
export interface AllergyRefs {
  patient: fhir.Reference;
  /** The RelatedPerson of a `responsibleParty` informant, if any. */
  relatedPerson?: fhir.Reference;
  /** The care provider an informant id stands for (the author, when the ids match). */
  informantProvider?: CareProvider;
}

/** A reference to a practitioner that also points at its role, as the Nictiz output writes it. */
export function practitionerWithRole(p: CareProvider): fhir.Reference {
  return {
    extension: [{ url: EXT.practitionerRoleReference, valueReference: ref(roleFullUrl(p), roleDisplay(p)) }],
    ...ref(practitionerFullUrl(p), practitionerDisplay(p)),
  };
}

function agentCode(c: AllergyCondition): fhir.CodeableConcept | undefined {
  const a = c.agent;
  if (!a) return undefined;
  if (a.code === undefined) {
    const text = a.originalText ?? a.displayName ?? c.text;
    return text === undefined ? undefined : { text };
  }
  const coding: fhir.Coding = { system: `urn:oid:${a.codeSystem ?? ''}`, code: a.code };
  if (a.displayName !== undefined) coding.display = a.displayName;
  const out: fhir.CodeableConcept = { coding: [coding] };
  if (a.displayName === undefined) out.text = a.originalText ?? a.code;
  return out;
}

/**
 * Maps one Condition.
 * @param c - the Condition
 * @param id - the resource id
 * @param refs - patient and other references
 */
export function mapAllergy(c: AllergyCondition, id: string, refs: AllergyRefs): fhir.AllergyIntolerance {
  const category = CATEGORY[c.code.code ?? ''];
  if (!category)
    throw new TranslationError(`unknown Condition code '${c.code.code ?? ''}'`, `${c.location}/code`);
  // Built in the element order of the STU3 definition; verificationStatus and patient follow below.
  const r = {
    resourceType: 'AllergyIntolerance',
    id,
    meta: { profile: [PROFILE.allergy] },
  } as fhir.AllergyIntolerance;
  if (c.text !== undefined) {
    r.text = {
      status: 'additional',
      div: `<div xmlns="http://www.w3.org/1999/xhtml">${escapeText(c.text)}</div>`,
    };
  }
  if (c.id.extension !== undefined)
    r.identifier = [{ system: `urn:oid:${c.id.root ?? ''}`, value: c.id.extension }];
  let verification: fhir.AllergyIntolerance['verificationStatus'] =
    c.uncertainty === 'U' ? 'unconfirmed' : 'confirmed';
  if (c.statusCode !== undefined) {
    const s = CLINICAL_STATUS[c.statusCode];
    if (!s) throw new TranslationError(`unknown statusCode '${c.statusCode}'`, `${c.location}/statusCode`);
    if (s.enteredInError) verification = 'entered-in-error';
    else if (s.fhir) {
      r.clinicalStatus = s.fhir;
      r._clinicalStatus = codeSpecification({
        system: SYSTEM.actStatus,
        code: c.statusCode,
        display: s.display,
      });
    }
  }
  r.verificationStatus = verification;
  r.category = [category.fhir];
  r._category = [
    codeSpecification({ system: SYSTEM.snomed, code: category.snomed, display: category.display }),
  ];
  const code = agentCode(c);
  if (code) r.code = code;
  r.patient = refs.patient;
  if (c.onset !== undefined) r.onsetDateTime = tsToDateTime(c.onset);
  if (c.authorTime !== undefined) r.assertedDate = tsToDateTime(c.authorTime);
  if (c.author) r.recorder = practitionerWithRole(c.author);
  const inf = c.informant;
  if (inf?.kind === 'patient') r.asserter = { ...refs.patient };
  else if (inf?.kind === 'care-provider')
    r.asserter = practitionerWithRole(refs.informantProvider ?? inf.provider);
  else if (inf?.kind === 'related' && refs.relatedPerson) r.asserter = refs.relatedPerson;
  if (c.notes.length > 0) r.note = c.notes.map((text) => ({ text }));
  return r;
}
