/**
 * XML -> the model of one `QUMA_IN991203NL02` (Ketenzorg 3.0.2 medicatieafspraken, MP 9 templates
 * ...10.9235 agreement, ...10.9149 dosing, ...10.9084 medication treatment). The dosing is read into
 * the 6.12 `AdministrationRequest` model so the 6.12 dosage mappers apply. Strict: wrong root, an
 * agreement without id or product code, a dosing element we do not map or a bad time stamp throws
 * `TranslationError` with its location.
 */
import { at, child, childrenNamed, type XmlElement } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { readCareProvider, textOf } from '../allergy612/read-parts.ts';
import type { AdministrationRequest, Product, Schedule } from '../mp612/model.ts';
import {
  loc,
  readCode,
  readIi,
  readNumber,
  readPqAt,
  readSchedule,
  readTs,
  xsiType,
} from '../mp612/read-types.ts';
import type { AgreementDosage, MedicationAgreement, MedicationAgreementList } from './model.ts';
import { MEDICATION_AGREEMENTS_INTERACTION } from './oids.ts';
import { readOrganizerList } from './read-organizer.ts';

/** Children of a dosing substanceAdministration that are read or safely passed over. */
const DOSING_CHILDREN = new Set([
  'templateId',
  'text',
  'effectiveTime',
  'doseQuantity',
  'consumable',
  'precondition',
]);

/**
 * A Ketenzorg frequency (`hl7nl:PIVL_TS` with `hl7nl:frequency` numerator/denominator) as a 6.12
 * schedule: "n per d units" is a period of d/n units. Other timing goes to the 6.12 schedule reader.
 */
function readTiming(eff: XmlElement, where: string): Schedule {
  const freq = child(eff, 'frequency');
  if (xsiType(eff) !== 'PIVL_TS' || !freq) return readSchedule(eff, where);
  const num = child(freq, 'numerator')?.attrs.value;
  const den = child(freq, 'denominator');
  if (num === undefined || den?.attrs.value === undefined || den.attrs.unit === undefined)
    throw new TranslationError('frequency without numerator, denominator or unit', loc(where, 'frequency'));
  const n = readNumber(num, loc(where, 'frequency/numerator'));
  const d = readNumber(den.attrs.value, loc(where, 'frequency/denominator'));
  if (n <= 0) throw new TranslationError('frequency numerator must be positive', loc(where, 'frequency'));
  return { periods: [{ period: { value: d / n, unit: den.attrs.unit } }], cyclic: false };
}

function readDosing(sa: XmlElement, where: string): AdministrationRequest {
  for (const c of sa.children) {
    if (!DOSING_CHILDREN.has(c.name))
      throw new TranslationError(`unsupported '${c.name}' in a dosing instruction`, loc(where, c.name));
  }
  const r: AdministrationRequest = { asNeeded: [], instructions: [] };
  const eff = child(sa, 'effectiveTime');
  if (eff) r.schedule = readTiming(eff, loc(where, 'effectiveTime'));
  const dq = child(sa, 'doseQuantity');
  if (dq) {
    const center = child(dq, 'center');
    const low = child(dq, 'low');
    const high = child(dq, 'high');
    if (center) r.dose = { kind: 'fixed', quantity: readPqAt(center, where, 'doseQuantity/center') };
    else if (low && high)
      r.dose = {
        kind: 'range',
        low: readPqAt(low, where, 'doseQuantity/low'),
        high: readPqAt(high, where, 'doseQuantity/high'),
      };
    else
      throw new TranslationError('doseQuantity without center or low and high', loc(where, 'doseQuantity'));
  }
  childrenNamed(sa, 'precondition').forEach((p, i) => {
    const c = at(p, 'criterion/code');
    if (!c)
      throw new TranslationError('precondition without criterion code', `${where}/precondition[${i + 1}]`);
    r.asNeeded.push(readCode(c));
  });
  return r;
}

function readProduct(sa: XmlElement, where: string): Product {
  const material = at(sa, 'consumable/manufacturedProduct/manufacturedMaterial');
  const code = child(material, 'code');
  const w = loc(where, 'consumable/manufacturedProduct/manufacturedMaterial/code');
  if (!material || !code) throw new TranslationError('medication agreement without product code', w);
  const c = readCode(code);
  if (c.code === undefined || c.codeSystem === undefined)
    throw new TranslationError(
      'product without code and codeSystem (magistral products are not mapped yet)',
      w,
    );
  return { code: c, ingredients: [] };
}

/**
 * Reads one MP 9 medication building block of the agreement shape (a `substanceAdministration` with
 * id, status, text, period, product, author, dosing and treatment id): a medication agreement, or an
 * MP 9 medication use (same elements, moodCode EVN).
 * @param sa - the substanceAdministration element
 * @param where - its location, for errors
 */
export function readAgreement(sa: XmlElement, where: string): MedicationAgreement {
  const id = child(sa, 'id');
  if (!id) throw new TranslationError('medication agreement without id', where);
  const a: MedicationAgreement = {
    location: where,
    id: readIi(id),
    product: readProduct(sa, where),
    dosages: [],
  };
  const status = child(sa, 'statusCode')?.attrs.code;
  if (status !== undefined) a.statusCode = status;
  const text = textOf(child(sa, 'text'));
  if (text !== undefined) a.text = text;
  const low = at(sa, 'effectiveTime/low');
  const start = low ? readTs(low, loc(where, 'effectiveTime/low')) : undefined;
  if (start !== undefined) a.start = start;
  const high = at(sa, 'effectiveTime/high');
  const end = high ? readTs(high, loc(where, 'effectiveTime/high')) : undefined;
  if (end !== undefined) a.end = end;
  const author = child(sa, 'author');
  const time = child(author, 'time');
  const authored = time ? readTs(time, loc(where, 'author/time')) : undefined;
  if (authored !== undefined) a.authoredOn = authored;
  const assigned = child(author, 'assignedAuthor');
  if (assigned) {
    const p = readCareProvider(assigned);
    // An unstructured name ("Dr Jansen") has no parts; its text is kept as the family name.
    const plain = textOf(at(assigned, 'assignedPerson/name'));
    if (
      p.name &&
      p.name.given.length + p.name.prefix.length + p.name.family.length === 0 &&
      plain !== undefined
    )
      p.name.family = [{ value: plain }];
    // The Nictiz output gives the prescriber the address of the organization they work for.
    if (p.addresses.length === 0 && p.organization) p.addresses = [...p.organization.addresses];
    a.prescriber = p;
  }
  const route = child(sa, 'routeCode');
  childrenNamed(sa, 'entryRelationship').forEach((er, i) => {
    const w = loc(where, `entryRelationship[${i + 1}]`);
    const dosing = child(er, 'substanceAdministration');
    const procedure = child(er, 'procedure');
    if (dosing) {
      const request = readDosing(dosing, loc(w, 'substanceAdministration'));
      if (route) request.route = readCode(route);
      const d: AgreementDosage = { request };
      const seq = child(er, 'sequenceNumber')?.attrs.value;
      if (seq !== undefined) d.sequence = readNumber(seq, loc(w, 'sequenceNumber'));
      a.dosages.push(d);
    } else if (procedure) {
      const pid = child(procedure, 'id');
      if (pid && !a.treatmentId) a.treatmentId = readIi(pid);
    }
  });
  return a;
}

/**
 * Reads the medication agreements of a `QUMA_IN991203NL02` message (or of another answer interaction
 * of the same shape, e.g. the MP 9 `QUMA_IN991203NL04`).
 * @param message - the message root element
 * @param interaction - the expected root
 */
export function readMedicationAgreementList(
  message: XmlElement,
  interaction: string = MEDICATION_AGREEMENTS_INTERACTION,
): MedicationAgreementList {
  const { items, ...parts } = readOrganizerList(
    message,
    interaction,
    'substanceAdministration',
    () => readAgreement,
  );
  return { ...parts, agreements: items };
}
