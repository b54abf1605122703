/**
 * The dispensed product -> FHIR Medication (`mp612-DispenseToFHIRConversion-Product`): a G-standaard
 * article (fullUrl `urn:oid:<code system>.<code>`, codings ZI userSelected + HPK/GPK/PRK translations),
 * or a magistral preparation (nullFlavor OTH with text, description and ingredients; fullUrl a uuid
 * named after its content, so the same preparation in several dispenses is one resource).
 */
import type * as fhir from 'fhir';
import { coding, idOf, nameUuid, nullFlavorExt, quantity } from './map-common.ts';
import type { Product } from './model.ts';
import { EXT, PROFILE, urnOid } from './oids.ts';

/** The fullUrl of a product: urn:oid for coded products, a content-named urn:uuid for magistral ones. */
export function medicationFullUrl(p: Product): string {
  if (p.code.code !== undefined && p.code.codeSystem !== undefined)
    return urnOid(`${p.code.codeSystem}.${p.code.code}`);
  return `urn:uuid:${nameUuid(`product|${JSON.stringify(p)}`)}`;
}

/** The display of a reference to the product. */
export function medicationDisplay(p: Product): string | undefined {
  return p.code.displayName ?? p.code.originalText;
}

/** The description of a magistral preparation with its lines trimmed. */
export function descriptionText(raw: string): string {
  return raw
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s+/, ''))
    .filter((l) => l !== '')
    .join('\n')
    .trimEnd();
}

/**
 * Maps a product.
 * @param p - the product
 * @param fullUrl - its fullUrl (from medicationFullUrl)
 */
export function mapMedication(p: Product, fullUrl: string): fhir.Medication {
  const r: fhir.Medication = {
    resourceType: 'Medication',
    id: idOf(fullUrl),
    meta: { profile: [PROFILE.product] },
  };
  if (p.description !== undefined) {
    r.extension = [{ url: EXT.productDescription, valueString: descriptionText(p.description) }];
  }
  const code: fhir.CodeableConcept = {};
  if (p.code.code !== undefined) {
    const selected = coding(p.code);
    selected.userSelected = true;
    code.coding = [selected];
    for (const t of p.code.translations) if (t.code !== undefined) code.coding.push(coding(t));
  } else {
    code.extension = [nullFlavorExt(p.code.nullFlavor ?? 'OTH')];
  }
  const text = p.code.displayName ?? p.code.originalText;
  if (text !== undefined) code.text = text;
  r.code = code;
  if (p.ingredients.length > 0) {
    r.ingredient = p.ingredients.map((i) => {
      const ing: fhir.MedicationIngredient = { itemCodeableConcept: { coding: [coding(i.code)] } };
      if (i.code.code === undefined && i.code.originalText !== undefined)
        ing.itemCodeableConcept = { text: i.code.originalText };
      if (i.quantity)
        ing.amount = {
          numerator: quantity(i.quantity.numerator),
          denominator: quantity(i.quantity.denominator),
        };
      return ing;
    });
  }
  return r;
}
