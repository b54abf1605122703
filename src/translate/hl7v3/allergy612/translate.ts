/**
 * A 6.12 ICA answer (`REPC_IN000024NL`) -> the pool of FHIR resources: one AllergyIntolerance per
 * Condition, and the Patient, Practitioners, PractitionerRoles, Organizations and RelatedPersons they
 * refer to, each once. Ids are name-based (Condition id, UZI, URA, the message id for the Patient),
 * so the same message twice in an LSP batch yields the same fullUrls and the caller keeps one of each.
 */
import { randomUUID } from 'node:crypto';
import type * as fhir from 'fhir';
import { child, type XmlElement } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import type { TranslatedResource } from '../mp612/translate.ts';
import { mapAllergy, type AllergyRefs } from './map-allergy.ts';
import { nameUuid, ref } from './map-parts.ts';
import {
  mapAllergyPatient,
  mapCareOrganization,
  mapPractitioner,
  mapPractitionerRole,
  mapRelatedPerson,
  organizationFullUrl,
  patientDisplay,
  practitionerFullUrl,
  roleFullUrl,
} from './map-people.ts';
import type { AllergyList, CareProvider } from './model.ts';
import { readAllergyList } from './read.ts';

export type { TranslatedResource };

function sameId(a: CareProvider['id'], b: CareProvider['id']): boolean {
  return a?.extension !== undefined && a.extension === b?.extension && a.root === b.root;
}

/**
 * Maps an allergy list to FHIR resources.
 * @param list - the model from readAllergyList
 * @param messageKey - a key of the message (its id) for the Patient's name-based id; never a BSN
 */
export function mapAllergyList(list: AllergyList, messageKey: string): TranslatedResource[] {
  const allergies: TranslatedResource[] = [];
  const others = new Map<string, TranslatedResource>();
  const add = (fullUrl: string, resource: fhir.Resource): void => {
    if (!others.has(fullUrl)) others.set(fullUrl, { fullUrl, resource });
  };
  const patientId = nameUuid(`patient|${messageKey}`);
  const patientUrl = `urn:uuid:${patientId}`;
  // One display for every reference to the patient: the first name any Condition gives.
  const display = patientDisplay(list.conditions.find((c) => (c.patient?.names.length ?? 0) > 0)?.patient);
  const authors = list.conditions.flatMap((c) => (c.author ? [c.author] : []));
  const addProvider = (p: CareProvider): void => {
    add(practitionerFullUrl(p), mapPractitioner(p));
    if (p.organization) add(organizationFullUrl(p.organization), mapCareOrganization(p.organization));
    add(roleFullUrl(p), mapPractitionerRole(p));
  };
  for (const c of list.conditions) {
    if (!c.patient) throw new TranslationError('Condition without subject/patient', `${c.location}/subject`);
    if (!others.has(patientUrl))
      add(patientUrl, mapAllergyPatient(c.patient, patientId, `${c.location}/subject/patient`));
    const patient = ref(patientUrl, display);
    const refs: AllergyRefs = { patient };
    if (c.author) addProvider(c.author);
    const inf = c.informant;
    if (inf?.kind === 'care-provider') {
      const known = authors.find((a) => sameId(a.id, inf.provider.id));
      const provider = known ?? inf.provider;
      refs.informantProvider = provider;
      addProvider(provider);
    } else if (inf?.kind === 'related') {
      const id = nameUuid(`related|${messageKey}|${c.id.root ?? ''}|${c.id.extension ?? ''}`);
      const rp = mapRelatedPerson(inf.party, id, patient);
      refs.relatedPerson = ref(`urn:uuid:${id}`, rp.name?.[0]?.text ?? 'Contactpersoon');
      add(`urn:uuid:${id}`, rp);
    }
    const key = `${c.id.root ?? ''}|${c.id.extension ?? ''}`;
    const id = nameUuid(`allergy|${key}`);
    allergies.push({ fullUrl: `urn:uuid:${id}`, resource: mapAllergy(c, id, refs) });
  }
  return [...allergies, ...others.values()];
}

/**
 * Translates a `REPC_IN000024NL` message to the pool of FHIR STU3 resources.
 * @param message - the message root element
 */
export function translateAllergyList(message: XmlElement): TranslatedResource[] {
  const mid = child(message, 'id');
  const messageKey =
    mid?.attrs.extension !== undefined ? `${mid.attrs.root ?? ''}|${mid.attrs.extension}` : randomUUID();
  return mapAllergyList(readAllergyList(message), messageKey);
}
