/**
 * MP 9 building blocks from the LSP -> the pool, one translator per answer interaction (aorta.md 2.2):
 * - `QUMA_IN991203NL04` medication agreements -> MedicationRequest (zib-MedicationAgreement, 16076005);
 * - `QUVV_IN992203NL03` dispense requests -> MedicationRequest (zib-DispenseRequest, 52711000146108);
 * - `QUTA_IN991213NL02` administration agreements -> MedicationDispense (zib-AdministrationAgreement, 422037009);
 * - `QUMV_IN992213NL02` dispenses -> MedicationDispense (zib-Dispense, 373784005);
 * - `QUMG_IN991223NL02` medication use -> MedicationStatement (zib-MedicationUse, 77.5.3|6);
 * each with the Patient (BSN masked), the care providers with their roles and organizations, the
 * dispensing organizations and the products (zib-Product), each once. The answers are organizers of
 * MP 9 building blocks; the organizer reader, the agreement reader and mapper, and the dosage and
 * product mappers are shared with `../ketenzorg302/` and `../mp612/`. No public HL7v3 example of these
 * interactions exists: Brug's synthetic patient (src/sim/data) is the test input. Pure; no I/O.
 */
import type * as fhir from 'fhir';
import type { XmlElement } from '../../../xml/index.ts';
import { idKey, nameUuid, ref } from '../allergy612/map-parts.ts';
import { readMedicationAgreementList } from '../ketenzorg302/read-medication.ts';
import { mapMedicationAgreementList } from '../ketenzorg302/translate-medication.ts';
import { ResourcePool, translateOrganizerMessage } from '../ketenzorg302/translate-pool.ts';
import { medicationDisplay, medicationFullUrl, mapMedication } from '../mp612/map-medication.ts';
import type { TranslatedResource } from '../mp612/translate.ts';
import { mapAdministrationAgreement } from './map-administration-agreement.ts';
import { mapMp9Dispense } from './map-dispense.ts';
import { mapDispenseRequest } from './map-dispense-request.ts';
import { mapMedicationUse } from './map-medication-use.ts';
import type { BlockList, CareOrganization, CareProvider, Ii, Product } from './model.ts';
import {
  MP9_ADMINISTRATION_AGREEMENTS_INTERACTION,
  MP9_AGREEMENTS_INTERACTION,
  MP9_DISPENSE_REQUESTS_INTERACTION,
  MP9_DISPENSES_INTERACTION,
  MP9_MEDICATION_USE_INTERACTION,
  PROFILE,
} from './oids.ts';
import {
  readAdministrationAgreement,
  readBlockList,
  readDispenseRequest,
  readMedicationUse,
  readMp9Dispense,
} from './read-blocks.ts';

/**
 * Translates a `QUMA_IN991203NL04` message (MP 9 medication agreements).
 * @param message - the message root element
 */
export function translateMp9Agreements(message: XmlElement): TranslatedResource[] {
  return translateOrganizerMessage(
    message,
    (m) => readMedicationAgreementList(m, MP9_AGREEMENTS_INTERACTION),
    mapMedicationAgreementList,
  );
}

/** The references a building block's resource gets from the pool. */
interface BlockContext {
  patient: fhir.Reference;
  medication: fhir.Reference;
  dispenser?: fhir.Reference;
}

/** How the items of one kind of building block are mapped. */
interface BlockMapping<T> {
  /** Prefix of the name-based resource id (with the item's id). */
  key: string;
  map(item: T, id: string, ctx: BlockContext): fhir.Resource;
  /** The care providers the resource refers to (Practitioner, PractitionerRole, Organization). */
  providers(item: T): (CareProvider | undefined)[];
  /** The organization of the pharmacy that dispenses or is asked to. */
  dispenser?(item: T): CareOrganization | undefined;
}

/**
 * Maps the building blocks of one answer: one resource per item, then the Patient, the care
 * providers, the dispensing organizations and the products, each once.
 * @param list - the items with the organizer's patient
 * @param messageKey - the message id, for the Patient's name-based id; never a BSN
 * @param where - location of the organizer, for errors
 * @param how - the mapping of this kind of building block
 */
function mapBlockList<T extends { id: Ii; product: Product }>(
  list: BlockList<T>,
  messageKey: string,
  where: string,
  how: BlockMapping<T>,
): TranslatedResource[] {
  if (list.items.length === 0) return [];
  const blocks: TranslatedResource[] = [];
  const others = new ResourcePool();
  const patient = others.addPatient(list.patient, messageKey, where);
  for (const item of list.items) {
    for (const p of how.providers(item)) if (p) others.addCareProvider(p);
    const org = how.dispenser?.(item);
    const dispenser = org ? others.addOrganization(org) : undefined;
    const productUrl = medicationFullUrl(item.product);
    others.add(productUrl, {
      ...mapMedication(item.product, productUrl),
      meta: { profile: [PROFILE.product] },
    });
    const id = nameUuid(`${how.key}|${idKey(item.id)}`);
    const medication = ref(productUrl, medicationDisplay(item.product));
    blocks.push({
      fullUrl: `urn:uuid:${id}`,
      resource: how.map(item, id, { patient, medication, ...(dispenser ? { dispenser } : {}) }),
    });
  }
  return [...blocks, ...others.values()];
}

/**
 * Translates one MP 9 answer of a kind of building block.
 * @param message - the message root element
 * @param interaction - the expected root
 * @param component - the organizer component element
 * @param read - the building block reader
 * @param how - the mapping
 */
function translateBlocks<T extends { id: Ii; product: Product }>(
  message: XmlElement,
  interaction: string,
  component: 'supply' | 'substanceAdministration',
  read: (el: XmlElement, where: string) => T,
  how: BlockMapping<T>,
): TranslatedResource[] {
  return translateOrganizerMessage(
    message,
    (m) => readBlockList(m, interaction, component, read),
    (list, key, where) => mapBlockList(list, key, where, how),
  );
}

/**
 * Translates a `QUVV_IN992203NL03` message (MP 9 dispense requests).
 * @param message - the message root element
 */
export function translateMp9DispenseRequests(message: XmlElement): TranslatedResource[] {
  return translateBlocks(message, MP9_DISPENSE_REQUESTS_INTERACTION, 'supply', readDispenseRequest, {
    key: 'dispense-request',
    map: mapDispenseRequest,
    providers: (v) => [v.author],
    dispenser: (v) => v.dispenser,
  });
}

/**
 * Translates a `QUTA_IN991213NL02` message (MP 9 administration agreements).
 * @param message - the message root element
 */
export function translateMp9AdministrationAgreements(message: XmlElement): TranslatedResource[] {
  return translateBlocks(
    message,
    MP9_ADMINISTRATION_AGREEMENTS_INTERACTION,
    'substanceAdministration',
    readAdministrationAgreement,
    {
      key: 'administration-agreement',
      map: mapAdministrationAgreement,
      providers: () => [],
      dispenser: (a) => a.dispenser,
    },
  );
}

/**
 * Translates a `QUMV_IN992213NL02` message (MP 9 dispenses).
 * @param message - the message root element
 */
export function translateMp9Dispenses(message: XmlElement): TranslatedResource[] {
  return translateBlocks(message, MP9_DISPENSES_INTERACTION, 'supply', readMp9Dispense, {
    key: 'mp9-dispense',
    map: mapMp9Dispense,
    providers: () => [],
    dispenser: (d) => d.dispenser,
  });
}

/**
 * Translates a `QUMG_IN991223NL02` message (MP 9 medication use).
 * @param message - the message root element
 */
export function translateMp9MedicationUse(message: XmlElement): TranslatedResource[] {
  return translateBlocks(
    message,
    MP9_MEDICATION_USE_INTERACTION,
    'substanceAdministration',
    readMedicationUse,
    {
      key: 'medication-use',
      map: mapMedicationUse,
      providers: (u) => [
        u.author === 'patient' ? undefined : u.author,
        u.prescriber,
        u.informant?.kind === 'care-provider' ? u.informant.provider : undefined,
      ],
    },
  );
}
