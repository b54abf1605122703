/**
 * Test support: the generic MedMij response rules (../shared/domain/fhir.md 2.1, `checkMedMijRules`)
 * on a golden Bundle. A golden Bundle is the translation only; the FHIR layer adds the Bundle id and
 * the self link of the search it answers (`medmij/fhir/bundle.ts`), so they are added here the same
 * way before the rules run, and the search's parameters are checked against that link (rule 14).
 */
import { randomUUID } from 'node:crypto';
import type * as fhir from 'fhir';
import { checkMedMijRules } from '../../medmij/fhir/rules.ts';
import { encodeQuery, parseQuery } from '../../medmij/fhir/query.ts';

/** The FHIR base the golden Bundles are given (the demo's public URL). */
const BASE = 'https://brug.example.nl/fhir';

/**
 * The MedMij rule violations of a golden Bundle answering a search.
 * @param bundle - the golden Bundle (searchset, without id or links)
 * @param search - the search below the base, e.g. `huisartsdemo/49/stu3/Composition?type=http://loinc.org|67781-5`
 * @returns one message per violation; empty when the Bundle passes
 */
export function medmijRuleViolations(bundle: fhir.Bundle, search: string): string[] {
  const [path = '', query] = search.split('?', 2);
  const params = query === undefined ? [] : (parseQuery(query) ?? []);
  const url = params.length > 0 ? `${BASE}/${path}?${encodeQuery(params)}` : `${BASE}/${path}`;
  const sent: fhir.Bundle = { ...bundle, id: randomUUID(), link: [{ relation: 'self', url }] };
  return checkMedMijRules(sent, params);
}
