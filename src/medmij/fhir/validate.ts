/**
 * Reads the request's search parameters against the resource type's table: each known filter is
 * parsed (tokens, date terms, chains), control parameters (`_include`, `_count`, `_offset`, `_format`)
 * are read, unknown parameters are ignored and left out of the self link, or refused with
 * `Prefer: handling=strict` (http://hl7.org/fhir/STU3/search.html#errors). A known parameter with a
 * bad value is a 400 naming the parameter.
 */
import { parseDateTerm, type DateTerm } from './dates.ts';
import { badRequest, maskBsn } from './outcome.ts';
import type { ChainedTokenParam, DateParam, SearchTable, TokenParam } from './params.ts';
import { BSN_SYSTEM } from './scrub.ts';

/** One alternative of a token search value. */
export interface TokenQuery {
  /** undefined: any system; '': no system (`|code`). */
  system?: string;
  /** undefined: any code (`system|`). */
  code?: string;
}

export type Filter =
  | { kind: 'token'; name: string; param: TokenParam; anyOf: TokenQuery[] }
  | { kind: 'chain'; name: string; param: ChainedTokenParam; anyOf: TokenQuery[] }
  | { kind: 'date'; name: string; param: DateParam; term: DateTerm };

export interface ParsedSearch {
  /** Every filter must hold (repeated parameters are AND). */
  filters: Filter[];
  /** `_include` values in request order, each once. */
  includes: string[];
  /** Page size when `_count` is given; otherwise all matches in one page. */
  count?: number;
  /** Index of the first match on this page (`_offset`, our paging parameter). */
  offset: number;
  /** The `_format` value, if given. */
  format?: string;
  /** The parameters used, in request order: what the self link shows and the source receives. */
  used: [string, string][];
  /** Names of parameters that were ignored (unknown or unsupported). */
  ignored: string[];
}

/** Largest page served; a larger `_count` is reduced to this. */
export const MAX_COUNT = 1000;
/** The paging parameter Brug puts in `next` links. */
export const OFFSET_PARAM = '_offset';

/** Splits on a separator not escaped with a backslash. */
function splitUnescaped(s: string, sep: string, limit = Infinity): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1]!;
      i++;
    } else if (c === sep && out.length < limit - 1) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function unescape(s: string): string {
  return s.replace(/\\([\\,|$])/g, '$1');
}

/**
 * Parses a token search value: comma-separated alternatives, each `code`, `system|code`, `|code` or
 * `system|`.
 * @param value - the parameter value
 * @returns the alternatives, or undefined when one is empty
 */
export function parseTokenValue(value: string): TokenQuery[] | undefined {
  const out: TokenQuery[] = [];
  for (const alt of splitUnescaped(value, ',')) {
    if (alt === '') return undefined;
    const parts = splitUnescaped(alt, '|', 2);
    if (parts.length === 1) {
      out.push({ code: unescape(alt) });
      continue;
    }
    const system = unescape(parts[0]!);
    const code = unescape(parts[1]!);
    if (system === '' && code === '') return undefined;
    out.push(code === '' ? { system } : { system, code });
  }
  return out;
}

function describe(name: string, value: string): string {
  const shown = maskBsn(value.length > 80 ? `${value.slice(0, 80)}...` : value);
  return `Search parameter '${maskBsn(name)}' has an invalid value '${shown}'.`;
}

/**
 * Validates and parses the search parameters of one request.
 * @param table - the searched resource type's table
 * @param params - the request's parameters in order
 * @param strict - `Prefer: handling=strict`: unknown parameters are an error
 * @throws FhirError 400 on a bad value, or an unknown parameter under strict handling
 */
export function parseSearch(
  table: SearchTable,
  params: readonly [string, string][],
  strict: boolean,
): ParsedSearch {
  const out: ParsedSearch = { filters: [], includes: [], offset: 0, used: [], ignored: [] };
  const ignore = (name: string): void => {
    if (strict)
      throw badRequest(`Unknown or unsupported search parameter '${maskBsn(name)}'.`, maskBsn(name));
    out.ignored.push(name);
  };
  for (const [name, value] of params) {
    if (value === '') continue; // an empty parameter is no constraint
    if (value.includes(BSN_SYSTEM)) {
      // A search by BSN is never needed (the token names the patient) and would put it in the self link.
      throw badRequest(`Search parameter '${maskBsn(name)}' may not refer to a BSN.`, maskBsn(name));
    }
    const [base, modifier] = name.split(':', 2) as [string, string | undefined];
    switch (base) {
      case '_format':
        if (modifier !== undefined) return fail(name, value);
        out.format = value;
        out.used.push([name, value]);
        continue;
      case '_count': {
        if (modifier !== undefined || !/^\d{1,9}$/.test(value)) return fail(name, value);
        out.count = Math.min(Number(value), MAX_COUNT);
        out.used.push([name, value]);
        continue;
      }
      case OFFSET_PARAM: {
        if (modifier !== undefined || !/^\d{1,9}$/.test(value)) return fail(name, value);
        out.offset = Number(value);
        out.used.push([name, value]);
        continue;
      }
      case '_include':
        if (modifier !== undefined || !(value in table.includes)) {
          ignore(name);
          continue;
        }
        if (!out.includes.includes(value)) out.includes.push(value);
        out.used.push([name, value]);
        continue;
    }
    const param = table.params[base];
    if (!param) {
      ignore(name);
      continue;
    }
    if (modifier !== undefined) {
      throw badRequest(
        `Modifier ':${maskBsn(modifier)}' is not supported on search parameter '${base}'.`,
        base,
      );
    }
    if (param.kind === 'date') {
      const term = parseDateTerm(value);
      if (!term) return fail(name, value);
      out.filters.push({ kind: 'date', name, param, term });
    } else {
      const anyOf = parseTokenValue(value);
      if (!anyOf) return fail(name, value);
      out.filters.push(
        param.kind === 'token'
          ? { kind: 'token', name, param, anyOf }
          : { kind: 'chain', name, param, anyOf },
      );
    }
    out.used.push([name, value]);
  }
  return out;
}

function fail(name: string, value: string): never {
  // The name goes back as the expression: masked like the text, since it is PGO input too.
  throw badRequest(describe(name, value), maskBsn(name));
}
