/**
 * Synthetic simulator data for the tests: a temp folder with a manifest and small HL7v3 answers, written
 * for these tests (no fixture files are copied).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A single QURX_IN990113NL answer from "Apotheek Bron" (appId 555, URA 00005555) with two dispenses. */
export function dispenseAnswer(bsn: string, anchorTs: string, earlierTs: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<QURX_IN990113NL xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <id root="2.16.840.1.113883.2.4.6.6.1.1" extension="orig-1"/>
  <creationTime value="${anchorTs}093000"/>
  <interactionId root="2.16.840.1.113883.1.6" extension="QURX_IN990113NL"/>
  <acknowledgement typeCode="AA"><targetMessage><id root="1.2.3" extension="old-msg"/></targetMessage></acknowledgement>
  <receiver><device><id root="2.16.840.1.113883.2.4.6.6" extension="1"/></device></receiver>
  <sender><device><id root="2.16.840.1.113883.2.4.6.6" extension="555"/>
    <agencyFor><representedOrganization><id root="2.16.528.1.1007.3.3" extension="00005555"/></representedOrganization></agencyFor>
  </device></sender>
  <ControlActProcess moodCode="EVN">
    <authorOrPerformer typeCode="AUT"><participant><AssignedDevice>
      <id root="2.16.840.1.113883.2.4.6.6" extension="555"/>
      <Organization><id root="2.16.528.1.1007.3.3" extension="00005555"/><name>Apotheek Bron</name>
        <telecom value="x-hl7-applicatie:2.16.840.1.113883.2.4.6.6.555"/></Organization>
    </AssignedDevice></participant></authorOrPerformer>
    <subject><MedicationDispenseList>
      <subject><Patient>
        <id root="2.16.840.1.113883.2.4.6.3" extension="${bsn}"/>
        <Person><name><given>Oud</given><prefix qualifier="VV">van </prefix><family qualifier="BR">Bestand</family></name>
          <administrativeGenderCode code="F" codeSystem="2.16.840.1.113883.5.1"/><birthTime value="19700101"/></Person>
      </Patient></subject>
      <component><medicationDispenseEvent>
        <effectiveTime value="${anchorTs}"/>
        <text>Verstrekt aan ${bsn} &amp; meegegeven</text>
        <responsibleParty><assignedCareProvider><representedOrganization>
          <id root="2.16.528.1.1007.3.3" extension="00005555"/></representedOrganization></assignedCareProvider></responsibleParty>
      </medicationDispenseEvent></component>
      <component><medicationDispenseEvent>
        <effectiveTime value="${earlierTs}1015"/>
        <directTargetOf><prescription><author><AssignedPerson><representedOrganization>
          <id root="2.16.528.1.1007.3.3" extension="00007777"/></representedOrganization></AssignedPerson></author></prescription></directTargetOf>
      </medicationDispenseEvent></component>
    </MedicationDispenseList></subject>
    <queryAck><queryId root="1.2.3" extension="old-query"/><queryResponseCode code="OK"/></queryAck>
  </ControlActProcess>
</QURX_IN990113NL>
`;
}

export interface SimDataOptions {
  bsn: string;
  asPatient?: object;
  keepSources?: boolean;
  fault?: string;
  extra?: object[];
}

/**
 * Writes a data folder: manifest.json plus answers/dispenses.xml (anchor 2020-01-15, a dispense on the
 * anchor day and one on 2020-01-10).
 * @param dir - the folder to fill
 * @param o - the patient
 */
export function writeSimData(dir: string, o: SimDataOptions): void {
  mkdirSync(join(dir, 'answers'), { recursive: true });
  writeFileSync(join(dir, 'answers', 'dispenses.xml'), dispenseAnswer(o.bsn, '20200115', '20200110'));
  const patient: Record<string, unknown> = {
    bsn: o.bsn,
    label: 'TEST-PATIENT',
    answers: [{ interaction: 'QURX_IN990113NL', file: 'answers/dispenses.xml', anchor: '2020-01-15' }],
  };
  if (o.asPatient) patient.asPatient = o.asPatient;
  if (o.keepSources !== undefined) patient.keepSources = o.keepSources;
  if (o.fault) patient.fault = o.fault;
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ about: 'test data', patients: [patient, ...(o.extra ?? [])] }),
  );
}
