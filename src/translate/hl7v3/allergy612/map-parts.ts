/**
 * People and places in FHIR as the nl-core profiles want them: addresses (line with street/house
 * number extensions, postal code without space, country with its GBA code), telecoms (phone/email with
 * the zib telecom type), dates, references.
 */
import type * as fhir from 'fhir';
import { createHash } from 'node:crypto';
import { tsToDate, tsToDateTime } from '../mp612/map-common.ts';
import type { Address, Ii, Telecom } from './model.ts';
import { COUNTRY, EXT, OID, SYSTEM } from './oids.ts';

export { tsToDate, tsToDateTime };

const ADDRESS_USE: Readonly<
  Record<string, { use: 'home' | 'work' | 'temp' | 'old'; type?: 'physical' | 'postal'; display: string }>
> = {
  PHYS: { use: 'home', type: 'physical', display: 'Woon-/verblijfadres' },
  HP: { use: 'home', display: 'Officieel adres' },
  PST: { use: 'home', type: 'postal', display: 'Postadres' },
  TMP: { use: 'temp', display: 'Tijdelijk adres' },
  WP: { use: 'work', display: 'Werkadres' },
};

/**
 * Maps an HL7 address.
 * @param a - the address
 * @param defaultUse - AddressUse to assume when the source gives none (e.g. WP for an organization)
 */
export function mapAddress(a: Address, defaultUse?: string): fhir.Address {
  const out: fhir.Address = {};
  const useCode = a.use ?? defaultUse;
  const use = useCode === undefined ? undefined : ADDRESS_USE[useCode];
  if (use && useCode !== undefined) {
    out.extension = [
      {
        url: EXT.addressType,
        valueCodeableConcept: {
          coding: [{ system: SYSTEM.addressUse, code: useCode, display: use.display }],
        },
      },
    ];
    out.use = use.use;
    if (use.type) out.type = use.type;
  }
  const lineParts = [a.streetName, a.houseNumber, a.buildingNumberSuffix].filter((x) => x !== undefined);
  if (lineParts.length > 0) {
    const ext: fhir.Extension[] = [];
    if (a.streetName !== undefined) ext.push({ url: EXT.streetName, valueString: a.streetName });
    if (a.houseNumber !== undefined) ext.push({ url: EXT.houseNumber, valueString: a.houseNumber });
    if (a.buildingNumberSuffix !== undefined)
      ext.push({ url: EXT.buildingNumberSuffix, valueString: a.buildingNumberSuffix });
    out.line = [lineParts.join(' ')];
    out._line = [{ extension: ext }];
  }
  if (a.city !== undefined) out.city = a.city;
  if (a.county !== undefined) out.district = a.county;
  if (a.postalCode !== undefined) out.postalCode = a.postalCode.replace(/\s+/g, '');
  if (a.countryCode === COUNTRY.code) {
    out.country = COUNTRY.iso;
    out._country = codeSpecification({
      system: `urn:oid:${OID.country}`,
      code: COUNTRY.code,
      display: COUNTRY.display,
    });
  } else if (a.countryText !== undefined && a.countryText.toLowerCase() === COUNTRY.display.toLowerCase()) {
    // Only the name "Nederland", no GBA code: the ISO 3166 code, as the Nictiz GP output writes it.
    out.country = COUNTRY.iso;
    out._country = codeSpecification({
      system: 'urn:iso:std:iso:3166',
      code: COUNTRY.iso,
      display: COUNTRY.display,
    });
  } else if (a.countryText !== undefined) {
    out.country = a.countryText;
  }
  return out;
}

/**
 * Maps an HL7 telecom: `tel:` becomes a phone, `mailto:` an email; MC (mobile) gets the zib telecom type.
 * @param t - the telecom
 */
export function mapTelecom(t: Telecom): fhir.ContactPoint {
  const out: fhir.ContactPoint = {};
  const mobile = t.uses.includes('MC');
  if (mobile) {
    out.extension = [
      {
        url: EXT.telecomType,
        valueCodeableConcept: {
          coding: [{ system: SYSTEM.addressUse, code: 'MC', display: 'Mobiel telefoonnummer' }],
        },
      },
    ];
  }
  if (t.value.startsWith('mailto:')) {
    out.system = 'email';
    out.value = t.value.slice('mailto:'.length);
  } else if (t.value.startsWith('tel:')) {
    out.system = 'phone';
    out.value = t.value.slice('tel:'.length);
  } else if (t.value.startsWith('fax:')) {
    out.system = 'fax';
    out.value = t.value.slice('fax:'.length);
  } else {
    out.system = 'other';
    out.value = t.value;
  }
  if (t.uses.includes('WP')) out.use = 'work';
  else if (t.uses.includes('HP') || t.uses.includes('H') || mobile) out.use = 'home';
  else if (t.uses.includes('TMP')) out.use = 'temp';
  return out;
}

/** A name-based uuid (SHA-1, version 5 layout) from a string that carries no patient identifier. */
export function nameUuid(name: string): string {
  const h = createHash('sha1').update(`brug:allergy612:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/**
 * An element carrying the original code as a Nictiz `code-specification` extension (e.g. `_status`).
 * @param coding - the source coding
 */
export function codeSpecification(coding: fhir.Coding): fhir.Element {
  return { extension: [{ url: EXT.codeSpecification, valueCodeableConcept: { coding: [coding] } }] };
}

/**
 * The key of an instance identifier for name-based ids: `root|extension` (absent parts empty).
 * @param id - the identifier, if any
 */
export function idKey(id: Ii | undefined): string {
  return `${id?.root ?? ''}|${id?.extension ?? ''}`;
}

/** A reference with a display. */
export function ref(reference: string, display: string | undefined): fhir.Reference {
  const r: fhir.Reference = { reference };
  if (display !== undefined && display !== '') r.display = display;
  return r;
}
