/**
 * A small, valid QURX_IN990113NL built in code for unit tests, with hooks to break one part at a time.
 */
export interface MessageParts {
  root?: string;
  patient?: string;
  dispenses?: string[];
}

/** A patient block (BSN 999990032, one of our synthetic test BSNs). */
export const PATIENT = `<subject><Patient><id root="2.16.840.1.113883.2.4.6.3" extension="999990032"/><statusCode code="active"/>
<Person><name use="L"><given>Ria</given><family qualifier="BR">Test</family></name>
<administrativeGenderCode code="F" codeSystem="2.16.840.1.113883.5.1"/><birthTime value="19700101"/></Person></Patient></subject>`;

/** One dispense; `mar` replaces the medicationAdministrationRequest content, `extra` goes after quantity. */
export function dispense(
  o: { id?: string; mar?: string; quantity?: string; product?: string; ura?: string } = {},
): string {
  const id = o.id ?? 'a0000000-0000-4000-8000-000000000001';
  const quantity =
    o.quantity ??
    '<quantity value="30"><translation value="30" code="245" codeSystem="2.16.840.1.113883.2.4.4.1.900.2" displayName="stuk"/></quantity>';
  const product =
    o.product ??
    '<code code="14243091" codeSystem="2.16.840.1.113883.2.4.4.8" displayName="OXAZEPAM GF TABLET 10MG"/>';
  const mar =
    o.mar ??
    `<text>1 maal per dag 1 stuk</text><statusCode code="active"/>
     <effectiveTime xsi:type="PIVL_TS"><period value="1" unit="d"/></effectiveTime>
     <doseQuantity><center value="1"><translation value="1" code="245" codeSystem="2.16.840.1.113883.2.4.4.1.900.2" displayName="stuk"/></center></doseQuantity>`;
  return `<component><medicationDispenseEvent>
  <id root="2.16.840.1.113883.2.4.3.11.999.77.373784005.1" extension="${id}"/><statusCode code="completed"/>
  <effectiveTime value="20261102"/>${quantity}
  <product><dispensedMedication><MedicationKind>${product}</MedicationKind>
  <therapeuticAgentOf><medicationAdministrationRequest>${mar}</medicationAdministrationRequest></therapeuticAgentOf>
  </dispensedMedication></product>
  <responsibleParty><assignedCareProvider><representedOrganization><id root="2.16.528.1.1007.3.3" extension="${o.ura ?? '00012345'}"/></representedOrganization></assignedCareProvider></responsibleParty>
  </medicationDispenseEvent></component>`;
}

/** The whole message text. */
export function message(p: MessageParts = {}): string {
  const root = p.root ?? 'QURX_IN990113NL';
  return `<${root} xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<ControlActProcess moodCode="EVN"><subject><MedicationDispenseList><code code="MEDLIST" codeSystem="2.16.840.1.113883.5.4"/>
${p.patient ?? PATIENT}${(p.dispenses ?? [dispense()]).join('')}
</MedicationDispenseList></subject><queryAck><queryResponseCode code="OK"/></queryAck></ControlActProcess></${root}>`;
}
