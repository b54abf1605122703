/**
 * Reads a `QURX_IN990113NL` message (its root element, parsed by `src/xml/`) into the typed
 * `DispenseList` model. Strict: an element that matters and is unknown or malformed throws
 * `TranslationError` with an XPath-like location. A message without a MedicationDispenseList (an NF
 * answer) reads as an empty list.
 */
import { child, type XmlElement } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import type {
  Address,
  AdministrationRequest,
  Dispense,
  DispenseList,
  Ingredient,
  NamePart,
  Patient,
  PersonName,
  Prescription,
  Product,
  ResponsibleParty,
} from './model.ts';
import { OID } from './oids.ts';
import {
  loc,
  readCode,
  readDurationAt,
  readIi,
  readPqAt,
  readRatio,
  readSchedule,
  readTsAt,
} from './read-types.ts';

const ROOT = 'QURX_IN990113NL';
const LIST_PATH = 'ControlActProcess/subject/MedicationDispenseList';

// The readers below walk the tree with direct `child` steps and index loops instead of `at()` paths,
// `childrenNamed` arrays and callbacks: a 500-dispense answer is read while its whole parse tree is
// alive, so every allocation here brings the next young-generation collection closer.

/** `child(child(el, a), b)`. */
function child2(el: XmlElement | undefined, a: string, b: string): XmlElement | undefined {
  return child(child(el, a), b);
}

/** `child(child(child(el, a), b), c)`. */
function child3(el: XmlElement | undefined, a: string, b: string, c: string): XmlElement | undefined {
  return child(child(child(el, a), b), c);
}

/** Receives what `readDispensesInto` reads, in message order. */
export interface DispenseSink {
  /** Called once, before any dispense, with the list's patient (undefined when there is none). */
  patient(patient: Patient | undefined): void;
  /** Called for each dispense as soon as it is read. */
  dispense(dispense: Dispense): void;
}

/**
 * Reads the dispense list of a `QURX_IN990113NL` message into a sink, one dispense at a time: a
 * caller that maps each dispense at once (`translateDispenseList`) lets its model die young instead
 * of keeping the whole list's model alive next to the parse tree and the FHIR resources.
 * @param message - the message root element (namespace urn:hl7-org:v3)
 * @param sink - receives the patient, then every dispense
 * @throws TranslationError at the first element that cannot be read
 */
export function readDispensesInto(message: XmlElement, sink: DispenseSink): void {
  const base = `/${message.name}`;
  if (message.name !== ROOT || message.ns !== OID.hl7v3Namespace) {
    throw new TranslationError(`expected ${ROOT} in ${OID.hl7v3Namespace}, got '${message.name}'`, base);
  }
  const list = child3(message, 'ControlActProcess', 'subject', 'MedicationDispenseList');
  if (!list) {
    sink.patient(undefined);
    return;
  }
  const listLoc = `${base}/${LIST_PATH}`;
  const patient = child2(list, 'subject', 'Patient');
  sink.patient(patient ? readPatient(patient, `${listLoc}/subject/Patient`) : undefined);
  let i = 0;
  for (const comp of list.children) {
    if (comp.name !== 'component') continue;
    i++;
    const ev = child(comp, 'medicationDispenseEvent');
    if (!ev)
      throw new TranslationError('component without medicationDispenseEvent', `${listLoc}/component[${i}]`);
    sink.dispense(readDispense(ev, `${listLoc}/component[${i}]/medicationDispenseEvent`));
  }
}

/**
 * Reads the dispense list of a `QURX_IN990113NL` message.
 * @param message - the message root element (namespace urn:hl7-org:v3)
 */
export function readDispenseList(message: XmlElement): DispenseList {
  const result: DispenseList = { dispenses: [] };
  readDispensesInto(message, {
    patient(p) {
      if (p) result.patient = p;
    },
    dispense(d) {
      result.dispenses.push(d);
    },
  });
  return result;
}

function text(el: XmlElement | undefined): string | undefined {
  if (!el) return undefined;
  const t = el.text;
  return t.trim() === '' ? undefined : t;
}

/**
 * Reads one `medicationDispenseEvent`.
 * @param ev - the element
 * @param where - its location, for errors
 */
export function readDispense(ev: XmlElement, where: string): Dispense {
  const idEl = child(ev, 'id');
  if (!idEl || (idEl.attrs.extension === undefined && idEl.attrs.root === undefined)) {
    throw new TranslationError('dispense without id', loc(where, 'id'));
  }
  const productEl = child2(ev, 'product', 'dispensedMedication');
  if (!productEl) throw new TranslationError('dispense without product/dispensedMedication', where);
  const pLoc = loc(where, 'product/dispensedMedication');
  const d: Dispense = {
    location: where,
    id: readIi(idEl),
    product: readProduct(productEl, pLoc),
    requests: [],
  };
  const status = child(ev, 'statusCode')?.attrs.code;
  if (status !== undefined) d.statusCode = status;
  const eff = child(ev, 'effectiveTime');
  if (eff) {
    const v = readTsAt(eff, where, 'effectiveTime');
    if (v !== undefined) d.effectiveTime = v;
  }
  const q = child(ev, 'quantity');
  if (q) d.quantity = readPqAt(q, where, 'quantity');
  const eut = child2(ev, 'expectedUseTime', 'width');
  if (eut) d.expectedUseTime = readDurationAt(eut, where, 'expectedUseTime/width');
  const perf = child3(ev, 'performer', 'assignedPerson', 'id');
  if (perf) d.performerId = readIi(perf);
  const rx = child(productEl, 'directTargetOf');
  const rxEl = child(rx, 'prescription');
  if (rxEl) d.prescription = readPrescription(rxEl);
  let i = 0;
  for (const t of productEl.children) {
    if (t.name !== 'therapeuticAgentOf') continue;
    i++;
    const mar = child(t, 'medicationAdministrationRequest');
    if (!mar) continue;
    d.requests.push(readRequest(mar, `${pLoc}/therapeuticAgentOf[${i}]/medicationAdministrationRequest`));
  }
  const rp = child2(ev, 'responsibleParty', 'assignedCareProvider');
  if (rp) d.responsibleParty = readResponsibleParty(rp);
  return d;
}

function readProduct(dm: XmlElement, where: string): Product {
  const kind = child(dm, 'MedicationKind');
  const codeEl = child(kind, 'code');
  if (!kind || !codeEl)
    throw new TranslationError('product without MedicationKind/code', loc(where, 'MedicationKind/code'));
  const code = readCode(codeEl);
  if (code.code === undefined && code.nullFlavor === undefined) {
    throw new TranslationError('product code without code or nullFlavor', loc(where, 'MedicationKind/code'));
  }
  if (code.code !== undefined && code.codeSystem === undefined) {
    throw new TranslationError('product code without codeSystem', loc(where, 'MedicationKind/code'));
  }
  if (code.code === undefined && code.originalText === undefined) {
    throw new TranslationError(
      'magistral preparation without originalText',
      loc(where, 'MedicationKind/code'),
    );
  }
  const p: Product = { code, ingredients: [] };
  const desc = text(child(kind, 'desc'));
  if (desc !== undefined) p.description = desc;
  // Active ingredients first, then the others (each in message order).
  let i = 0;
  for (const el of kind.children) {
    if (el.name === 'activeIngredient')
      p.ingredients.push(readIngredient(el, true, 'activeIngredientMaterialKind', i++, where));
  }
  i = 0;
  for (const el of kind.children) {
    if (el.name === 'otherIngredient')
      p.ingredients.push(readIngredient(el, false, 'ingredientMaterialKind', i++, where));
  }
  return p;
}

function ingredientLoc(el: XmlElement, i: number, where: string): string {
  return `${where}/MedicationKind/${el.name}[${i + 1}]`;
}

function readIngredient(
  el: XmlElement,
  active: boolean,
  kindName: string,
  i: number,
  where: string,
): Ingredient {
  const ic = child2(el, kindName, 'code');
  if (!ic)
    throw new TranslationError(
      'ingredient without code',
      loc(ingredientLoc(el, i, where), `${kindName}/code`),
    );
  const ing: Ingredient = { active, code: readCode(ic) };
  const q = child(el, 'quantity');
  if (q) ing.quantity = readRatio(q, loc(ingredientLoc(el, i, where), 'quantity'));
  return ing;
}

function readPrescription(el: XmlElement): Prescription {
  const p: Prescription = {};
  const id = child(el, 'id');
  if (id) p.id = readIi(id);
  const authorEl = child(el, 'author');
  const time = child(authorEl, 'time')?.attrs.value;
  if (time !== undefined) p.authorTime = time;
  const author = child2(authorEl, 'AssignedPerson', 'id');
  if (author) p.prescriberId = readIi(author);
  return p;
}

/** Children of medicationAdministrationRequest (COCT_MT940000NL) that we read or may safely pass over. */
const REQUEST_CHILDREN = new Set([
  'id',
  'text',
  'statusCode',
  'effectiveTime',
  'priorityCode',
  'routeCode',
  'approachSiteCode',
  'doseQuantity',
  'doseCheckQuantity',
  'maxDoseQuantity',
  'precondition',
  'support',
  'support2',
]);
/** Children that change the meaning of the dosing and that this translator does not map yet. */
const REQUEST_UNSUPPORTED = new Set(['rateQuantity', 'component']);

/**
 * Reads one `medicationAdministrationRequest` (COCT_MT940000NL dosing); also used for the dosing of a
 * professional summary's prescriptions (../qupc/).
 * @param mar - the medicationAdministrationRequest element
 * @param where - its location, for errors
 */
export function readRequest(mar: XmlElement, where: string): AdministrationRequest {
  for (const c of mar.children) {
    if (REQUEST_UNSUPPORTED.has(c.name))
      throw new TranslationError(`unsupported ${c.name} in a dosing instruction`, loc(where, c.name));
    if (!REQUEST_CHILDREN.has(c.name))
      throw new TranslationError(`unknown element '${c.name}' in a dosing instruction`, loc(where, c.name));
  }
  const r: AdministrationRequest = { asNeeded: [], instructions: [] };
  const t = text(child(mar, 'text'));
  if (t !== undefined) r.text = t;
  const status = child(mar, 'statusCode')?.attrs.code;
  if (status !== undefined) r.statusCode = status;
  const eff = child(mar, 'effectiveTime');
  if (eff) r.schedule = readSchedule(eff, loc(where, 'effectiveTime'));
  const dq = child(mar, 'doseQuantity');
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
    else if (low || high) {
      const one = (low ?? high)!;
      r.dose = { kind: 'fixed', quantity: readPqAt(one, where, `doseQuantity/${one.name}`) };
    } else if (dq.attrs.value !== undefined)
      r.dose = { kind: 'fixed', quantity: readPqAt(dq, where, 'doseQuantity') };
    else
      throw new TranslationError(
        'doseQuantity without center, low/high or value',
        loc(where, 'doseQuantity'),
      );
  }
  const max = child(mar, 'maxDoseQuantity');
  if (max) r.maxDose = readRatio(max, loc(where, 'maxDoseQuantity'));
  const check = child(mar, 'doseCheckQuantity');
  if (check) r.doseCheck = readRatio(check, loc(where, 'doseCheckQuantity'));
  let i = 0;
  for (const p of mar.children) {
    if (p.name !== 'precondition') continue;
    i++;
    const c = child2(p, 'observationEventCriterion', 'code');
    if (!c) throw new TranslationError('precondition without criterion code', `${where}/precondition[${i}]`);
    r.asNeeded.push(readCode(c));
  }
  i = 0;
  for (const s of mar.children) {
    if (s.name !== 'support2') continue;
    i++;
    const c = child2(s, 'medicationAdministrationInstruction', 'code');
    if (!c) throw new TranslationError('support2 without instruction code', `${where}/support2[${i}]`);
    r.instructions.push(readCode(c));
  }
  const route = child(mar, 'routeCode');
  if (route) r.route = readCode(route);
  return r;
}

function readResponsibleParty(el: XmlElement): ResponsibleParty {
  const r: ResponsibleParty = {};
  const id = child(el, 'id');
  if (id) r.personId = readIi(id);
  const code = child(el, 'code');
  if (code) r.role = readCode(code);
  const org = child(el, 'representedOrganization');
  const orgId = child(org, 'id');
  if (orgId) r.organizationId = readIi(orgId);
  const name = text(child(org, 'name'));
  if (name !== undefined) r.organizationName = name.trim();
  return r;
}

function parts(el: XmlElement, name: string): NamePart[] {
  const out: NamePart[] = [];
  for (const p of el.children) {
    if (p.name !== name) continue;
    const part: NamePart = { value: p.text };
    if (p.attrs.qualifier !== undefined) part.qualifier = p.attrs.qualifier;
    out.push(part);
  }
  return out;
}

const ADDRESS_PARTS = [
  'streetName',
  'houseNumber',
  'buildingNumberSuffix',
  'postalCode',
  'city',
  'country',
] as const;

/**
 * Reads the `Patient` (R_PatientNL) of the list.
 * @param el - the Patient element
 * @param where - its location, for errors
 */
export function readPatient(el: XmlElement, where: string): Patient {
  const p: Patient = { ids: [], names: [], addresses: [] };
  for (const c of el.children) if (c.name === 'id') p.ids.push(readIi(c));
  for (const a of el.children) {
    if (a.name !== 'addr') continue;
    const addr: Address = {};
    if (a.attrs.use !== undefined) addr.use = a.attrs.use;
    for (const k of ADDRESS_PARTS) {
      const v = text(child(a, k));
      if (v !== undefined) addr[k] = v.trim();
    }
    p.addresses.push(addr);
  }
  const person = child(el, 'Person');
  for (const n of person?.children ?? []) {
    if (n.name !== 'name') continue;
    const name: PersonName = {
      given: parts(n, 'given'),
      prefix: parts(n, 'prefix'),
      family: parts(n, 'family'),
    };
    if (n.attrs.use !== undefined) name.use = n.attrs.use;
    p.names.push(name);
  }
  const gender = child(person, 'administrativeGenderCode');
  if (gender?.attrs.code !== undefined) p.gender = gender.attrs.code;
  const birth = child(person, 'birthTime');
  if (birth) {
    const v = readTsAt(birth, where, 'Person/birthTime');
    if (v !== undefined) p.birthTime = v;
  }
  return p;
}
