/**
 * The dispensing organization (responsibleParty/assignedCareProvider/representedOrganization, a URA)
 * -> FHIR Organization (`mp612-DispenseToFHIRConversion-Organization`), fullUrl
 * `urn:oid:2.16.528.1.1007.3.3.<URA without leading zeros>`.
 */
import type * as fhir from 'fhir';
import { idOf } from './map-common.ts';
import type { Ii } from './model.ts';
import { OID, oidNode, PROFILE, SYSTEM, urnOid } from './oids.ts';

const DIGITS = /^\d+$/;

/** The fullUrl of an organization id, or undefined when it has no usable id. */
export function organizationFullUrl(id: Ii): string | undefined {
  if (id.extension === undefined || id.root === undefined) return undefined;
  if (!DIGITS.test(id.extension)) return undefined;
  return urnOid(`${id.root}.${oidNode(id.extension)}`);
}

/** The display the Nictiz output gives a reference to the organization. */
export function organizationDisplay(id: Ii): string {
  return `Organisatie met id '${id.extension ?? ''}' in identificerend systeem '${id.root ?? ''}'.`;
}

/**
 * Maps an organization.
 * @param id - its II (URA, or another root which becomes a urn:oid: identifier system)
 * @param fullUrl - its fullUrl (from organizationFullUrl)
 * @param name - its name when the message gives one
 */
export function mapOrganization(id: Ii, fullUrl: string, name?: string): fhir.Organization {
  const r: fhir.Organization = {
    resourceType: 'Organization',
    id: idOf(fullUrl),
    meta: { profile: [PROFILE.organization] },
  };
  r.identifier = [
    { system: id.root === OID.ura ? SYSTEM.ura : urnOid(id.root ?? ''), value: id.extension ?? '' },
  ];
  if (name !== undefined && name !== '') r.name = name;
  return r;
}
