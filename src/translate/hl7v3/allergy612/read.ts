/**
 * XML (`src/xml/`) -> the allergy model of one `REPC_IN000024NL`. Strict: an unexpected root, a
 * Condition without id, or a bad time stamp throws `TranslationError` with its location.
 */
import { at, child, childrenNamed, type XmlElement } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { loc, readCode, readIi, readTs } from '../mp612/read-types.ts';
import type { AllergyCondition, AllergyList, Informant } from './model.ts';
import { ROOT_INTERACTION } from './oids.ts';
import { readAllergyPatient, readCareProvider, readRelatedParty, textOf } from './read-parts.ts';

const HL7_NS = 'urn:hl7-org:v3';

/**
 * Reads the Conditions of a `REPC_IN000024NL` message.
 * @param message - the message root element
 */
export function readAllergyList(message: XmlElement): AllergyList {
  const base = `/${message.name}`;
  if (message.name !== ROOT_INTERACTION || message.ns !== HL7_NS) {
    throw new TranslationError(`expected ${ROOT_INTERACTION} in ${HL7_NS}, got '${message.name}'`, base);
  }
  const cap = child(message, 'ControlActProcess');
  const out: AllergyList = { conditions: [] };
  childrenNamed(cap, 'subject').forEach((s, i) => {
    const where = `${base}/ControlActProcess/subject[${i + 1}]/Condition`;
    const c = child(s, 'Condition');
    if (!c)
      throw new TranslationError('subject without Condition', `${base}/ControlActProcess/subject[${i + 1}]`);
    out.conditions.push(readCondition(c, where));
  });
  return out;
}

function readInformant(el: XmlElement | undefined): Informant | undefined {
  if (!el) return undefined;
  if (child(el, 'patient')) return { kind: 'patient' };
  const ap = child(el, 'assignedPerson');
  if (ap) return { kind: 'care-provider', provider: readCareProvider(ap) };
  const rp = child(el, 'responsibleParty');
  if (rp) return { kind: 'related', party: readRelatedParty(rp) };
  return undefined;
}

/**
 * Reads one Condition.
 * @param c - the Condition element
 * @param where - its location, for errors
 */
export function readCondition(c: XmlElement, where: string): AllergyCondition {
  const idEl = child(c, 'id');
  if (!idEl) throw new TranslationError('Condition without id', where);
  const codeEl = child(c, 'code');
  if (!codeEl) throw new TranslationError('Condition without code', where);
  const out: AllergyCondition = { location: where, id: readIi(idEl), code: readCode(codeEl), notes: [] };
  const text = textOf(child(c, 'text'));
  if (text !== undefined) out.text = text;
  const status = child(c, 'statusCode')?.attrs.code;
  if (status !== undefined) out.statusCode = status;
  const low = at(c, 'effectiveTime/low');
  if (low) {
    const v = readTs(low, loc(where, 'effectiveTime/low'));
    if (v !== undefined) out.onset = v;
  }
  const unc = child(c, 'uncertaintyCode')?.attrs.code;
  if (unc !== undefined) out.uncertainty = unc;
  const material = at(c, 'causativeAgent/administerableMaterial');
  const kind =
    child(material, 'administerableMedicationKind') ?? child(material, 'administerableMaterialKind');
  const agent = child(kind, 'code');
  if (agent) out.agent = readCode(agent);
  const patient = at(c, 'subject/patient');
  if (patient) out.patient = readAllergyPatient(patient, loc(where, 'subject/patient'));
  const author = child(c, 'author');
  const time = child(author, 'time');
  if (time) {
    const v = readTs(time, loc(where, 'author/time'));
    if (v !== undefined) out.authorTime = v;
  }
  const ap = child(author, 'assignedPerson');
  if (ap) out.author = readCareProvider(ap);
  const informant = readInformant(child(c, 'informant'));
  if (informant) out.informant = informant;
  for (const s of childrenNamed(c, 'subjectOf2')) {
    const t = textOf(at(s, 'annotation/text'));
    if (t !== undefined) out.notes.push(t);
  }
  return out;
}
