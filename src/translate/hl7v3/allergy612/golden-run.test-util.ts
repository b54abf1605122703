/**
 * Test support for the allergy goldens (not translation): prepares an answer the way the simulator
 * serves it (date shift, `asPatient`), translates every `REPC_IN000024NL` in it (an LSP batch may hold
 * one twice; each resource is kept once, as `services/search.ts` does), and compares the Bundle field
 * by field with an expected Bundle. Entries are matched by what they are (allergy identifier,
 * practitioner name, role = practitioner + specialty, URA, "the patient"), not by generated ids.
 */
import { readFileSync } from 'node:fs';
import { AnswerFiles } from '../../../sim/lsp/answers.ts';
import path from 'node:path';
import type * as fhir from 'fhir';
import { applyAsPatient } from '../../../sim/lsp/identity.ts';
import type { AsPatient } from '../../../sim/lsp/manifest.ts';
import { daysBetween, shiftTimestamps } from '../../../sim/timeshift.ts';
import { child, childrenNamed, parseXml, type XmlElement } from '../../../xml/index.ts';
import { fromJson, fromXml, type CNode } from '../../golden/canonical.ts';
import { compareBundles, fullUrlIdMismatches, type Comparison } from '../../golden/compare.ts';
import { REPO_ROOT, SHARED_DIR } from '../../golden/fixtures.ts';
import type { TranslatedResource } from '../mp612/translate.ts';
import { ROOT_INTERACTION } from './oids.ts';
import { translateAllergyList } from './translate.ts';

/** Our own allergy goldens and the reviewed expected differences. */
export const ALLERGY_GOLDEN_DIR = path.join(REPO_ROOT, 'src/translate/hl7v3/allergy612/golden');
/** The qualification fixture folder of the 6.12 ICA conversion. */
export const ICA_DIR = path.join(SHARED_DIR, 'fixtures/hl7v3/qualification/ica-612-allergy');

/** One golden case. */
export interface AllergyCase {
  name: string;
  input: string;
  /** Expected FHIR: Nictiz XML, or our own JSON golden. */
  expected: string;
  anchor: string;
  /** The day the input is shifted to (the T of the expected file). */
  today: string;
  asPatient?: AsPatient;
}

/** The case result. */
export interface AllergyCaseResult extends Comparison {
  idMismatches: string[];
  bundle: fhir.Bundle;
}

/**
 * The messages of one interaction in an answer: the message itself or every one in an LSP batch (SOAP or not).
 * @param root - the answer's root element
 * @param interaction - the answer interaction
 */
export function messagesOf(root: XmlElement, interaction: string): XmlElement[] {
  if (root.name === interaction) return [root];
  const body = root.name === 'Envelope' ? childrenNamed(child(root, 'Body'), 'MCCI_IN200101')[0] : root;
  return childrenNamed(body, interaction);
}

/** The REPC_IN000024NL messages of an answer. */
export function allergyMessages(root: XmlElement): XmlElement[] {
  return messagesOf(root, ROOT_INTERACTION);
}

/** How to translate one kind of case: the answer interaction, its translator and the match type. */
export interface CaseTranslator {
  interaction: string;
  translate: (message: XmlElement) => TranslatedResource[];
  matchType: string;
  /** When given, only expected entries of these resource types are compared (a Nictiz file may hold more building blocks). */
  expectedTypes?: readonly string[];
  /** Applied to the pool of all messages, as the search binding's `reduce` is (e.g. one Patient). */
  reduce?: (pool: TranslatedResource[]) => TranslatedResource[];
}

const ALLERGY: CaseTranslator = {
  interaction: ROOT_INTERACTION,
  translate: translateAllergyList,
  matchType: 'AllergyIntolerance',
};

/**
 * Translates a case's input to a searchset Bundle (AllergyIntolerance = match, the rest include).
 * @param c - the case
 * @param how - the translator (default: the 6.12 ICA allergies)
 */
export function translateAllergyCase(c: AllergyCase, how: CaseTranslator = ALLERGY): fhir.Bundle {
  // Normalised as the simulator serves it (double-quoted attributes, so every TS value shifts).
  let xml = new AnswerFiles().get(c.input);
  if (c.anchor !== c.today) xml = shiftTimestamps(xml, daysBetween(c.anchor, c.today));
  const root = parseXml(xml);
  if (c.asPatient) applyAsPatient(root, c.asPatient);
  let pool: TranslatedResource[] = [];
  const seen = new Set<string>();
  for (const m of messagesOf(root, how.interaction)) {
    for (const r of how.translate(m)) {
      if (seen.has(r.fullUrl)) continue;
      seen.add(r.fullUrl);
      pool.push(r);
    }
  }
  if (how.reduce) pool = how.reduce(pool);
  const match = pool.filter((e) => e.resource.resourceType === how.matchType);
  const rest = pool.filter((e) => e.resource.resourceType !== how.matchType);
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: match.length,
    entry: [
      ...match.map((e) => ({ fullUrl: e.fullUrl, resource: e.resource, search: { mode: 'match' as const } })),
      ...rest.map((e) => ({
        fullUrl: e.fullUrl,
        resource: e.resource,
        search: { mode: 'include' as const },
      })),
    ],
  };
}

function kid(n: CNode | undefined, name: string): CNode | undefined {
  return n?.children.find((c) => c.name === name);
}

function get(n: CNode | undefined, p: string): string | undefined {
  let cur = n;
  for (const step of p.split('.')) cur = kid(cur, step);
  return cur?.value;
}

/** The last node of a `urn:oid:` (the Nictiz summary names resources `urn:oid:<root>.<id>`). */
function oidTail(url: string | undefined): string | undefined {
  return url?.startsWith('urn:oid:') ? url.slice(url.lastIndexOf('.') + 1) : undefined;
}

/**
 * The identity of a resource, for matching entries (other types keep compare.ts's own keys): its
 * identifier, else (a resource without one) the id its `urn:oid:` fullUrl ends with.
 * @param r - the resource
 * @param fullUrl - its entry's fullUrl
 */
function identity(r: CNode, fullUrl: string | undefined): string | undefined {
  switch (r.name) {
    case 'AllergyIntolerance':
    case 'EpisodeOfCare':
    case 'Encounter':
    case 'Condition':
    case 'MedicationRequest':
      return get(r, 'identifier.value') ?? oidTail(fullUrl);
    case 'Composition': {
      // A contact journal without an id of its own is the journal of its contact.
      const own = get(r, 'identifier.value');
      if (own !== undefined) return own;
      const contact = get(r, 'encounter.identifier.value') ?? oidTail(get(r, 'encounter.reference'));
      return contact === undefined ? undefined : `contact ${contact}`;
    }
    case 'Observation':
      // Journal lines have no identifier: what they say is who they are (repeats get #2, #3 in order).
      return (
        get(r, 'identifier.value') ?? `${get(r, 'code.coding.code') ?? '?'}:${get(r, 'valueString') ?? '?'}`
      );
    case 'Practitioner':
      return get(r, 'name.text') ?? get(r, 'name.family') ?? get(r, 'identifier.value');
    case 'PractitionerRole': {
      // By the practitioner's name; a practitioner without one (each side has its own placeholder
      // display) by the number its reference ends with.
      const display = get(r, 'practitioner.display');
      const named = display !== undefined && !/^(Zorgverlener met id|Responsible Party)/.test(display);
      const who = named ? display : (/(\d+)$/.exec(get(r, 'practitioner.reference') ?? '')?.[1] ?? '?');
      return `${who}/${get(r, 'specialty.coding.code') ?? '?'}`;
    }
    case 'RelatedPerson':
      return 'contact';
    default:
      return undefined;
  }
}

/** Sets each resource's `id` to its identity, so compare.ts matches entries by what they are. */
function keyed(bundle: CNode): CNode {
  return {
    ...bundle,
    children: bundle.children.map((e) => {
      if (e.name !== 'entry') return e;
      return {
        ...e,
        children: e.children.map((res) => {
          const r = res.name === 'resource' ? res.children[0] : undefined;
          const key = r ? identity(r, kid(e, 'fullUrl')?.value) : undefined;
          if (!r || key === undefined) return res;
          const rest = r.children.filter((k) => k.name !== 'id');
          return {
            ...res,
            children: [{ ...r, children: [{ name: 'id', value: key, children: [] }, ...rest] }],
          };
        }),
      };
    }),
  };
}

/**
 * Runs a case against its expected file.
 * @param c - the case
 * @param how - the translator (default: the 6.12 ICA allergies)
 */
export function runAllergyCase(c: AllergyCase, how: CaseTranslator = ALLERGY): AllergyCaseResult {
  const bundle = translateAllergyCase(c, how);
  const actual = fromJson('Bundle', bundle as unknown as Record<string, unknown>);
  const expected = c.expected.endsWith('.json')
    ? fromJson('Bundle', JSON.parse(readFileSync(c.expected, 'utf8')) as Record<string, unknown>)
    : fromXml(parseXml(readFileSync(c.expected, 'utf8')));
  const types = how.expectedTypes;
  const kept: CNode = types
    ? {
        ...expected,
        children: expected.children.filter(
          (e) => e.name !== 'entry' || types.includes(kid(e, 'resource')?.children[0]?.name ?? ''),
        ),
      }
    : expected;
  // The Nictiz file answers another search (e.g. Compositions with their Encounters included): the
  // entries of our match type are the matches of ours, with search.mode match.
  const isMatch = (e: CNode): boolean => kid(e, 'resource')?.children[0]?.name === how.matchType;
  const total = types ? kept.children.filter((e) => e.name === 'entry' && isMatch(e)).length : undefined;
  const withTotal: CNode =
    total === undefined
      ? kept
      : {
          ...kept,
          children: kept.children.map((k) => {
            if (k.name === 'total') return { ...k, value: String(total) };
            if (k.name !== 'entry') return k;
            const mode = isMatch(k) ? 'match' : 'include';
            return {
              ...k,
              children: k.children.map((x) =>
                x.name === 'search'
                  ? { name: 'search', children: [{ name: 'mode', value: mode, children: [] }] }
                  : x,
              ),
            };
          }),
        };
  return {
    ...compareBundles(keyed(withTotal), keyed(actual)),
    idMismatches: fullUrlIdMismatches(actual),
    bundle,
  };
}
