/**
 * The people and organizations around an allergy, as nl-core resources: the Patient (BSN masked), the
 * Practitioner (fullUrl `urn:oid:` of the UZI number), its PractitionerRole (specialty, organization),
 * the Organization (fullUrl `urn:oid:` of the URA) and a RelatedPerson who told about the allergy.
 */
import type * as fhir from 'fhir';
import { TranslationError } from '../../errors.ts';
import { GENDER } from '../mp612/codes.ts';
import { idOf } from '../mp612/map-common.ts';
import { humanName, nameText } from '../mp612/map-patient.ts';
import { oidNode } from '../mp612/oids.ts';
import { codeSpecification, idKey, mapAddress, mapTelecom, nameUuid, ref, tsToDate } from './map-parts.ts';
import type { AllergyPatient, CareOrganization, CareProvider, RelatedParty } from './model.ts';
import {
  EXT,
  OID,
  ORGANIZATION_TYPE_DISPLAY,
  PROFILE,
  SPECIALTY_DISPLAY,
  SYSTEM,
  UZI_ROLE_DISPLAY,
} from './oids.ts';

/**
 * Maps the patient; the BSN identifier keeps its system and only a data-absent-reason `masked`.
 * @param p - the patient
 * @param id - resource id (never derived from the BSN)
 * @param where - location, for errors
 */
export function mapAllergyPatient(p: AllergyPatient, id: string, where: string): fhir.Patient {
  const r: fhir.Patient = { resourceType: 'Patient', id, meta: { profile: [PROFILE.patient] } };
  if (p.ids.some((i) => i.root === OID.bsn)) {
    r.identifier = [
      { system: SYSTEM.bsn, _value: { extension: [{ url: EXT.dataAbsentReason, valueCode: 'masked' }] } },
    ];
  }
  if (p.names.length > 0) r.name = p.names.map(humanName);
  if (p.telecoms.length > 0) r.telecom = p.telecoms.map(mapTelecom);
  if (p.gender !== undefined) {
    const g = GENDER[p.gender];
    if (!g)
      throw new TranslationError(
        `unknown administrativeGenderCode '${p.gender}'`,
        `${where}/Person/administrativeGenderCode`,
      );
    r.gender = g.fhir;
    r._gender = codeSpecification({
      system: SYSTEM.administrativeGender,
      code: p.gender,
      display: g.display,
    });
  }
  if (p.birthTime !== undefined) r.birthDate = tsToDate(p.birthTime);
  if (p.addresses.length > 0) r.address = p.addresses.map((a) => mapAddress(a));
  return r;
}

/** What a reference to a patient without a name says (MedMij rule 9: every Reference has a display). */
export const UNNAMED_PATIENT = 'Patiënt';

/**
 * The display of a patient reference: the name text, or "Patiënt" when the source gives no name (an
 * LSP answer may carry only the BSN), never empty and never the BSN.
 * @param p - the patient, if any
 */
export function patientDisplay(p: AllergyPatient | undefined): string {
  const n = p?.names[0];
  const text = n ? nameText(n) : '';
  return text !== '' ? text : UNNAMED_PATIENT;
}

/** fullUrl of a practitioner: `urn:oid:<UZI root>.<number>`, else a name-based uuid of its id. */
export function practitionerFullUrl(p: CareProvider): string {
  const id = p.id;
  const numbered = id?.root === OID.uziPerson || id?.root === OID.agb;
  if (numbered && id?.root !== undefined && id.extension !== undefined && /^\d+$/.test(id.extension))
    return `urn:oid:${id.root}.${oidNode(id.extension)}`;
  return `urn:uuid:${nameUuid(`practitioner|${idKey(id)}|${p.name ? nameText(p.name) : ''}`)}`;
}

/** fullUrl of an organization: `urn:oid:<URA root>.<number>`, else a name-based uuid. */
export function organizationFullUrl(o: CareOrganization): string {
  const id = o.id;
  if (id?.root !== undefined && id.extension !== undefined && /^\d+$/.test(id.extension))
    return `urn:oid:${id.root}.${oidNode(id.extension)}`;
  return `urn:uuid:${nameUuid(`organization|${idKey(id)}|${o.name ?? ''}`)}`;
}

/** The specialty coding of a care provider, with the Nictiz display where we know it. */
function specialtyCoding(p: CareProvider): fhir.Coding | undefined {
  const s = p.specialty;
  if (s?.code === undefined) return undefined;
  const uzi = s.codeSystem === OID.uziRole;
  const c: fhir.Coding = {
    system: uzi ? SYSTEM.uziRole : `urn:oid:${s.codeSystem ?? OID.agbSpecialty}`,
    code: s.code,
  };
  const display = (uzi ? UZI_ROLE_DISPLAY[s.code] : SPECIALTY_DISPLAY[s.code]) ?? s.displayName;
  if (display !== undefined) c.display = display;
  return c;
}

/** The practitioner's name text, or a description of its id. */
export function practitionerDisplay(p: CareProvider): string {
  if (p.name) return nameText(p.name);
  return `Zorgverlener met id '${p.id?.extension ?? ''}' in identificerend systeem '${p.id?.root ?? ''}'.`;
}

/** "name || specialty || organization", the display of a PractitionerRole reference. */
export function roleDisplay(p: CareProvider): string {
  return [practitionerDisplay(p), specialtyCoding(p)?.display, p.organization?.name]
    .filter((x) => x !== undefined && x !== '')
    .join(' || ');
}

/** fullUrl of the PractitionerRole of a care provider (name-based: practitioner, organization, specialty). */
export function roleFullUrl(p: CareProvider): string {
  const org = p.organization ? organizationFullUrl(p.organization) : '';
  return `urn:uuid:${nameUuid(`role|${practitionerFullUrl(p)}|${org}|${p.specialty?.code ?? ''}`)}`;
}

/**
 * Maps a care provider to its Practitioner.
 * @param p - the care provider
 */
export function mapPractitioner(p: CareProvider): fhir.Practitioner {
  const fullUrl = practitionerFullUrl(p);
  const r: fhir.Practitioner = {
    resourceType: 'Practitioner',
    id: idOf(fullUrl),
    meta: { profile: [PROFILE.practitioner] },
  };
  if (p.id?.extension !== undefined) {
    r.identifier = [
      {
        system:
          p.id.root === OID.uziPerson
            ? SYSTEM.uzi
            : p.id.root === OID.agb
              ? SYSTEM.agb
              : `urn:oid:${p.id.root ?? ''}`,
        value: p.id.extension,
      },
    ];
  }
  if (p.name) r.name = [humanName(p.name)];
  if (p.addresses.length > 0) r.address = p.addresses.map((a) => mapAddress(a, 'WP'));
  return r;
}

/**
 * Maps a care provider to its PractitionerRole.
 * @param p - the care provider
 */
export function mapPractitionerRole(p: CareProvider): fhir.PractitionerRole {
  const r: fhir.PractitionerRole = {
    resourceType: 'PractitionerRole',
    id: idOf(roleFullUrl(p)),
    meta: { profile: [PROFILE.practitionerRole] },
    practitioner: ref(practitionerFullUrl(p), practitionerDisplay(p)),
  };
  if (p.organization)
    r.organization = ref(organizationFullUrl(p.organization), organizationDisplay(p.organization));
  const s = specialtyCoding(p);
  if (s) r.specialty = [s.display === undefined ? { coding: [s], text: s.code ?? '' } : { coding: [s] }];
  return r;
}

/** The display of an organization reference. */
export function organizationDisplay(o: CareOrganization): string {
  return (
    o.name ?? `Organisatie met id '${o.id?.extension ?? ''}' in identificerend systeem '${o.id?.root ?? ''}'.`
  );
}

/**
 * Maps an organization.
 * @param o - the organization
 */
export function mapCareOrganization(o: CareOrganization): fhir.Organization {
  const r: fhir.Organization = {
    resourceType: 'Organization',
    id: idOf(organizationFullUrl(o)),
    meta: { profile: [PROFILE.organization] },
  };
  if (o.id?.extension !== undefined) {
    r.identifier = [
      { system: o.id.root === OID.ura ? SYSTEM.ura : `urn:oid:${o.id.root ?? ''}`, value: o.id.extension },
    ];
  }
  if (o.type?.code !== undefined) {
    const known = o.type.codeSystem === OID.organizationType;
    const c: fhir.Coding = {
      system: known ? SYSTEM.organizationType : `urn:oid:${o.type.codeSystem ?? ''}`,
      code: o.type.code,
    };
    const display = (known ? ORGANIZATION_TYPE_DISPLAY[o.type.code] : undefined) ?? o.type.displayName;
    if (display !== undefined) c.display = display;
    r.type = [display === undefined ? { coding: [c], text: o.type.code } : { coding: [c] }];
  }
  if (o.name !== undefined) r.name = o.name;
  if (o.addresses.length > 0) r.address = o.addresses.map((a) => mapAddress(a, 'WP'));
  return r;
}

/**
 * Maps a related party who told about an allergy.
 * @param party - the party
 * @param id - resource id
 * @param patient - reference to the patient
 */
export function mapRelatedPerson(
  party: RelatedParty,
  id: string,
  patient: fhir.Reference,
): fhir.RelatedPerson {
  const r: fhir.RelatedPerson = {
    resourceType: 'RelatedPerson',
    id,
    meta: { profile: [PROFILE.relatedPerson] },
    patient,
  };
  const rel = party.relationship;
  if (rel?.code !== undefined) {
    const c: fhir.Coding = {
      system: rel.codeSystem === OID.roleCode ? SYSTEM.roleCode : `urn:oid:${rel.codeSystem ?? ''}`,
      code: rel.code,
    };
    if (rel.displayName !== undefined) c.display = rel.displayName;
    r.relationship = { coding: [c] };
  }
  if (party.name) r.name = [humanName(party.name)];
  if (party.telecoms.length > 0) r.telecom = party.telecoms.map(mapTelecom);
  if (party.addresses.length > 0) r.address = party.addresses.map((a) => mapAddress(a));
  return r;
}
