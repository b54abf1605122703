/**
 * LSP batch answers (MCCI_IN200101) for the partial-failure tests, written as text for the simulator's
 * data folder (served with `keepSources: true`, so the sources written here are the ones the gateway
 * sees). Parts: a provider's data part (the built-in GGZ answer, re-sourced), a failed part from some
 * system, and an LSP-authored error part shaped like the real AUTERR_SWV_FALSE part in
 * `../shared/fixtures/hl7v3/gp-ketenzorg-302/episodes_bundle_01.hl7v3.xml`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_SIM_DATA } from '../../src/sim/data/index.ts';

const APP = '2.16.840.1.113883.2.4.6.6';
const URA = '2.16.528.1.1007.3.3';
const LSP_CODES = '2.16.840.1.113883.2.4.6.6.1.1000';
const BUILTIN_GGZ = 'QURX_IN990113NL_ggz_999990032.hl7v3.xml';

/** A source system: application id and (unless the LSP itself) URA. */
export interface PartSource {
  applicationId: string;
  ura?: string;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The built-in GGZ answer (four dispenses) as one batch part from `source`, for patient `bsn`.
 * @param source - the system the part comes from
 * @param bsn - the patient's BSN written into the part
 */
export function dataPart(source: Required<PartSource>, bsn: string): string {
  const text = readFileSync(join(BUILTIN_SIM_DATA, BUILTIN_GGZ), 'utf8');
  return text
    .replace(/<\?xml[^>]*\?>/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replaceAll(`root="${APP}" extension="900001"`, `root="${APP}" extension="${source.applicationId}"`)
    .replaceAll(`root="${URA}" extension="00012345"`, `root="${URA}" extension="${source.ura}"`)
    .replaceAll('999990032', bsn)
    .trim();
}

/**
 * A part without data: acknowledgement `ack` and queryResponseCode `qrc`, with an issue `code` (as an
 * acknowledgementDetail, or for LSP-authored parts as a justifiedDetectedIssue like the real ones).
 * @param source - the system (an LSP part has application id 1 and no URA)
 * @param opts - acknowledgement type, query response code, issue code and text
 */
export function emptyPart(
  source: PartSource,
  opts: { ack: 'AA' | 'AE'; qrc: 'NF' | 'AE'; code?: string; text?: string },
): string {
  const org = source.ura ? `<Organization><id root="${URA}" extension="${source.ura}"/></Organization>` : '';
  const detail =
    opts.code && source.ura
      ? `<acknowledgementDetail typeCode="E"><code code="${opts.code}" codeSystem="${LSP_CODES}"/>${
          opts.text ? `<text>${escapeXml(opts.text)}</text>` : ''
        }</acknowledgementDetail>`
      : '';
  const issue =
    opts.code && !source.ura
      ? `<reasonOf><justifiedDetectedIssue><code code="${opts.code}" codeSystem="${LSP_CODES}"${
          opts.text ? ` displayName="${escapeXml(opts.text)}"` : ''
        }/></justifiedDetectedIssue></reasonOf>`
      : '';
  return `<QURX_IN990113NL>
    <id root="${APP}.${source.applicationId}.1" extension="part-${source.applicationId}-${opts.code ?? opts.qrc}"/>
    <creationTime value="20261102101500"/>
    <versionCode code="NICTIZEd2005-Okt"/>
    <interactionId root="2.16.840.1.113883.1.6" extension="QURX_IN990113NL"/>
    <profileId root="2.16.840.1.113883.2.4.3.11.1" extension="810"/>
    <processingCode code="P"/>
    <processingModeCode code="T"/>
    <acceptAckCode code="NE"/>
    <acknowledgement typeCode="${opts.ack}"><targetMessage><id root="${APP}.900000.1" extension="q"/></targetMessage>${detail}</acknowledgement>
    <receiver><device><id root="${APP}" extension="900000"/></device></receiver>
    <sender><device><id root="${APP}" extension="${source.ura ? source.applicationId : '1'}"/></device></sender>
    <ControlActProcess moodCode="EVN">
      <effectiveTime value="20261102101500"/>
      <authorOrPerformer typeCode="AUT"><participant><AssignedDevice><id root="${APP}" extension="${source.applicationId}"/>${org}</AssignedDevice></participant></authorOrPerformer>
      ${issue}
      <queryAck>
        <queryId root="${APP}.900000.2" extension="q"/>
        <queryResponseCode code="${opts.qrc}"/>
        <resultTotalQuantity value="0"/>
        <resultCurrentQuantity value="0"/>
        <resultRemainingQuantity value="0"/>
      </queryAck>
    </ControlActProcess>
  </QURX_IN990113NL>`;
}

/**
 * An LSP batch (acknowledgement AA, sent by the LSP) holding `parts`.
 * @param parts - the parts' XML, in order
 */
export function batch(parts: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<MCCI_IN200101 xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <id root="${APP}.1.1" extension="batch"/>
  <creationTime value="20261102101501"/>
  <versionCode code="NICTIZEd2005-Okt"/>
  <interactionId root="2.16.840.1.113883.1.6" extension="MCCI_IN200101"/>
  <profileId root="2.16.840.1.113883.2.4.3.11.1" extension="810"/>
  <transmissionQuantity value="${parts.length}"/>
  <acknowledgement typeCode="AA"><targetTransmission><id root="${APP}.900000.1" extension="q"/></targetTransmission></acknowledgement>
  <receiver><device><id root="${APP}" extension="900000"/></device></receiver>
  <sender><device><id root="${APP}" extension="1"/></device></sender>
  ${parts.join('\n  ')}
</MCCI_IN200101>
`;
}
