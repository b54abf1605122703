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
import type { Dispense, DispenseList, Patient } from './model.ts';
import { readDispensesInto, type DispenseSink } from './read.ts';

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
 * Builds the pool dispense by dispense (a `DispenseSink`): the patient first, then each dispense as
 * it is read, so the model of a dispense is garbage as soon as its resources are made.
 */
class PoolBuilder implements DispenseSink {
  private patientRef: fhir.Reference | undefined;
  private readonly patientEntry: TranslatedResource[] = [];
  private readonly agreements: TranslatedResource[] = [];
  private readonly dispenses: TranslatedResource[] = [];
  private readonly organizations = new Map<string, TranslatedResource>();
  private readonly medications = new Map<string, TranslatedResource>();
  private readonly dispenseUrls = new Set<string>();

  patient(p: Patient | undefined): void {
    if (!p) return;
    const uuid = randomUUID();
    const fullUrl = `urn:uuid:${uuid}`;
    const patient = mapPatient(p, uuid, PATIENT_LOCATION);
    this.patientEntry.push({ fullUrl, resource: patient });
    const ref: fhir.Reference = { reference: fullUrl };
    // The text of the first name, as nameText gives it (mapPatient has just built that HumanName).
    const text = patient.name?.[0]?.text ?? '';
    if (text !== '') ref.display = text;
    this.patientRef = ref;
  }

  dispense(d: Dispense): void {
    const medUrl = medicationFullUrl(d.product);
    const medication: fhir.Reference = { reference: medUrl };
    const display = medicationDisplay(d.product);
    if (display !== undefined) medication.display = display;
    const refs: DispenseRefs = { medication };
    if (this.patientRef) refs.patient = this.patientRef;
    const orgId = d.responsibleParty?.organizationId;
    const orgUrl = orgId ? organizationFullUrl(orgId) : undefined;
    if (orgId && orgUrl) {
      refs.performer = { reference: orgUrl, display: organizationDisplay(orgId) };
      if (!this.organizations.has(orgUrl)) {
        this.organizations.set(orgUrl, {
          fullUrl: orgUrl,
          resource: mapOrganization(orgId, orgUrl, d.responsibleParty?.organizationName),
        });
      }
    }
    const key = `${d.id.root ?? ''}|${d.id.extension ?? ''}`;
    const mveId = isUuid(d.id.extension) ? d.id.extension.toLowerCase() : nameUuid(`verstrekking|${key}`);
    // The same dispense twice (an LSP batch may repeat a message) is translated once.
    if (this.dispenseUrls.has(mveId)) return;
    this.dispenseUrls.add(mveId);
    const taId = nameUuid(`toedieningsafspraak|${key}`);
    this.agreements.push({
      fullUrl: `urn:uuid:${taId}`,
      resource: mapAdministrationAgreement(d, taId, refs),
    });
    this.dispenses.push({ fullUrl: `urn:uuid:${mveId}`, resource: mapDispense(d, mveId, refs) });
    if (!this.medications.has(medUrl))
      this.medications.set(medUrl, { fullUrl: medUrl, resource: mapMedication(d.product, medUrl) });
  }

  /** The pool, in this order: TAs, MVEs, the Patient, Organizations, Medications. */
  result(): TranslatedResource[] {
    const pool = this.agreements;
    for (const r of this.dispenses) pool.push(r);
    for (const r of this.patientEntry) pool.push(r);
    for (const r of this.organizations.values()) pool.push(r);
    for (const r of this.medications.values()) pool.push(r);
    return pool;
  }
}

/**
 * Maps a dispense list model to FHIR resources.
 * @param list - the model from readDispenseList
 */
export function mapDispenseList(list: DispenseList): TranslatedResource[] {
  const pool = new PoolBuilder();
  pool.patient(list.patient);
  for (const d of list.dispenses) pool.dispense(d);
  return pool.result();
}

/**
 * Translates a `QURX_IN990113NL` message to the pool of FHIR STU3 resources (the same pool as
 * `mapDispenseList(readDispenseList(message))`, read and mapped one dispense at a time).
 * @param message - the message root element
 * @param _options - see TranslateOptions (nothing in the 6.12 mapping depends on the clock yet)
 */
export function translateDispenseList(
  message: XmlElement,
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- public signature; the clock is not used yet
  _options: TranslateOptions = {},
): TranslatedResource[] {
  const pool = new PoolBuilder();
  readDispensesInto(message, pool);
  return pool.result();
}
