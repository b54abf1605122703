/**
 * The LSP's batch answer `MCCI_IN200101`: when a query does not say which provider it is for, the LSP
 * asks every source that registered data and bundles their answers, one part per source.
 */
import type { XmlElement } from '../../xml/index.ts';
import type { AnswerContext } from './answers.ts';
import { APP_ID_OID } from './query.ts';
import { messageParts } from './stamp.ts';
import { hl7 } from './tree.ts';

/**
 * Bundles answers into one MCCI_IN200101 sent by the LSP (application id `lspApplicationId`).
 * @param answers - single answers or batches; a batch contributes its parts
 * @param ctx - query and clock
 * @param lspApplicationId - the LSP's own application id
 */
export function wrapBatch(answers: XmlElement[], ctx: AnswerContext, lspApplicationId: string): XmlElement {
  const parts = answers.flatMap((a) => messageParts(a));
  const q = ctx.query;
  return hl7('MCCI_IN200101', {}, [
    hl7('id', { root: APP_ID_OID, extension: `${Date.now()}` }),
    hl7('creationTime', { value: ctx.creationTime }),
    hl7('versionCode', { code: 'NICTIZEd2005-Okt' }),
    hl7('interactionId', { root: '2.16.840.1.113883.1.6', extension: 'MCCI_IN200101' }),
    hl7('profileId', { root: '2.16.840.1.113883.2.4.3.11.1', extension: '810' }),
    hl7('processingCode', { code: 'P' }),
    hl7('processingModeCode', { code: 'T' }),
    hl7('acceptAckCode', { code: 'NE' }),
    hl7('transmissionQuantity', { value: String(parts.length) }),
    hl7('acknowledgement', { typeCode: 'AA' }, [
      hl7('targetTransmission', {}, [
        hl7('id', { root: q.messageId?.root ?? 'unknown', extension: q.messageId?.extension }),
      ]),
    ]),
    hl7('receiver', {}, [
      hl7('device', {}, [hl7('id', { root: APP_ID_OID, extension: q.senderApplicationId ?? '0' })]),
    ]),
    hl7('sender', {}, [hl7('device', {}, [hl7('id', { root: APP_ID_OID, extension: lspApplicationId })])]),
    ...parts,
  ]);
}
