/**
 * 6.12 Patient -> FHIR Patient (`mp612-DispenseToFHIRConversion-Patient`). The BSN is masked: the
 * identifier keeps its system and carries only the data-absent-reason `masked` on its value, so no
 * BSN ever leaves Brug. Names follow the Dutch name model (own prefix/name, initials, assembly order).
 */
import type * as fhir from 'fhir';
import { TranslationError } from '../../errors.ts';
import { GENDER } from './codes.ts';
import { tsToDate } from './map-common.ts';
import type { NamePart, Patient, PersonName } from './model.ts';
import { EXT, OID, PROFILE, SYSTEM } from './oids.ts';

function stringExt(url: string, value: string): fhir.Extension {
  return { url, valueString: value };
}

function qualified(p: NamePart, qualifier: string): { value: string; ext: fhir.Element } {
  return { value: p.value.trim(), ext: { extension: [{ url: EXT.enQualifier, valueCode: qualifier }] } };
}

/** The text of a name the way the Nictiz output writes it ("Richard R. van Henegouwen"). */
export function nameText(n: PersonName): string {
  return humanName(n).text ?? '';
}

/**
 * Maps one HL7 name.
 * @param n - the name
 */
export function humanName(n: PersonName): fhir.HumanName {
  const own = n.family.filter((f) => f.qualifier === undefined || f.qualifier === 'BR');
  const partner = n.family.filter((f) => f.qualifier === 'SP');
  const prefixes = n.prefix.map((p) => p.value.trim()).filter((p) => p !== '');
  const ownPrefix = prefixes[0];
  const partnerPrefix = prefixes[1];
  const ownName = own.map((f) => f.value.trim()).join(' ');
  const partnerName = partner.map((f) => f.value.trim()).join(' ');
  const birth = n.given.filter((g) => g.qualifier === undefined || g.qualifier === 'BR');
  const call = n.given.filter((g) => g.qualifier === 'CL');
  const initials = n.given.filter((g) => g.qualifier === 'IN');
  const givens = [...birth.map((g) => qualified(g, 'BR')), ...call.map((g) => qualified(g, 'CL'))];
  const generated = initials.length === 0 ? birth.map((g) => `${g.value.trim().charAt(0)}.`).join('') : '';
  for (const g of initials) givens.push(qualified(g, 'IN'));
  if (generated !== '') givens.push(qualified({ value: generated }, 'IN'));

  const ownFull = [ownPrefix, ownName].filter((x) => x !== undefined && x !== '').join(' ');
  const partnerFull = [partnerPrefix, partnerName].filter((x) => x !== undefined && x !== '').join(' ');
  const order =
    ownName !== '' && partnerName === '' ? 'NL1' : ownName === '' && partnerName !== '' ? 'NL2' : 'NL4';
  const family = order === 'NL2' ? partnerFull : order === 'NL4' ? `${partnerFull}-${ownFull}` : ownFull;
  const familyExt: fhir.Extension[] = [];
  if (ownPrefix !== undefined && ownName !== '') familyExt.push(stringExt(EXT.ownPrefix, ownPrefix));
  if (ownName !== '') familyExt.push(stringExt(EXT.ownName, ownName));
  if (partnerPrefix !== undefined && partnerName !== '')
    familyExt.push(stringExt(EXT.partnerPrefix, partnerPrefix));
  if (partnerName !== '') familyExt.push(stringExt(EXT.partnerName, partnerName));

  const initialText = generated !== '' ? [generated] : initials.map((g) => g.value.trim());
  const first =
    birth.length > 0
      ? [...birth.map((g) => g.value.trim()), ...initialText]
      : call.length > 0
        ? call.map((g) => g.value.trim())
        : initialText;
  const text = [...first.filter((x) => x !== ''), family].filter((x) => x !== '').join(' ');

  const h: fhir.HumanName = { extension: [{ url: EXT.assemblyOrder, valueCode: order }] };
  if (text !== '') h.text = text;
  if (family !== '') {
    h.family = family;
    if (familyExt.length > 0) h._family = { extension: familyExt };
  }
  if (givens.length > 0) {
    h.given = givens.map((g) => g.value);
    h._given = givens.map((g) => g.ext);
  }
  return h;
}

/**
 * Maps the patient.
 * @param p - the patient of the dispense list
 * @param id - the resource id (a random uuid; never derived from the BSN)
 * @param where - location of the Patient element, for errors
 */
export function mapPatient(p: Patient, id: string, where: string): fhir.Patient {
  const r: fhir.Patient = { resourceType: 'Patient', id, meta: { profile: [PROFILE.patient] } };
  if (p.ids.some((i) => i.root === OID.bsn)) {
    r.identifier = [
      { system: SYSTEM.bsn, _value: { extension: [{ url: EXT.dataAbsentReason, valueCode: 'masked' }] } },
    ];
  }
  if (p.names.length > 0) r.name = p.names.map(humanName);
  if (p.gender !== undefined) {
    const g = GENDER[p.gender];
    if (!g)
      throw new TranslationError(
        `unknown administrativeGenderCode '${p.gender}'`,
        `${where}/Person/administrativeGenderCode`,
      );
    r.gender = g.fhir;
    r._gender = {
      extension: [
        {
          url: EXT.codeSpecification,
          valueCodeableConcept: {
            coding: [{ system: SYSTEM.administrativeGender, code: p.gender, display: g.display }],
          },
        },
      ],
    };
  }
  if (p.birthTime !== undefined) r.birthDate = tsToDate(p.birthTime);
  return r;
}
