/**
 * Who sent a part of an answer, and whether that is the provider the query was addressed to.
 *
 * In a real LSP batch every part's wrapper sender is the LSP (application 1); the source system is the
 * ControlActProcess author: `AssignedDevice/id` under 2.16.840.1.113883.2.4.6.6 (application id),
 * `Organization/id` under 2.16.528.1.1007.3.3 (URA), sometimes only an `Organization/telecom`
 * `x-hl7-applicatie:2.16.840.1.113883.2.4.6.6.<id>` (fixtures medication-612, gp-ketenzorg-302).
 */
import { at, child, childrenNamed, type XmlElement } from '../../xml/index.ts';
import type { LspTarget } from '../types.ts';
import { APPLICATION_TELECOM_PREFIX, OID_APPLICATION_ID, OID_URA } from './oids.ts';

export interface PartSource {
  /** The application id that best names the source (author device, else telecom, else wrapper sender). */
  applicationId: string;
  /** Every application id the part names for its source (author device ids, telecom, wrapper sender). */
  applicationIds: string[];
  ura?: string;
  name?: string;
}

function appIdsOf(ids: XmlElement[]): string[] {
  return ids
    .filter((i) => i.attrs.root === OID_APPLICATION_ID && i.attrs.extension)
    .map((i) => i.attrs.extension!);
}

function telecomAppIds(els: XmlElement[]): string[] {
  const out: string[] = [];
  for (const t of els) {
    const v = t.attrs.value;
    if (v?.startsWith(APPLICATION_TELECOM_PREFIX)) {
      const id = v.slice(APPLICATION_TELECOM_PREFIX.length);
      if (/^\d+$/.test(id)) out.push(id);
    }
  }
  return out;
}

/**
 * Reads the source of one answer interaction.
 * @param msg - the interaction element (e.g. <QURX_IN990113NL>)
 */
export function readSource(msg: XmlElement): PartSource {
  const participant = at(msg, 'ControlActProcess/authorOrPerformer/participant');
  const role = participant?.children[0];
  const org = child(role, 'Organization') ?? child(role, 'representedOrganization');
  const deviceIds = appIdsOf(childrenNamed(role, 'id'));
  const telecoms = telecomAppIds([...childrenNamed(org, 'telecom'), ...childrenNamed(role, 'telecom')]);
  const ura = childrenNamed(org, 'id').find((i) => i.attrs.root === OID_URA)?.attrs.extension;
  const senderIds = appIdsOf(childrenNamed(at(msg, 'sender/device'), 'id'));
  const name = child(org, 'name')?.text.trim();
  const primary = deviceIds[0] ?? telecoms[0] ?? (ura === undefined ? senderIds[0] : undefined) ?? '';
  const all = [...new Set([...deviceIds, ...telecoms, ...senderIds])];
  const src: PartSource = { applicationId: primary, applicationIds: all };
  if (ura) src.ura = ura;
  if (name) src.name = name;
  return src;
}

/** A URA without leading zeros, for comparison ('00063703' and '63703' are one provider). */
export function normaliseUra(ura: string): string {
  return ura.replace(/^0+(?=\d)/, '');
}

/**
 * True when a part comes from the addressed provider. A URA on both sides must agree; then either the
 * URA agrees or the target's application id is one the part names.
 * @param src - the part's source
 * @param target - the provider the query was addressed to
 */
export function isFromTarget(src: PartSource, target: LspTarget): boolean {
  const uraKnown = src.ura !== undefined && target.ura !== '';
  if (uraKnown && normaliseUra(src.ura!) !== normaliseUra(target.ura)) return false;
  if (uraKnown) return true;
  return target.applicationId !== '' && src.applicationIds.includes(target.applicationId);
}
