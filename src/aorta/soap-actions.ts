/**
 * The SOAPAction header per query interaction. Only the 6.12 dispense-list action is known from an
 * example ([E] domain/aorta.md section 1.1: `urn:hl7-org:v3/VerstrekkingsLijstquery_QueryResponse`);
 * for the others the WSDL names were not found, so `urn:hl7-org:v3/<interaction>` is used [U]. Override
 * per interaction with the client option `soapActions`.
 */

export const DEFAULT_SOAP_ACTIONS: Readonly<Record<string, string>> = {
  QURX_IN990111NL: 'urn:hl7-org:v3/VerstrekkingsLijstquery_QueryResponse',
};

/**
 * The SOAPAction for an interaction.
 * @param interaction - query interaction id
 * @param overrides - configured actions, which win
 */
export function soapActionFor(interaction: string, overrides: Readonly<Record<string, string>> = {}): string {
  return overrides[interaction] ?? DEFAULT_SOAP_ACTIONS[interaction] ?? `urn:hl7-org:v3/${interaction}`;
}
