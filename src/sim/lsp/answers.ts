/**
 * Building the simulator's HL7v3 answers: a data answer from a manifest file (dates shifted, identity
 * applied, acknowledgement and sources stamped), or an answer without data (queryResponseCode NF) or
 * with an LSP error (acknowledgement AE, queryResponseCode AE).
 */
import { readFileSync } from 'node:fs';
import { child, parseXml, type XmlElement } from '../../xml/index.ts';
import { daysBetween, shiftTimestamps } from '../timeshift.ts';
import { applyAsPatient } from './identity.ts';
import type { ManifestAnswer, PatientEntry } from './manifest.ts';
import { APP_ID_OID, SOAP_NS, URA_OID, type ReceivedQuery } from './query.ts';
import { messageParts, setWrapper, stampSource, type Source } from './stamp.ts';
import { hl7, hl7Text, serialize } from './tree.ts';

/** LSP detected-issue / acknowledgement-detail code system (aorta.md section 1.4). */
export const LSP_ISSUE_CODE_SYSTEM = '2.16.840.1.113883.2.4.6.6.1.1000';

const PARSE = { mixed: true, maxLength: 60 * 1024 * 1024 } as const;

/**
 * Answer files, read once and kept in a normalised form (SOAP envelope removed, re-serialised with
 * double-quoted attributes, so the timestamp shift sees every value). One cache per simulator.
 */
export class AnswerFiles {
  private readonly cache = new Map<string, string>();

  /**
   * The normalised text of an answer file.
   * @param path - absolute path
   */
  get(path: string): string {
    let text = this.cache.get(path);
    if (text === undefined) {
      let root = parseXml(readFileSync(path, 'utf8'), PARSE);
      if (root.name === 'Envelope' && root.ns === SOAP_NS) {
        const body = child(root, 'Body')?.children[0];
        if (!body) throw new Error(`${path}: SOAP envelope without a message`);
        root = body;
      }
      text = serialize(root);
      this.cache.set(path, text);
    }
    return text;
  }
}

export interface AnswerContext {
  query: ReceivedQuery;
  /** The provider the query was addressed to. */
  provider: Source;
  /** Now, for creation times and "today" in Amsterdam. */
  now: Date;
  /** Today in Europe/Amsterdam, YYYY-MM-DD. */
  today: string;
  /** HL7 TS of now in Amsterdam. */
  creationTime: string;
}

/**
 * The answer for a patient from a manifest file.
 * @param files - the file cache
 * @param entry - the patient's manifest entry
 * @param answer - the answer chosen for the response interaction
 * @param ctx - query and clock
 */
export function dataAnswer(
  files: AnswerFiles,
  entry: PatientEntry,
  answer: ManifestAnswer,
  ctx: AnswerContext,
): XmlElement {
  const shifted = shiftTimestamps(files.get(answer.file), daysBetween(answer.anchor, ctx.today));
  const root = parseXml(shifted, PARSE);
  if (entry.asPatient) applyAsPatient(root, entry.asPatient);
  const parts = messageParts(root);
  if (root !== parts[0]) setWrapper(root, ctx.query, ctx.creationTime);
  for (const part of parts) {
    setWrapper(part, ctx.query, ctx.creationTime);
    if (!entry.keepSources) stampSource(part, ctx.provider);
  }
  return root;
}

/**
 * An answer without data: queryResponseCode NF from the provider, or with `errorCode` an error the
 * LSP itself generated (acknowledgement AE with an acknowledgementDetail, queryResponseCode AE, sender
 * and author the LSP's application id, as in the LSP's AUTERR_SWV_FALSE answers). Shaped like a real
 * LSP NF answer.
 * @param interaction - the response interaction, e.g. QURX_IN990113NL
 * @param ctx - query and clock
 * @param errorCode - LSP error code such as NOSTORE, or undefined for NF
 * @param lspApplicationId - the LSP's own application id (author of error answers)
 * @param found - answer `OK` without payload instead of NF (the index query: "there is data", no content)
 */
export function emptyAnswer(
  interaction: string,
  ctx: AnswerContext,
  errorCode?: string,
  lspApplicationId = '1',
  found = false,
): XmlElement {
  const q = ctx.query;
  const ack = hl7('acknowledgement', { typeCode: errorCode ? 'AE' : 'AA' }, [
    hl7('targetMessage', {}, [
      hl7('id', { root: q.messageId?.root ?? 'unknown', extension: q.messageId?.extension }),
    ]),
  ]);
  if (errorCode) {
    ack.children.push(
      hl7('acknowledgementDetail', { typeCode: 'E' }, [
        hl7('code', { code: errorCode, codeSystem: LSP_ISSUE_CODE_SYSTEM }),
        hl7Text('text', `Simulated LSP error ${errorCode}`),
      ]),
    );
    ack.content = [...ack.children];
  }
  const from = errorCode ? lspApplicationId : ctx.provider.applicationId;
  const device = hl7('AssignedDevice', {}, [hl7('id', { root: APP_ID_OID, extension: from })]);
  if (!errorCode)
    device.children.push(
      hl7('Organization', {}, [hl7('id', { root: URA_OID, extension: ctx.provider.ura })]),
    );
  device.content = [...device.children];
  const author = hl7('authorOrPerformer', { typeCode: 'AUT' }, [hl7('participant', {}, [device])]);
  const queryAck = hl7('queryAck', {}, [
    hl7('queryId', { root: q.queryId?.root ?? 'unknown', extension: q.queryId?.extension }),
    hl7('queryResponseCode', { code: errorCode ? 'AE' : found ? 'OK' : 'NF' }),
    hl7('resultTotalQuantity', { value: '0' }),
    hl7('resultCurrentQuantity', { value: '0' }),
    hl7('resultRemainingQuantity', { value: '0' }),
  ]);
  return hl7(interaction, {}, [
    hl7('id', { root: `${APP_ID_OID}.1.1`, extension: `${Date.now()}` }),
    hl7('creationTime', { value: ctx.creationTime }),
    hl7('versionCode', { code: 'NICTIZEd2005-Okt' }),
    hl7('interactionId', { root: '2.16.840.1.113883.1.6', extension: interaction }),
    hl7('profileId', { root: '2.16.840.1.113883.2.4.3.11.1', extension: '810' }),
    hl7('processingCode', { code: 'P' }),
    hl7('processingModeCode', { code: 'T' }),
    hl7('acceptAckCode', { code: 'NE' }),
    ack,
    hl7('receiver', {}, [
      hl7('device', {}, [hl7('id', { root: APP_ID_OID, extension: q.senderApplicationId ?? '0' })]),
    ]),
    hl7('sender', {}, [hl7('device', {}, [hl7('id', { root: APP_ID_OID, extension: from })])]),
    hl7('ControlActProcess', { moodCode: 'EVN' }, [
      hl7('effectiveTime', { value: ctx.creationTime }),
      author,
      queryAck,
    ]),
  ]);
}
