/**
 * The HL7v3 query/answer interaction pairs Brug asks the LSP (facts: ../shared/domain/aorta.md 2.1-2.3).
 * The registry's bindings take their pairs from here; the table the simulator reads is derived from
 * those bindings (`lsp-table.ts`), so a pair no binding uses is never answered.
 */
/**
 * GP data (Ketenzorg 3.0.2, MedMij Huisartsgegevens 2.0, data service 49): one query per building
 * block. [U] Only the answer interactions are known (../shared/domain/aorta.md 2.3); the query
 * interaction ids were not found in public sources (the LSP asks GP systems with a generic query,
 * QUMT_MT020099NL03). Until VZVZ confirms them, each query is named after its answer with the suffix
 * `Q`, which no real interaction carries, so it can never be mistaken for a verified id. The registry's
 * GP bindings take their query from here and a deployment may override them there.
 */
export const GP_QUERIES = {
  episodes: {
    query: 'REPC_IN990111NLQ',
    response: 'REPC_IN990111NL',
    description: 'GP episodes (Ketenzorg)',
  },
  contacts: {
    query: 'PRPA_IN900350NLQ',
    response: 'PRPA_IN900350NL',
    description: 'GP contacts (Ketenzorg)',
  },
  contactReports: {
    query: 'REPC_IN990101NLQ',
    response: 'REPC_IN990101NL',
    description: 'GP contact reports / journal (Ketenzorg)',
  },
  generalObservations: {
    query: 'POOB_IN990003NLQ',
    response: 'POOB_IN990003NL',
    description: 'GP general observations (Ketenzorg)',
  },
  labObservations: {
    query: 'POLB_IN364001NL03Q',
    response: 'POLB_IN364001NL03',
    description: 'GP laboratory results (Ketenzorg)',
  },
  medicationAgreements: {
    query: 'QUMA_IN991203NL02Q',
    response: 'QUMA_IN991203NL02',
    description: 'GP medication agreements (MP 9.0.x, Ketenzorg)',
  },
  allergies: {
    query: 'REPC_IN990131NLQ',
    response: 'REPC_IN990131NL',
    description: 'GP allergies (Ketenzorg)',
  },
} as const;

/** The professional summary (HWG 6.10): query and answer (aorta.md 2.3). */
export const PROFESSIONAL_SUMMARY = {
  query: 'QUPC_IN990001NL',
  response: 'QUPC_IN990002NL',
  description: 'professional summary (HWG)',
} as const;

/** MP 6.12 dispense list (aorta.md 2.1). */
export const DISPENSE_612 = {
  query: 'QURX_IN990111NL',
  response: 'QURX_IN990113NL',
  description: 'medication dispense list (MP 6.12)',
} as const;

/** 6.12 allergies/intolerances, "opvragen condities" (aorta.md 2.1). */
export const ALLERGY_612 = {
  query: 'REPC_IN000023NL',
  response: 'REPC_IN000024NL',
  description: 'allergies/intolerances (6.12 ICA, "opvragen condities")',
} as const;

/** MP 9 building blocks on the LSP (aorta.md 2.2, as VZVZ maps them): query and answer per block. */
export const MP9_QUERIES = {
  agreements: {
    query: 'QUMA_IN991201NL04',
    response: 'QUMA_IN991203NL04',
    description: 'MP9 medication agreements (MA)',
  },
  dispenseRequests: {
    query: 'QUVV_IN992201NL03',
    response: 'QUVV_IN992203NL03',
    description: 'MP9 dispense requests (VV)',
  },
  administrationAgreements: {
    query: 'QUTA_IN991211NL02',
    response: 'QUTA_IN991213NL02',
    description: 'MP9 administration agreements (TA)',
  },
  dispenses: {
    query: 'QUMV_IN992211NL02',
    response: 'QUMV_IN992213NL02',
    description: 'MP9 medication dispenses (MVE)',
  },
  medicationUse: {
    query: 'QUMG_IN991221NL02',
    response: 'QUMG_IN991223NL02',
    description: 'MP9 medication use (MGB)',
  },
} as const;

/**
 * The LSP index query of the availability check (no medical content; `availability.ts`), with its
 * two possible answers. Not a search: declared here so the simulator's table has it.
 */
export const INDEX_INTERACTION = {
  query: 'QUMT_IN020010NL',
  responses: ['QUMT_IN020020NL', 'QUMT_IN020021NL'],
  description: 'index (availability)',
} as const;
