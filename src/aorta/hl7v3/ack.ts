/**
 * Acknowledgements and detected issues in an answer: the transmission acknowledgement (`typeCode` AA/AE/AR,
 * or CA/CE/CR in MCCI_IN000002) with its `acknowledgementDetail`s, and the control act's
 * `reasonOf/justifiedDetectedIssue` (e.g. AUTERR_SWV_FALSE). Every text is BSN-masked.
 */
import { all, at, child, type XmlElement } from '../../xml/index.ts';
import type { LspIssue } from '../types.ts';
import { maskBsns } from '../mask.ts';

function issueFrom(
  codeEl: XmlElement | undefined,
  textEl: XmlElement | undefined,
  severity?: string,
): LspIssue | null {
  const code = codeEl?.attrs.code;
  const text = textEl?.text.trim() || codeEl?.attrs.displayName;
  if (!code && !text) return null;
  const issue: LspIssue = { code: code ?? 'UNKNOWN' };
  if (codeEl?.attrs.codeSystem) issue.codeSystem = codeEl.attrs.codeSystem;
  if (text) issue.text = maskBsns(text);
  if (severity) issue.severity = severity;
  return issue;
}

/** The acknowledgement typeCode of an interaction ('' when it has none). */
export function ackTypeOf(msg: XmlElement): string {
  return child(msg, 'acknowledgement')?.attrs.typeCode ?? '';
}

/**
 * The issues of `acknowledgement/acknowledgementDetail` (severity from its typeCode E/W/I).
 * @param msg - an interaction or batch element
 */
export function ackDetails(msg: XmlElement): LspIssue[] {
  const out: LspIssue[] = [];
  for (const d of all(msg, 'acknowledgement/acknowledgementDetail')) {
    const issue = issueFrom(child(d, 'code'), child(d, 'text'), d.attrs.typeCode);
    if (issue) out.push(issue);
  }
  return out;
}

/**
 * The issues of `ControlActProcess/reasonOf/justifiedDetectedIssue`.
 * @param msg - an interaction element
 */
export function detectedIssues(msg: XmlElement): LspIssue[] {
  const out: LspIssue[] = [];
  for (const d of all(msg, 'ControlActProcess/reasonOf/justifiedDetectedIssue')) {
    const issue = issueFrom(child(d, 'code'), child(d, 'text'), 'E');
    if (issue) out.push(issue);
  }
  return out;
}

/** queryAck/queryResponseCode (OK, NF, AE, QE), or undefined. */
export function queryResponseCodeOf(msg: XmlElement): string | undefined {
  return at(msg, 'ControlActProcess/queryAck/queryResponseCode')?.attrs.code;
}

/** True for an acknowledgement type that reports an error (AE, AR, CE, CR). */
export function isErrorAck(typeCode: string): boolean {
  return typeCode === 'AE' || typeCode === 'AR' || typeCode === 'CE' || typeCode === 'CR';
}
