/**
 * Parses an LSP answer into the typed model (`LspAnswer`): a single answer interaction (e.g.
 * QURX_IN990113NL) or an LSP batch `MCCI_IN200101` whose contained interactions are one part each, bare
 * or inside a SOAP 1.1 envelope. Only parts from the addressed provider are kept; LSP-generated parts
 * (e.g. AUTERR_SWV_FALSE) become `lspIssues`, never data.
 */
import type { XmlElement } from '../../xml/index.ts';
import { LspError } from '../errors.ts';
import { unwrapSoap } from '../transport/soap.ts';
import type { AnswerPart, LspAnswer, LspIssue, LspTarget } from '../types.ts';
import { ackDetails, ackTypeOf, detectedIssues, isErrorAck, queryResponseCodeOf } from './ack.ts';
import { HL7_NS } from './oids.ts';
import { isFromTarget, readSource } from './source.ts';

const INTERACTION_RE = /^[A-Z]{4}_IN\d{6}[A-Z0-9]*$/;

export interface ParseAnswerOptions {
  /** The provider the query was addressed to. */
  target: LspTarget;
  /** The LSP's own application id: parts it authored are issues, not data. */
  lspApplicationId: string;
}

/** One part before filtering, with where it came from. */
export interface RawPart extends AnswerPart {
  /** True when the LSP itself authored the part (e.g. AUTERR_SWV_FALSE). */
  fromLsp: boolean;
  /** All application ids the part names for its source. */
  applicationIds: string[];
}

/**
 * Reads one answer interaction into a part.
 * @param msg - the interaction element
 * @param lspApplicationId - the LSP's application id
 */
export function readPart(msg: XmlElement, lspApplicationId: string): RawPart {
  const src = readSource(msg);
  const part: RawPart = {
    interaction: msg.name,
    source: { applicationId: src.applicationId },
    ackType: ackTypeOf(msg),
    issues: [...ackDetails(msg), ...detectedIssues(msg)],
    message: msg,
    fromLsp: src.applicationId === lspApplicationId && src.ura === undefined,
    applicationIds: src.applicationIds,
  };
  if (src.ura !== undefined) part.source.ura = src.ura;
  if (src.name !== undefined) part.source.name = src.name;
  const qrc = queryResponseCodeOf(msg);
  if (qrc !== undefined) part.queryResponseCode = qrc;
  return part;
}

/**
 * Splits an answer into its parts, unfiltered, plus the batch-level acknowledgement.
 * @param doc - the parsed document (SOAP envelope or bare interaction)
 * @param lspApplicationId - the LSP's application id
 * @throws LspError 'soap-fault' or 'malformed'
 */
export function splitAnswer(
  doc: XmlElement,
  lspApplicationId: string,
): { parts: RawPart[]; batchAck: string; batchIssues: LspIssue[]; batch: boolean } {
  const root = unwrapSoap(doc);
  if (root.ns !== HL7_NS || !INTERACTION_RE.test(root.name)) {
    throw new LspError('malformed', `answer is {${root.ns}}${root.name}, not an HL7v3 interaction`);
  }
  if (root.name === 'MCCI_IN200101') {
    const parts = root.children
      .filter((c) => c.ns === HL7_NS && INTERACTION_RE.test(c.name))
      .map((c) => readPart(c, lspApplicationId));
    return { parts, batchAck: ackTypeOf(root), batchIssues: ackDetails(root), batch: true };
  }
  if (root.name === 'MCCI_IN000002') {
    // An accept acknowledgement instead of an answer: the LSP refused the message as a whole.
    return { parts: [], batchAck: ackTypeOf(root), batchIssues: ackDetails(root), batch: false };
  }
  return { parts: [readPart(root, lspApplicationId)], batchAck: '', batchIssues: [], batch: false };
}

function toAnswerPart(p: RawPart): AnswerPart {
  const part: AnswerPart = {
    interaction: p.interaction,
    source: p.source,
    ackType: p.ackType,
    issues: p.issues,
    message: p.message,
  };
  if (p.queryResponseCode !== undefined) part.queryResponseCode = p.queryResponseCode;
  return part;
}

function sameMessage(a: XmlElement, b: XmlElement): boolean {
  const ia = a.children.find((c) => c.name === 'id')?.attrs;
  const ib = b.children.find((c) => c.name === 'id')?.attrs;
  return !!ia && !!ib && ia.root === ib.root && ia.extension === ib.extension && a.name === b.name;
}

/**
 * Parses an answer and keeps the addressed provider's parts.
 *
 * Throws `LspError('refused', codes)` when the LSP refused the query as a whole (batch or accept
 * acknowledgement AE/AR/CE/CR) or when nothing but LSP-generated error parts remains; an answer with
 * provider parts is returned with the LSP's own issues in `lspIssues`. A part repeated with the same
 * message id (LSP batches can hold the same message twice) is kept once.
 * @param doc - the parsed document (SOAP envelope or bare interaction)
 * @param opts - the target provider and the LSP's application id
 */
export function parseAnswer(doc: XmlElement, opts: ParseAnswerOptions): LspAnswer {
  const { parts, batchAck, batchIssues } = splitAnswer(doc, opts.lspApplicationId);
  const kept: AnswerPart[] = [];
  const lspIssues: LspIssue[] = [...batchIssues];
  let dropped = 0;
  for (const p of parts) {
    if (p.fromLsp) {
      lspIssues.push(...p.issues);
      continue;
    }
    if (
      !isFromTarget(
        {
          applicationId: p.source.applicationId,
          applicationIds: p.applicationIds,
          ...(p.source.ura ? { ura: p.source.ura } : {}),
        },
        opts.target,
      )
    ) {
      dropped++;
      continue;
    }
    if (kept.some((k) => sameMessage(k.message, p.message))) continue;
    kept.push(toAnswerPart(p));
  }
  const lspRefused = parts.some((p) => p.fromLsp && isErrorAck(p.ackType));
  if (isErrorAck(batchAck) || (kept.length === 0 && lspRefused)) {
    const codes = [...new Set(lspIssues.map((i) => i.code))];
    const texts = lspIssues.map((i) => `${i.code}${i.text ? ` (${i.text})` : ''}`).join('; ');
    throw new LspError('refused', `the LSP refused the query: ${texts || batchAck}`, { codes });
  }
  return { parts: kept, droppedParts: dropped, lspIssues };
}
