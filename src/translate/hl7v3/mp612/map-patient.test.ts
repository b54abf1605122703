import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type * as fhir from 'fhir';
import { humanName, TITLE_QUALIFIERS } from './map-patient.ts';
import type { NamePart, PersonName } from './model.ts';
import { EXT } from './oids.ts';

// The straightforward version of humanName (filter/map chains), kept as the reference the faster
// loop version must match for every combination of name parts.

function stringExt(url: string, value: string): fhir.Extension {
  return { url, valueString: value };
}
function qualified(p: NamePart, qualifier: string): { value: string; ext: fhir.Element } {
  return { value: p.value.trim(), ext: { extension: [{ url: EXT.enQualifier, valueCode: qualifier }] } };
}
function referenceHumanName(n: PersonName): fhir.HumanName {
  const own = n.family.filter((f) => f.qualifier === undefined || f.qualifier === 'BR');
  const partner = n.family.filter((f) => f.qualifier === 'SP');
  const isTitle = (p: NamePart): boolean => p.qualifier !== undefined && TITLE_QUALIFIERS.has(p.qualifier);
  const titles = n.prefix
    .filter(isTitle)
    .map((p) => p.value.trim())
    .filter((p) => p !== '');
  const prefixes = n.prefix
    .filter((p) => !isTitle(p))
    .map((p) => p.value.trim())
    .filter((p) => p !== '');
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
  const text = [...titles, ...first.filter((x) => x !== ''), family].filter((x) => x !== '').join(' ');

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

const part = fc.record(
  {
    value: fc.constantFrom('', ' ', 'Jan', ' Piet ', 'van', 'der ', 'Henegouwen', 'R.', 'Richard'),
    qualifier: fc.constantFrom('BR', 'SP', 'CL', 'IN', 'VV', 'AC'),
  },
  { requiredKeys: ['value'] },
) as fc.Arbitrary<NamePart>;

test('humanName gives what the reference gives for any mix of given, prefix and family parts', () => {
  fc.assert(
    fc.property(
      fc.array(part, { maxLength: 5 }),
      fc.array(part, { maxLength: 3 }),
      fc.array(part, { maxLength: 4 }),
      (given, prefix, family) => {
        const n: PersonName = { given, prefix, family };
        assert.deepStrictEqual(humanName(n), referenceHumanName(n));
        assert.equal(JSON.stringify(humanName(n)), JSON.stringify(referenceHumanName(n)));
      },
    ),
    { numRuns: 3000 },
  );
});

test('a Dutch name with a partner name reads as the Nictiz output writes it', () => {
  const h = humanName({
    given: [{ value: 'Richard', qualifier: 'BR' }],
    prefix: [{ value: 'van' }],
    family: [{ value: 'Henegouwen' }],
  });
  assert.equal(h.text, 'Richard R. van Henegouwen');
  assert.equal(h.family, 'van Henegouwen');
  assert.deepEqual(h.given, ['Richard', 'R.']);
});
