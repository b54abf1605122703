/**
 * XML -> model of the MP 9 building blocks VV, TA, MVE and MGB (aorta.md 2.2; HL7v3 templates of
 * MP 9.0.7: VV supply RQO ...9257, TA substanceAdministration RQO ...9259, MVE supply EVN, MGB
 * substanceAdministration EVN ...9250). The parts TA and MGB share with a medication agreement (id,
 * status, text, period, product, author, dosing, medication treatment) are read by the Ketenzorg
 * agreement reader; the rest here. Strict: a building block without id or product, or a part we do
 * not map, throws `TranslationError` with its location.
 */
import { at, child, type XmlElement } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { textOf } from '../allergy612/read-parts.ts';
import { readAgreement } from '../ketenzorg302/read-medication.ts';
import { readOrganizerList } from '../ketenzorg302/read-organizer.ts';
import { loc, readCode, readDurationAt, readIi, readNumber, readPqAt, readTs } from '../mp612/read-types.ts';
import type {
  AdministrationAgreement,
  BlockList,
  DispenseRequest,
  MedicationUse,
  Mp9Dispense,
  UseInformant,
} from './model.ts';
import {
  agreementView,
  isOneself,
  readActCode,
  readComment,
  readDeliveryLocation,
  readParts,
  readProvider,
  readRef,
  readRepresentedOrganization,
  readSupplyProduct,
  readValueCode,
  type Part,
  type PartKind,
} from './read-parts.ts';

function idOf(el: XmlElement, where: string): ReturnType<typeof readIi> {
  const id = child(el, 'id');
  if (!id) throw new TranslationError('building block without id', loc(where, 'id'));
  return readIi(id);
}

function treatmentOf(parts: readonly Part[]): ReturnType<typeof readIi> | undefined {
  const p = parts.find((x) => x.kind === 'treatment');
  const id = child(p?.el, 'id');
  return id ? readIi(id) : undefined;
}

function commentOf(parts: readonly Part[]): string | undefined {
  const p = parts.find((x) => x.kind === 'comment');
  return p ? readComment(p) : undefined;
}

function tsAt(el: XmlElement, path: string, where: string): string | undefined {
  const t = at(el, path);
  return t ? readTs(t, loc(where, path)) : undefined;
}

const VV_PARTS: ReadonlySet<PartKind> = new Set(['treatment', 'ref', 'comment', 'wish']);

/**
 * Reads one verstrekkingsverzoek (`supply` moodCode RQO).
 * @param supply - the supply element
 * @param where - its location
 */
export function readDispenseRequest(supply: XmlElement, where: string): DispenseRequest {
  const parts = readParts(supply, where, VV_PARTS);
  const r: DispenseRequest = {
    location: where,
    id: idOf(supply, where),
    product: readSupplyProduct(supply, where),
    refs: parts.filter((p) => p.kind === 'ref').map(readRef),
    additionalWishes: parts.filter((p) => p.kind === 'wish').map(readActCode),
  };
  const status = child(supply, 'statusCode')?.attrs.code;
  if (status !== undefined) r.statusCode = status;
  const treatment = treatmentOf(parts);
  if (treatment) r.treatmentId = treatment;
  const comment = commentOf(parts);
  if (comment !== undefined) r.comment = comment;
  const repeats = child(supply, 'repeatNumber')?.attrs.value;
  if (repeats !== undefined) r.repeats = readNumber(repeats, loc(where, 'repeatNumber'));
  const quantity = child(supply, 'quantity');
  if (quantity) r.quantity = readPqAt(quantity, where, 'quantity');
  const width = at(supply, 'expectedUseTime/width');
  if (width) r.useDuration = readDurationAt(width, where, 'expectedUseTime/width');
  const start = tsAt(supply, 'effectiveTime/low', where);
  if (start !== undefined) r.validityStart = start;
  const end = tsAt(supply, 'effectiveTime/high', where);
  if (end !== undefined) r.validityEnd = end;
  const dispenser = readRepresentedOrganization(at(supply, 'performer/assignedEntity'));
  if (dispenser) r.dispenser = dispenser;
  const authored = tsAt(supply, 'author/time', where);
  if (authored !== undefined) r.authoredOn = authored;
  const author = at(supply, 'author/assignedAuthor');
  if (author) r.author = readProvider(author);
  const location = readDeliveryLocation(supply);
  if (location !== undefined) r.deliveryLocation = location;
  return r;
}

const TA_PARTS: ReadonlySet<PartKind> = new Set([
  'dosing',
  'treatment',
  'ref',
  'comment',
  'instruction',
  'reason',
  'additional-information',
]);

/**
 * Reads one toedieningsafspraak (`substanceAdministration` moodCode RQO, authored by the pharmacy).
 * @param sa - the substanceAdministration element
 * @param where - its location
 */
export function readAdministrationAgreement(sa: XmlElement, where: string): AdministrationAgreement {
  const parts = readParts(sa, where, TA_PARTS);
  const { prescriber, ...a } = readAgreement(agreementView(sa, parts), where);
  const r: AdministrationAgreement = {
    ...a,
    refs: parts.filter((p) => p.kind === 'ref').map(readRef),
    additionalInformation: parts.filter((p) => p.kind === 'additional-information').map(readValueCode),
    instructions: parts.filter((p) => p.kind === 'instruction').map(readActCode),
  };
  const width = at(sa, 'effectiveTime/width');
  if (width) r.duration = readDurationAt(width, where, 'effectiveTime/width');
  if (prescriber?.organization) r.dispenser = prescriber.organization;
  const reason = parts.find((p) => p.kind === 'reason');
  const reasonText = reason ? textOf(child(reason.el, 'text')) : undefined;
  if (reasonText !== undefined) r.reason = reasonText;
  const comment = commentOf(parts);
  if (comment !== undefined) r.comment = comment;
  return r;
}

const MVE_PARTS: ReadonlySet<PartKind> = new Set([
  'treatment',
  'ref',
  'comment',
  'request-date',
  'distribution-form',
]);

/**
 * Reads one medicatieverstrekking (`supply` moodCode EVN).
 * @param supply - the supply element
 * @param where - its location
 */
export function readMp9Dispense(supply: XmlElement, where: string): Mp9Dispense {
  const parts = readParts(supply, where, MVE_PARTS);
  const d: Mp9Dispense = {
    location: where,
    id: idOf(supply, where),
    product: readSupplyProduct(supply, where),
    refs: parts.filter((p) => p.kind === 'ref').map(readRef),
  };
  const status = child(supply, 'statusCode')?.attrs.code;
  if (status !== undefined) d.statusCode = status;
  const treatment = treatmentOf(parts);
  if (treatment) d.treatmentId = treatment;
  const comment = commentOf(parts);
  if (comment !== undefined) d.comment = comment;
  const handedOver = tsAt(supply, 'effectiveTime', where);
  if (handedOver !== undefined) d.handedOver = handedOver;
  const request = parts.find((p) => p.kind === 'request-date');
  const requestDate = request ? tsAt(request.el, 'value', request.where) : undefined;
  if (requestDate !== undefined) d.requestDate = requestDate;
  const form = parts.find((p) => p.kind === 'distribution-form');
  if (form) d.distributionForm = readActCode(form);
  const quantity = child(supply, 'quantity');
  if (quantity) d.quantity = readPqAt(quantity, where, 'quantity');
  const width = at(supply, 'expectedUseTime/width');
  if (width) d.useDuration = readDurationAt(width, where, 'expectedUseTime/width');
  const dispenser = readRepresentedOrganization(at(supply, 'performer/assignedEntity'));
  if (dispenser) d.dispenser = dispenser;
  const location = readDeliveryLocation(supply);
  if (location !== undefined) d.deliveryLocation = location;
  return d;
}

const MGB_PARTS: ReadonlySet<PartKind> = new Set([
  'dosing',
  'treatment',
  'ref',
  'prescriber',
  'comment',
  'instruction',
  'use-reason',
  'change-reason',
  'as-agreed',
  'use-indicator',
]);

/** A BL observation value: true/false, or its nullFlavor; undefined without a value. */
function readBoolean(part: Part): boolean | string | undefined {
  const v = child(part.el, 'value');
  if (!v) return undefined;
  if (v.attrs.value === 'true') return true;
  if (v.attrs.value === 'false') return false;
  if (v.attrs.nullFlavor !== undefined) return v.attrs.nullFlavor;
  throw new TranslationError(`not a boolean: '${v.attrs.value ?? ''}'`, loc(part.where, 'value'));
}

function readInformant(sa: XmlElement): UseInformant | undefined {
  const informant = child(sa, 'informant');
  if (!informant) return undefined;
  const entity = child(informant, 'assignedEntity');
  if (isOneself(entity)) return { kind: 'patient' };
  if (entity) return { kind: 'care-provider', provider: readProvider(entity) };
  const related = child(informant, 'relatedEntity');
  const name = textOf(at(related, 'relatedPerson/name'));
  const relation = child(related, 'code');
  const text = name ?? (relation ? (readCode(relation).displayName ?? relation.attrs.code) : undefined);
  return text === undefined ? undefined : { kind: 'person', name: text };
}

/**
 * Reads one medicatiegebruik (`substanceAdministration` moodCode EVN): what the patient (or someone
 * else) says is used, with the use and as-agreed indicators, the informant and the prescriber.
 * @param sa - the substanceAdministration element
 * @param where - its location
 */
export function readMedicationUse(sa: XmlElement, where: string): MedicationUse {
  const parts = readParts(sa, where, MGB_PARTS);
  const { prescriber: author, ...a } = readAgreement(agreementView(sa, parts), where);
  const u: MedicationUse = { ...a, refs: parts.filter((p) => p.kind === 'ref').map(readRef) };
  if (isOneself(at(sa, 'author/assignedAuthor'))) u.author = 'patient';
  else if (author) u.author = author;
  const informant = readInformant(sa);
  if (informant) u.informant = informant;
  const by = (k: PartKind): Part | undefined => parts.find((p) => p.kind === k);
  const used = by('use-indicator');
  const taken = used ? readBoolean(used) : undefined;
  if (taken !== undefined) u.taken = taken;
  const agreed = by('as-agreed');
  const asAgreed = agreed ? readBoolean(agreed) : undefined;
  if (typeof asAgreed === 'boolean') u.asAgreed = asAgreed;
  const reason = by('use-reason');
  const reasonText = reason ? textOf(child(reason.el, 'text')) : undefined;
  if (reasonText !== undefined) u.reason = reasonText;
  const change = by('change-reason');
  if (change) u.changeReason = readValueCode(change);
  const prescriber = at(by('prescriber')?.el, 'author/assignedAuthor');
  if (prescriber) u.prescriber = readProvider(prescriber);
  const comment = commentOf(parts);
  if (comment !== undefined) u.comment = comment;
  const instructions = parts.filter((p) => p.kind === 'instruction').map(readActCode);
  if (instructions.length > 0) u.instructions = instructions;
  return u;
}

/**
 * Reads the building blocks of one MP 9 answer: every organizer's patient and its components.
 * @param message - the answer's root element
 * @param interaction - the expected root
 * @param component - the component element (`supply` or `substanceAdministration`)
 * @param read - the building block reader
 */
export function readBlockList<T>(
  message: XmlElement,
  interaction: string,
  component: 'supply' | 'substanceAdministration',
  read: (el: XmlElement, where: string) => T,
): BlockList<T> {
  return readOrganizerList(message, interaction, component, () => read);
}
