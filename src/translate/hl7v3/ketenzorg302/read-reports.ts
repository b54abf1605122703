/**
 * XML -> the contact report model of one `REPC_IN990101NL` (Ketenzorg 3.0.2 contactverslagen / SOEP
 * journal). Strict: wrong root, a report without id, a journal line of an unknown template or a bad
 * time stamp throws `TranslationError` with its location.
 */
import { at, child, childrenNamed, type XmlElement } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { readName, textOf } from '../allergy612/read-parts.ts';
import { loc, readCode, readIi, readTs } from '../mp612/read-types.ts';
import type {
  CareOrganization,
  CareProvider,
  ContactReport,
  ContactReportList,
  Diagnosis,
  JournalLine,
} from './model.ts';
import { CONTACT_REPORTS_INTERACTION, JOURNAL_LINE } from './oids.ts';
import { readPatientRole, readResponsibleOrganization } from './read-episodes.ts';

const HL7_NS = 'urn:hl7-org:v3';

/** The organizer's GP (`participant[@typeCode='CST']/participantRole`), to complete a RESP participant. */
function readOrganizerGp(organizer: XmlElement, org: CareOrganization | undefined): CareProvider | undefined {
  const role = at(organizer, 'participant/participantRole');
  if (!role) return undefined;
  const p: CareProvider = { addresses: [] };
  const id = child(role, 'id');
  if (id) p.id = readIi(id);
  const code = child(role, 'code');
  if (code) p.specialty = readCode(code);
  const name = at(role, 'playingEntity/name');
  if (name) p.name = readName(name);
  if (org) p.organization = org;
  return p;
}

function readDiagnosis(obs: XmlElement, where: string): Diagnosis {
  const d: Diagnosis = {};
  const id = child(obs, 'id');
  if (id) d.id = readIi(id);
  const code = child(obs, 'code');
  if (code) d.code = readCode(code);
  const status = child(obs, 'statusCode')?.attrs.code;
  if (status !== undefined) d.statusCode = status;
  const low = at(obs, 'effectiveTime/low');
  const onset = low ? readTs(low, loc(where, 'effectiveTime/low')) : undefined;
  if (onset !== undefined) d.onset = onset;
  const value = child(obs, 'value');
  if (value) d.value = readCode(value);
  return d;
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
  const resp = childrenNamed(act, 'participant').find((p) => p.attrs.typeCode === 'RESP');
  const role = child(resp, 'participantRole');
  if (role) {
    const rid = child(role, 'id');
    const ii = rid ? readIi(rid) : undefined;
    if (gp && sameIi(ii, gp.id)) r.author = gp;
    else {
      const p: CareProvider = { addresses: [] };
      if (ii) p.id = ii;
      const code = child(role, 'code');
      if (code) p.specialty = readCode(code);
      r.author = p;
    }
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
  const base = `/${message.name}`;
  if (message.name !== CONTACT_REPORTS_INTERACTION || message.ns !== HL7_NS) {
    throw new TranslationError(
      `expected ${CONTACT_REPORTS_INTERACTION} in ${HL7_NS}, got '${message.name}'`,
      base,
    );
  }
  const out: ContactReportList = { reports: [] };
  childrenNamed(child(message, 'ControlActProcess'), 'subject').forEach((s, i) => {
    const where = `${base}/ControlActProcess/subject[${i + 1}]/organizer`;
    const organizer = child(s, 'organizer');
    if (!organizer) return;
    const role = at(organizer, 'recordTarget/patientRole');
    if (role && !out.patient) out.patient = readPatientRole(role, loc(where, 'recordTarget/patientRole'));
    const org = readResponsibleOrganization(organizer);
    if (org && !out.organization) out.organization = org;
    const gp = readOrganizerGp(organizer, org);
    childrenNamed(organizer, 'component').forEach((comp, j) => {
      const act = child(comp, 'act');
      if (act) out.reports.push(readReport(act, loc(where, `component[${j + 1}]/act`), gp));
    });
  });
  return out;
}
