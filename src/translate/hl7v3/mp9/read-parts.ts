/**
 * Reading what the MP 9 building blocks share: the kind of each `entryRelationship` (by the template
 * of what it holds), references to other building blocks, comments, coded instructions, the product
 * of a `supply`, the organization of a performer, a delivery location, and the view of a
 * `substanceAdministration` that the Ketenzorg agreement reader (`../ketenzorg302/read-medication.ts`)
 * reads: id, status, text, period, product, author, dosing and medication treatment.
 */
import { at, child, childrenNamed, type XmlElement } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { readCareProvider, textOf } from '../allergy612/read-parts.ts';
import { loc, readCode, readIi } from '../mp612/read-types.ts';
import type { BlockRef, CareOrganization, CareProvider, Code, Product } from './model.ts';
import { COMMENT_TEMPLATE_ZIB, ONESELF, TEMPLATE } from './oids.ts';

/** What an `entryRelationship` of a building block holds. */
export type PartKind =
  | 'dosing'
  | 'treatment'
  | 'ref'
  | 'prescriber'
  | 'comment'
  | 'instruction'
  | 'reason'
  | 'additional-information'
  | 'wish'
  | 'request-date'
  | 'distribution-form'
  | 'use-reason'
  | 'change-reason'
  | 'as-agreed'
  | 'use-indicator';

const BY_TEMPLATE: Readonly<Record<string, PartKind>> = {
  [TEMPLATE.dosing]: 'dosing',
  [TEMPLATE.medicationTreatment]: 'treatment',
  [TEMPLATE.agreementRef]: 'ref',
  [TEMPLATE.administrationAgreementRef]: 'ref',
  [TEMPLATE.dispenseRef]: 'ref',
  [TEMPLATE.dispenseRequestRef]: 'ref',
  [TEMPLATE.prescriberRef]: 'prescriber',
  [TEMPLATE.comment]: 'comment',
  [COMMENT_TEMPLATE_ZIB]: 'comment',
  [TEMPLATE.additionalInstruction]: 'instruction',
  [TEMPLATE.agreementReason]: 'reason',
  [TEMPLATE.additionalInformation]: 'additional-information',
  [TEMPLATE.additionalWish]: 'wish',
  [TEMPLATE.requestDate]: 'request-date',
  [TEMPLATE.distributionForm]: 'distribution-form',
  [TEMPLATE.useReason]: 'use-reason',
  [TEMPLATE.useIndicator]: 'use-indicator',
  ...Object.fromEntries(TEMPLATE.changeReason.map((t) => [t, 'change-reason' as const])),
  ...Object.fromEntries(TEMPLATE.asAgreed.map((t) => [t, 'as-agreed' as const])),
};

/** One classified `entryRelationship`: its kind, the element it holds and its location. */
export interface Part {
  kind: PartKind;
  el: XmlElement;
  where: string;
}

/**
 * The element an `entryRelationship` holds (its one child other than `sequenceNumber`).
 * @param er - the entryRelationship
 */
function held(er: XmlElement): XmlElement | undefined {
  return er.children.find((c) => c.name !== 'sequenceNumber' && c.name !== 'templateId');
}

/**
 * Classifies every `entryRelationship` of a building block; one this block may not hold (by its
 * template) throws `TranslationError` at its location, so nothing is silently dropped.
 * @param el - the building block element
 * @param where - its location
 * @param allowed - the kinds this building block holds
 */
export function readParts(el: XmlElement, where: string, allowed: ReadonlySet<PartKind>): Part[] {
  return childrenNamed(el, 'entryRelationship').map((er, i) => {
    const w = loc(where, `entryRelationship[${i + 1}]`);
    const inner = held(er);
    if (!inner) throw new TranslationError('empty entryRelationship', w);
    const templates = childrenNamed(inner, 'templateId').map((t) => t.attrs.root ?? '');
    const kind = templates.map((t) => BY_TEMPLATE[t]).find((k) => k !== undefined);
    if (kind === undefined || !allowed.has(kind)) {
      throw new TranslationError(
        `unsupported ${inner.name} (template ${templates.join(', ') || 'none'}) in this building block`,
        loc(w, inner.name),
      );
    }
    return { kind, el: inner, where: loc(w, inner.name) };
  });
}

const REF_KIND: Readonly<Record<string, BlockRef['kind']>> = {
  [TEMPLATE.agreementRef]: 'MA',
  [TEMPLATE.administrationAgreementRef]: 'TA',
  [TEMPLATE.dispenseRequestRef]: 'VV',
  [TEMPLATE.dispenseRef]: 'MVE',
};

/**
 * A reference to another building block (its id), from a `ref` part.
 * @param part - the part
 */
export function readRef(part: Part): BlockRef {
  const kind = childrenNamed(part.el, 'templateId')
    .map((t) => REF_KIND[t.attrs.root ?? ''])
    .find((k) => k !== undefined)!;
  const id = child(part.el, 'id');
  if (!id?.attrs.extension) throw new TranslationError('reference without id', loc(part.where, 'id'));
  return { kind, id: readIi(id) };
}

/**
 * The text of a comment (toelichting) part.
 * @param part - the part
 */
export function readComment(part: Part): string | undefined {
  return textOf(child(part.el, 'text'));
}

/**
 * The code of a coded act (an additional instruction or wish): its code, or its original text when
 * it has only a nullFlavor.
 * @param part - the part
 */
export function readActCode(part: Part): Code {
  const code = child(part.el, 'code');
  if (!code) throw new TranslationError('act without code', loc(part.where, 'code'));
  const c = readCode(code);
  if (c.code === undefined && c.originalText === undefined)
    throw new TranslationError('code without code or originalText', loc(part.where, 'code'));
  return c;
}

/**
 * The coded value of an observation part (`value` CE/CD).
 * @param part - the part
 */
export function readValueCode(part: Part): Code {
  const v = child(part.el, 'value');
  if (!v) throw new TranslationError('observation without value', loc(part.where, 'value'));
  return readCode(v);
}

/**
 * The product of a `supply` (`product/manufacturedProduct/manufacturedMaterial/code`): a G-standaard
 * code; magistral products are refused as the agreement reader refuses them.
 * @param supply - the supply element
 * @param where - its location
 */
export function readSupplyProduct(supply: XmlElement, where: string): Product {
  const w = loc(where, 'product/manufacturedProduct/manufacturedMaterial/code');
  const code = at(supply, 'product/manufacturedProduct/manufacturedMaterial/code');
  if (!code) throw new TranslationError('building block without product code', w);
  const c = readCode(code);
  if (c.code === undefined || c.codeSystem === undefined)
    throw new TranslationError(
      'product without code and codeSystem (magistral products are not mapped yet)',
      w,
    );
  return { code: c, ingredients: [] };
}

/**
 * The organization of a performer or author (`assignedEntity`/`assignedAuthor` with
 * `representedOrganization`), if any.
 * @param el - the assignedEntity or assignedAuthor
 */
export function readRepresentedOrganization(el: XmlElement | undefined): CareOrganization | undefined {
  return el ? readCareProvider(el).organization : undefined;
}

/**
 * An author or informant that is a care provider (`assignedAuthor`/`assignedEntity`): an
 * unstructured name ("Dr Jansen") is kept as the family name, as the agreement reader does.
 * @param el - the element
 */
export function readProvider(el: XmlElement): CareProvider {
  const p = readCareProvider(el);
  const plain = textOf(at(el, 'assignedPerson/name'));
  if (
    p.name &&
    p.name.given.length + p.name.prefix.length + p.name.family.length === 0 &&
    plain !== undefined
  )
    p.name.family = [{ value: plain }];
  return p;
}

/**
 * Whether an author or informant element is the patient himself (`code/@code = ONESELF`).
 * @param el - the assignedAuthor or assignedEntity
 */
export function isOneself(el: XmlElement | undefined): boolean {
  return child(el, 'code')?.attrs.code === ONESELF;
}

/**
 * The delivery location (`participant[@typeCode='DST']/participantRole/addr`) as one line of text:
 * its description, street and number, postal code and city.
 * @param el - the building block element
 */
export function readDeliveryLocation(el: XmlElement): string | undefined {
  const dst = childrenNamed(el, 'participant').find((p) => p.attrs.typeCode === 'DST');
  const addr = at(dst, 'participantRole/addr');
  if (!addr) return undefined;
  const part = (n: string): string | undefined => textOf(child(addr, n));
  const street = [part('streetName'), part('houseNumber')].filter((x) => x !== undefined).join(' ');
  const place = [part('postalCode'), part('city')].filter((x) => x !== undefined).join(' ');
  const text = [part('desc'), street, place].filter((x) => x !== undefined && x !== '').join(', ');
  return text === '' ? undefined : text;
}

/**
 * A `substanceAdministration` with only the `entryRelationship`s the agreement reader reads (dosing
 * and medication treatment), so it can read a TA or MGB like an MA; the other parts are read here.
 * @param sa - the substanceAdministration
 * @param parts - its classified parts
 */
export function agreementView(sa: XmlElement, parts: readonly Part[]): XmlElement {
  const keep = new Set(parts.filter((p) => p.kind === 'dosing' || p.kind === 'treatment').map((p) => p.el));
  return {
    ...sa,
    children: sa.children.filter(
      (c) => c.name !== 'entryRelationship' || c.children.some((x) => keep.has(x)),
    ),
  };
}
