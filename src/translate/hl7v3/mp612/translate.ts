/**
 * A whole 6.12 dispense list -> the pool of FHIR resources: per dispense a TA and an MVE
 * MedicationDispense, each Medication and Organization once, the Patient once.
 */
import { randomUUID } from 'node:crypto';
import type * as fhir from 'fhir';
import type { XmlElement } from '../../../xml/index.ts';
import { isUuid, nameUuid } from './map-common.ts';
import { mapAdministrationAgreement, mapDispense, type DispenseRefs } from './map-medication-dispense.ts';
import { mapMedication, medicationDisplay, medicationFullUrl } from './map-medication.ts';
import { mapOrganization, organizationDisplay, organizationFullUrl } from './map-organization.ts';
import { mapPatient } from './map-patient.ts';
import type { DispenseList } from './model.ts';
import { readDispenseList } from './read.ts';

const PATIENT_LOCATION = '/QURX_IN990113NL/ControlActProcess/subject/MedicationDispenseList/subject/Patient';

/** A resource with the fullUrl it carries in a Bundle; `fullUrl` ends with `resource.id`. */
export interface TranslatedResource {
  fullUrl: string;
  resource: fhir.Resource;
}

/** Options of the translation. */
export interface TranslateOptions {
  /** The moment of translation (reserved for time-dependent choices; defaults to now). */
  now?: Date;
}

/**
 * Maps a dispense list model to FHIR resources.
 * @param list - the model from readDispenseList
 */
export function mapDispenseList(list: DispenseList): TranslatedResource[] {
  let patientRef: fhir.Reference | undefined;
  const patientEntry: TranslatedResource[] = [];
  if (list.patient) {
    const uuid = randomUUID();
    const fullUrl = `urn:uuid:${uuid}`;
    const patient = mapPatient(list.patient, uuid, PATIENT_LOCATION);
    patientEntry.push({ fullUrl, resource: patient });
    patientRef = { reference: fullUrl };
    // The text of the first name, as nameText gives it (mapPatient has just built that HumanName).
    const text = patient.name?.[0]?.text ?? '';
    if (text !== '') patientRef.display = text;
  }
  const agreements: TranslatedResource[] = [];
  const dispenses: TranslatedResource[] = [];
  const organizations = new Map<string, TranslatedResource>();
  const medications = new Map<string, TranslatedResource>();
  const dispenseUrls = new Set<string>();
  for (const d of list.dispenses) {
    const medUrl = medicationFullUrl(d.product);
    const medication: fhir.Reference = { reference: medUrl };
    const display = medicationDisplay(d.product);
    if (display !== undefined) medication.display = display;
    const refs: DispenseRefs = { medication };
    if (patientRef) refs.patient = patientRef;
    const orgId = d.responsibleParty?.organizationId;
    const orgUrl = orgId ? organizationFullUrl(orgId) : undefined;
    if (orgId && orgUrl) {
      refs.performer = { reference: orgUrl, display: organizationDisplay(orgId) };
      if (!organizations.has(orgUrl)) {
        organizations.set(orgUrl, {
          fullUrl: orgUrl,
          resource: mapOrganization(orgId, orgUrl, d.responsibleParty?.organizationName),
        });
      }
    }
    const key = `${d.id.root ?? ''}|${d.id.extension ?? ''}`;
    const mveId = isUuid(d.id.extension) ? d.id.extension.toLowerCase() : nameUuid(`verstrekking|${key}`);
    // The same dispense twice (an LSP batch may repeat a message) is translated once.
    if (dispenseUrls.has(mveId)) continue;
    dispenseUrls.add(mveId);
    const taId = nameUuid(`toedieningsafspraak|${key}`);
    agreements.push({ fullUrl: `urn:uuid:${taId}`, resource: mapAdministrationAgreement(d, taId, refs) });
    dispenses.push({ fullUrl: `urn:uuid:${mveId}`, resource: mapDispense(d, mveId, refs) });
    if (!medications.has(medUrl))
      medications.set(medUrl, { fullUrl: medUrl, resource: mapMedication(d.product, medUrl) });
  }
  // In this order: TAs, MVEs, the Patient, Organizations, Medications.
  const pool = agreements;
  for (const r of dispenses) pool.push(r);
  for (const r of patientEntry) pool.push(r);
  for (const r of organizations.values()) pool.push(r);
  for (const r of medications.values()) pool.push(r);
  return pool;
}

/**
 * Translates a `QURX_IN990113NL` message to the pool of FHIR STU3 resources.
 * @param message - the message root element
 * @param _options - see TranslateOptions (nothing in the 6.12 mapping depends on the clock yet)
 */
export function translateDispenseList(
  message: XmlElement,
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- public signature; the clock is not used yet
  _options: TranslateOptions = {},
): TranslatedResource[] {
  return mapDispenseList(readDispenseList(message));
}
