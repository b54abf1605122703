/**
 * What one search binding of the data-service registry declares (`registry.ts` holds the bindings
 * per kind of service): the FHIR search it answers (type, profile, categories, parameters, includes)
 * and the LSP questions that feed it (query, answer interaction, translator).
 */
import type { XmlElement } from '../xml/index.ts';
import type { TranslatedResource } from '../translate/index.ts';

/**
 * One LSP question that feeds a search: the query interaction sent, the answer interaction it gets
 * back (aorta.md 2.1-2.3), and the translator of that answer. The simulator's query -> answer table
 * is derived from these declarations (`lsp-table.ts`), so both sides read the same facts.
 */
export interface LspFeed {
  /** HL7v3 query interaction sent to the LSP. */
  query: string;
  /** The answer interaction; answer parts of other interactions are not this feed's. */
  response: string;
  /** Maps one answer part (its interaction root element) to FHIR resources. */
  translate: (message: XmlElement) => TranslatedResource[];
  /** What it asks, for logs, operators and the simulator. */
  description: string;
}

/** A category value a MedMij search names (`category=system|code`), fhir.md 2.2. */
export interface SearchCategory {
  system: string;
  code: string;
}

/**
 * One FHIR search a data service answers, and how: several bindings may share a resource type on one
 * service (MedicationRequest: MP 9 agreements and dispense requests), told apart by the `category`
 * the PGO searches (`route.ts`).
 */
export interface SearchBinding {
  /** Short stable name, for logs, the demo and tests (e.g. `mp9-ta`). */
  name: string;
  resourceType: string;
  /** Profile of the matches (the CapabilityStatement lists it). */
  profile: string;
  /**
   * The categories of the MedMij search this binding answers, e.g. both 6.12 conversion categories
   * for the conversion. Absent: the binding answers every search of its type.
   */
  categories?: readonly SearchCategory[];
  /** Search parameters the endpoint accepts for this binding (besides _id, _format, _count, _offset). */
  params: readonly string[];
  /** `_include` values accepted. */
  includes: readonly string[];
  /** The LSP questions whose answers feed the search; all are asked and their parts pooled. */
  feeds: readonly LspFeed[];
  /**
   * Applied to the pooled resources of all answers before the FHIR layer filters them (e.g. one
   * Patient when several building blocks each carry the patient).
   */
  reduce?: (pool: TranslatedResource[]) => TranslatedResource[];
  /** LSP query parameters derived from the FHIR search parameters (narrowing the question). */
  narrow?: (params: [string, string][]) => Record<string, unknown>;
}

/**
 * The query interactions a binding sends, each once, in declaration order.
 * @param binding - the binding
 */
export function queriesOf(binding: SearchBinding): string[] {
  return [...new Set(binding.feeds.map((f) => f.query))];
}

/**
 * A feed from a query/answer pair declared in `interactions.ts` and the translator of the answer.
 * @param pair - query, response and description
 * @param translate - translator of the answer interaction
 */
export function feed(
  pair: { query: string; response: string; description: string },
  translate: (message: XmlElement) => TranslatedResource[],
): LspFeed {
  return { query: pair.query, response: pair.response, description: pair.description, translate };
}
