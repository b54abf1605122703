/**
 * What every Ketenzorg 3.0.2 list translator shares: the message key (for the Patient's name-based
 * id, never the BSN), the pool that keeps each Patient, Practitioner, PractitionerRole and
 * Organization once in first-seen order, and the wrapper from a message to its pool.
 */
import { randomUUID } from 'node:crypto';
import type * as fhir from 'fhir';
import { child, type XmlElement } from '../../../xml/index.ts';
import { nameUuid, ref } from '../allergy612/map-parts.ts';
import {
  mapAllergyPatient as mapGpPatient,
  mapCareOrganization,
  mapPractitioner,
  mapPractitionerRole,
  organizationDisplay,
  organizationFullUrl,
  patientDisplay,
  practitionerFullUrl,
  roleFullUrl,
  UNNAMED_PATIENT,
} from '../allergy612/map-people.ts';
import type { TranslatedResource } from '../mp612/translate.ts';
import type { CareOrganization, CareProvider, GpPatient } from './model.ts';

/** Resources kept once by fullUrl (the first one wins), in the order they were first added. */
export class ResourcePool {
  private readonly byUrl = new Map<string, TranslatedResource>();

  /**
   * Adds a resource unless its fullUrl is already in the pool.
   * @param fullUrl - the entry's fullUrl
   * @param resource - the resource
   */
  add(fullUrl: string, resource: fhir.Resource): void {
    if (!this.byUrl.has(fullUrl)) this.byUrl.set(fullUrl, { fullUrl, resource });
  }

  /**
   * Adds the Patient (BSN masked, id from the message key) and returns the reference to it, whose
   * display is the name or "Patiënt" (MedMij rule 9); without a patient the reference is only that
   * display.
   * @param patient - the patient of the message, if any
   * @param messageKey - the message id; never a BSN
   * @param where - location of the organizer, for errors
   */
  addPatient(patient: GpPatient | undefined, messageKey: string, where: string): fhir.Reference {
    if (!patient) return { display: UNNAMED_PATIENT };
    const id = nameUuid(`gp-patient|${messageKey}`);
    this.add(`urn:uuid:${id}`, mapGpPatient(patient, id, `${where}/recordTarget/patientRole`));
    return ref(`urn:uuid:${id}`, patientDisplay(patient));
  }

  /**
   * Adds an Organization and returns the reference to it.
   * @param o - the organization
   */
  addOrganization(o: CareOrganization): fhir.Reference {
    const url = organizationFullUrl(o);
    this.add(url, mapCareOrganization(o));
    return ref(url, organizationDisplay(o));
  }

  /**
   * Adds a care provider: its Practitioner, its Organization (when known) and its PractitionerRole.
   * @param p - the care provider
   */
  addCareProvider(p: CareProvider): void {
    this.add(practitionerFullUrl(p), mapPractitioner(p));
    if (p.organization) this.addOrganization(p.organization);
    this.add(roleFullUrl(p), mapPractitionerRole(p));
  }

  /** The pooled resources in order. */
  values(): TranslatedResource[] {
    return [...this.byUrl.values()];
  }
}

/**
 * The key of a message for name-based ids: `root|extension` of its id, or a random uuid when it has
 * no id extension (then nothing from it can repeat).
 * @param message - the message root element
 */
export function messageKey(message: XmlElement): string {
  const mid = child(message, 'id');
  return mid?.attrs.extension !== undefined ? `${mid.attrs.root ?? ''}|${mid.attrs.extension}` : randomUUID();
}

/**
 * Translates one organizer message: reads it to its model and maps the model with the message key
 * and the organizer's location.
 * @param message - the message root element
 * @param read - the reader of this interaction
 * @param map - the list mapper of this interaction
 */
export function translateOrganizerMessage<L>(
  message: XmlElement,
  read: (message: XmlElement) => L,
  map: (list: L, messageKey: string, where: string) => TranslatedResource[],
): TranslatedResource[] {
  const key = messageKey(message);
  return map(read(message), key, `/${message.name}/ControlActProcess/subject/organizer`);
}

/** Replaces every `reference` that `alias` names by its target; unchanged parts are kept as they are. */
function rewriteReferences(node: unknown, alias: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(node)) {
    const out = node.map((n) => rewriteReferences(n, alias));
    return out.some((n, i) => n !== node[i]) ? out : node;
  }
  if (typeof node !== 'object' || node === null) return node;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    const nv = k === 'reference' && typeof v === 'string' ? (alias.get(v) ?? v) : rewriteReferences(v, alias);
    if (nv !== v) changed = true;
    out[k] = nv;
  }
  return changed ? out : node;
}

/**
 * One Patient for the pool of an answer about one patient: every building block (and every message
 * of an LSP batch) carries the patient under its own message-based id, so the first Patient is kept,
 * the others are dropped and every reference to them is pointed at the first.
 * @param pool - the pooled resources of one search, in query order
 * @returns a new array; the resources themselves are shared where nothing changed
 */
export function mergePatients(pool: TranslatedResource[]): TranslatedResource[] {
  const patients = pool.filter((r) => r.resource.resourceType === 'Patient');
  const first = patients[0];
  // Always a new array: callers may empty the pool they passed in (services/search.ts does).
  if (!first || patients.length === 1) return [...pool];
  const alias = new Map(patients.slice(1).map((p) => [p.fullUrl, first.fullUrl]));
  return pool
    .filter((r) => !alias.has(r.fullUrl))
    .map((r) => {
      const resource = rewriteReferences(r.resource, alias) as fhir.Resource;
      return resource === r.resource ? r : { fullUrl: r.fullUrl, resource };
    });
}
