/**
 * XML -> the contact report model of one `REPC_IN990101NL` (Ketenzorg 3.0.2 contactverslagen / SOEP
 * journal). Strict: wrong root, a report without id, a journal line of an unknown template or a bad
 * time stamp throws `TranslationError` with its location.
 */
import { at, child, childrenNamed, type XmlElement } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { textOf } from '../allergy612/read-parts.ts';
import { loc, readIi, readTs } from '../mp612/read-types.ts';
import type {
  CareOrganization,
  CareProvider,
  ContactReport,
  ContactReportList,
  JournalLine,
} from './model.ts';
import { CONTACT_REPORTS_INTERACTION, JOURNAL_LINE } from './oids.ts';
import { readDiagnosis, readProviderRole, responsibleRole } from './read-acts.ts';
import { readOrganizerList } from './read-organizer.ts';

/** The organizer's GP (`participant[@typeCode='CST']/participantRole`), to complete a RESP participant. */
function readOrganizerGp(organizer: XmlElement, org: CareOrganization | undefined): CareProvider | undefined {
  const role = at(organizer, 'participant/participantRole');
  if (!role) return undefined;
  const p = readProviderRole(role, 'playingEntity/name');
  if (org) p.organization = org;
  return p;
}

function readLine(act: XmlElement, where: string): JournalLine {
  const templates = childrenNamed(act, 'templateId').map((t) => t.attrs.root ?? '');
  const kind = templates.map((t) => JOURNAL_LINE[t]).find((k) => k !== undefined);
  if (!kind)
    throw new TranslationError(
      `unknown journal line template '${templates.join(',')}'`,
      loc(where, 'templateId'),
    );
  const line: JournalLine = { location: where, type: kind.type };
  const text = textOf(child(act, 'text'));
  if (text !== undefined) line.text = text;
  for (const er of childrenNamed(act, 'entryRelationship')) {
    const obs = child(er, 'observation');
    if (obs && !line.diagnosis)
      line.diagnosis = readDiagnosis(obs, loc(where, 'entryRelationship/observation'));
  }
  return line;
}

function sameIi(
  a: { root?: string; extension?: string } | undefined,
  b: { root?: string; extension?: string } | undefined,
): boolean {
  return a?.extension !== undefined && a.extension === b?.extension && a.root === b.root;
}

function readReport(act: XmlElement, where: string, gp: CareProvider | undefined): ContactReport {
  const id = child(act, 'id');
  if (!id) throw new TranslationError('contact report without id', where);
  const r: ContactReport = { location: where, id: readIi(id), encounterIds: [], concernIds: [], lines: [] };
  const status = child(act, 'statusCode')?.attrs.code;
  if (status !== undefined) r.statusCode = status;
  const eff = child(act, 'effectiveTime');
  const time = eff ? readTs(eff, loc(where, 'effectiveTime')) : undefined;
  if (time !== undefined) r.time = time;
  const role = responsibleRole(act);
  if (role) {
    const p = readProviderRole(role);
    r.author = gp && sameIi(p.id, gp.id) ? gp : p;
  } else if (gp) r.author = gp;
  childrenNamed(act, 'entryRelationship').forEach((er, i) => {
    const enc = child(er, 'encounter');
    const sub = child(er, 'act');
    if (enc) {
      const eid = child(enc, 'id');
      if (eid) r.encounterIds.push(readIi(eid));
    } else if (sub && er.attrs.typeCode === 'REFR') {
      const cid = child(sub, 'id');
      if (cid) r.concernIds.push(readIi(cid));
    } else if (sub) {
      r.lines.push(readLine(sub, loc(where, `entryRelationship[${i + 1}]/act`)));
    }
  });
  return r;
}

/**
 * Reads the contact reports of a `REPC_IN990101NL` message.
 * @param message - the message root element
 */
export function readContactReportList(message: XmlElement): ContactReportList {
  const { items, ...parts } = readOrganizerList(
    message,
    CONTACT_REPORTS_INTERACTION,
    'act',
    (organizer, org) => {
      const gp = readOrganizerGp(organizer, org);
      return (act, where) => readReport(act, where, gp);
    },
  );
  return { ...parts, reports: items };
}
