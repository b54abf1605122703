/**
 * One Ketenzorg contact -> FHIR Encounter (`gp-Encounter`): identifier, status, class (from NHG table
 * 14 contactwijze, kept as code specification), type, patient, the episode it belongs to (by
 * identifier), the performing GP (with role), period and service provider.
 */
import type * as fhir from 'fhir';
import { practitionerWithRole } from '../allergy612/map-allergy.ts';
import { codeSpecification } from '../allergy612/map-parts.ts';
import { concept, episodeRef, lookupStatus, oidIdentifier, period } from './map-common.ts';
import type { Contact } from './model.ts';
import { CONTACT_CLASS, ENCOUNTER_STATUS, OID, PROFILE, SYSTEM } from './oids.ts';

/** References the encounter mapper needs. */
export interface EncounterRefs {
  patient: fhir.Reference;
  serviceProvider?: fhir.Reference;
}

function contactCoding(c: Contact): fhir.Coding | undefined {
  const code = c.code;
  if (code?.code === undefined) return undefined;
  const out: fhir.Coding = {
    system: code.codeSystem === OID.nhgTable14 ? SYSTEM.nhgTable14 : `urn:oid:${code.codeSystem ?? ''}`,
  };
  if (c.codeVersion !== undefined) out.version = c.codeVersion;
  out.code = code.code;
  if (code.displayName !== undefined) out.display = code.displayName;
  return out;
}

/**
 * Maps a contact.
 * @param c - the contact
 * @param id - resource id
 * @param refs - patient and service provider references
 */
export function mapEncounter(c: Contact, id: string, refs: EncounterRefs): fhir.Encounter {
  // No statusCode means a contact that took place (completed -> finished).
  const status = lookupStatus(ENCOUNTER_STATUS, c.statusCode, 'completed', 'encounter', c.location);
  const r = { resourceType: 'Encounter', id, meta: { profile: [PROFILE.encounter] } } as fhir.Encounter;
  const identifier = oidIdentifier(c.id);
  if (identifier) r.identifier = [identifier];
  r.status = status;
  const coding = contactCoding(c);
  const cls =
    c.code?.codeSystem === OID.nhgTable14 && c.code.code !== undefined
      ? CONTACT_CLASS[c.code.code]
      : undefined;
  if (cls && coding) {
    r.class = {
      ...codeSpecification(coding),
      system: SYSTEM.actCode,
      code: cls.code,
      display: cls.display,
    };
  }
  if (coding) r.type = [concept(coding, coding.code ?? '')];
  r.subject = refs.patient;
  if (c.concernIds.length > 0) r.episodeOfCare = c.concernIds.map(episodeRef);
  if (c.performers.length > 0) {
    r.participant = c.performers.map((p) => ({
      type: [{ coding: [{ system: SYSTEM.participationType, code: 'PRF', display: 'Performer' }] }],
      individual: practitionerWithRole(p),
    }));
  }
  const p = period(c.start, c.end);
  if (p) r.period = p;
  if (refs.serviceProvider) r.serviceProvider = refs.serviceProvider;
  return r;
}
