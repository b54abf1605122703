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

/** Appends a word to a text that joins its words with one space (empty words included). */
function joined(text: string | undefined, word: string): string {
  return text === undefined ? word : `${text} ${word}`;
}

/** Appends a non-empty word to a text of space-separated words. */
function addWord(text: string, word: string): string {
  if (word === '') return text;
  return text === '' ? word : `${text} ${word}`;
}

/** Prefix qualifiers of a title (academic, nobility, professional, honorific): no family-name prefix. */
export const TITLE_QUALIFIERS: ReadonlySet<string> = new Set(['AC', 'NB', 'PR', 'HON']);

/**
 * Maps one HL7 name. A prefix with a title qualifier ("Dr.", AC) becomes `HumanName.prefix` and opens
 * the text; other prefixes are family-name prefixes ("van").
 * @param n - the name
 */
export function humanName(n: PersonName): fhir.HumanName {
  // Plain loops rather than filter/map chains: this runs once per answer and its fixed cost counts
  // for the one-dispense answers that are most of the traffic.
  let ownName: string | undefined;
  let partnerName: string | undefined;
  for (const f of n.family) {
    if (f.qualifier === undefined || f.qualifier === 'BR') ownName = joined(ownName, f.value.trim());
    else if (f.qualifier === 'SP') partnerName = joined(partnerName, f.value.trim());
  }
  ownName ??= '';
  partnerName ??= '';
  let ownPrefix: string | undefined;
  let partnerPrefix: string | undefined;
  const titles: string[] = [];
  for (const p of n.prefix) {
    const v = p.value.trim();
    if (v === '') continue;
    if (p.qualifier !== undefined && TITLE_QUALIFIERS.has(p.qualifier)) titles.push(v);
    else if (ownPrefix === undefined) ownPrefix = v;
    else if (partnerPrefix === undefined) partnerPrefix = v;
  }
  const givens: { value: string; ext: fhir.Element }[] = [];
  let births = 0;
  let calls = 0;
  let hasInitials = false;
  let generated = '';
  for (const g of n.given) {
    if (g.qualifier === undefined || g.qualifier === 'BR') {
      births++;
      givens.push(qualified(g, 'BR'));
    } else if (g.qualifier === 'IN') hasInitials = true;
  }
  for (const g of n.given) {
    if (g.qualifier === 'CL') {
      calls++;
      givens.push(qualified(g, 'CL'));
    }
  }
  const initialText: string[] = [];
  for (const g of n.given) {
    if (g.qualifier === 'IN') {
      givens.push(qualified(g, 'IN'));
      initialText.push(g.value.trim());
    }
  }
  if (!hasInitials) {
    for (const g of n.given)
      if (g.qualifier === undefined || g.qualifier === 'BR') generated += `${g.value.trim().charAt(0)}.`;
    if (generated !== '') givens.push(qualified({ value: generated }, 'IN'));
  }

  const ownFull =
    ownPrefix !== undefined && ownPrefix !== ''
      ? ownName !== ''
        ? `${ownPrefix} ${ownName}`
        : ownPrefix
      : ownName;
  const partnerFull =
    partnerPrefix !== undefined && partnerPrefix !== ''
      ? partnerName !== ''
        ? `${partnerPrefix} ${partnerName}`
        : partnerPrefix
      : partnerName;
  const order =
    ownName !== '' && partnerName === '' ? 'NL1' : ownName === '' && partnerName !== '' ? 'NL2' : 'NL4';
  const family = order === 'NL2' ? partnerFull : order === 'NL4' ? `${partnerFull}-${ownFull}` : ownFull;
  const familyExt: fhir.Extension[] = [];
  if (ownPrefix !== undefined && ownName !== '') familyExt.push(stringExt(EXT.ownPrefix, ownPrefix));
  if (ownName !== '') familyExt.push(stringExt(EXT.ownName, ownName));
  if (partnerPrefix !== undefined && partnerName !== '')
    familyExt.push(stringExt(EXT.partnerPrefix, partnerPrefix));
  if (partnerName !== '') familyExt.push(stringExt(EXT.partnerName, partnerName));

  // The text: the given names (birth names and initials, else call names, else initials), then the family.
  let text = '';
  for (const t of titles) text = addWord(text, t);
  if (births > 0) {
    for (const g of n.given)
      if (g.qualifier === undefined || g.qualifier === 'BR') text = addWord(text, g.value.trim());
    if (generated !== '') text = addWord(text, generated);
    else for (const t of initialText) text = addWord(text, t);
  } else if (calls > 0) {
    for (const g of n.given) if (g.qualifier === 'CL') text = addWord(text, g.value.trim());
  } else for (const t of initialText) text = addWord(text, t);
  text = addWord(text, family);

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
  if (titles.length > 0) h.prefix = titles;
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
