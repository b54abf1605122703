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

export const QUERY_INTERACTIONS: readonly QueryInteraction[] = [
  {
    query: 'QURX_IN990111NL',
    responses: ['QURX_IN990113NL'],
    description: 'medication dispense list (MP 6.12)',
  },
  { query: 'QUMA_IN991201NL04', responses: ['QUMA_IN991203NL04'], description: 'MP9 medication agreements' },
  { query: 'QUVV_IN992201NL03', responses: ['QUVV_IN992203NL03'], description: 'MP9 dispense requests' },
  {
    query: 'QUTA_IN991211NL02',
    responses: ['QUTA_IN991213NL02'],
    description: 'MP9 administration agreements',
  },
  { query: 'QUMV_IN992211NL02', responses: ['QUMV_IN992213NL02'], description: 'MP9 medication dispenses' },
  { query: 'QUMG_IN991221NL02', responses: ['QUMG_IN991223NL02'], description: 'MP9 medication use' },
  { query: 'QUPC_IN990001NL', responses: ['QUPC_IN990002NL'], description: 'professional summary (HWG)' },
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
