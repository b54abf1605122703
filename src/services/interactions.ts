/**
 * Which HL7v3 answer interaction each query interaction gets. Declared once: the LSP client, the data
 * services and the simulator all read this table (DESIGN.md: the simulator maps the query it receives
 * through the same table). Facts: ../shared/domain/aorta.md sections 2.1-2.3.
 */
export interface QueryInteraction {
  /** Query interaction id sent to the LSP. */
  query: string;
  /** Response interaction id(s) that answer it (a GP query can be answered by several building blocks). */
  responses: string[];
  /** What it asks, for logs and operators. */
  description: string;
}

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

/** MP 9 building blocks on the LSP (aorta.md 2.2, as VZVZ maps them): query and answer per block. */
export const MP9_QUERIES = {
  agreements: { query: 'QUMA_IN991201NL04', response: 'QUMA_IN991203NL04' },
  dispenseRequests: { query: 'QUVV_IN992201NL03', response: 'QUVV_IN992203NL03' },
  administrationAgreements: { query: 'QUTA_IN991211NL02', response: 'QUTA_IN991213NL02' },
  dispenses: { query: 'QUMV_IN992211NL02', response: 'QUMV_IN992213NL02' },
  medicationUse: { query: 'QUMG_IN991221NL02', response: 'QUMG_IN991223NL02' },
} as const;

export const QUERY_INTERACTIONS: readonly QueryInteraction[] = [
  {
    query: 'QURX_IN990111NL',
    responses: ['QURX_IN990113NL'],
    description: 'medication dispense list (MP 6.12)',
  },
  {
    query: 'REPC_IN000023NL',
    responses: ['REPC_IN000024NL'],
    description: 'allergies/intolerances (6.12 ICA, "opvragen condities")',
  },
  {
    query: MP9_QUERIES.agreements.query,
    responses: [MP9_QUERIES.agreements.response],
    description: 'MP9 medication agreements',
  },
  { query: 'QUVV_IN992201NL03', responses: ['QUVV_IN992203NL03'], description: 'MP9 dispense requests' },
  {
    query: 'QUTA_IN991211NL02',
    responses: ['QUTA_IN991213NL02'],
    description: 'MP9 administration agreements',
  },
  { query: 'QUMV_IN992211NL02', responses: ['QUMV_IN992213NL02'], description: 'MP9 medication dispenses' },
  {
    query: MP9_QUERIES.medicationUse.query,
    responses: [MP9_QUERIES.medicationUse.response],
    description: 'MP9 medication use',
  },
  {
    query: PROFESSIONAL_SUMMARY.query,
    responses: [PROFESSIONAL_SUMMARY.response],
    description: PROFESSIONAL_SUMMARY.description,
  },
  ...Object.values(GP_QUERIES).map((g) => ({
    query: g.query,
    responses: [g.response],
    description: `${g.description} [U: query id unverified]`,
  })),
  {
    query: 'QUMT_IN020010NL',
    responses: ['QUMT_IN020020NL', 'QUMT_IN020021NL'],
    description: 'index (availability)',
  },
];

/** The response interactions for a query interaction, or undefined for an unknown query. */
export function responsesFor(query: string): string[] | undefined {
  return QUERY_INTERACTIONS.find((q) => q.query === query)?.responses;
}
