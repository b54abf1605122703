/**
 * The MP 9 translators on small messages: what each field becomes, the use indicator, and strictness
 * (wrong root, a building block without id, a part we do not map, an unknown status).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as fhir from 'fhir';
import { parseXml } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import {
  translateMp9AdministrationAgreements,
  translateMp9DispenseRequests,
  translateMp9Dispenses,
  translateMp9MedicationUse,
} from './translate.ts';

const T = '2.16.840.1.113883.2.4.3.11.60.20.77.10';

function message(root: string, component: string): string {
  return `<${root} xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:hl7nl="urn:hl7-nl:v3">
  <id extension="M1" root="1.2.3"/>
  <ControlActProcess moodCode="EVN"><subject><organizer classCode="CLUSTER" moodCode="EVN">
    <recordTarget><patientRole><id root="2.16.840.1.113883.2.4.6.3" extension="999990123"/>
      <patient><name><given>Ida</given><family>Test</family></name></patient></patientRole></recordTarget>
    <component>${component}</component>
  </organizer></subject></ControlActProcess></${root}>`;
}

const PRODUCT = `<manufacturedProduct><manufacturedMaterial>
  <code code="90011" codeSystem="2.16.840.1.113883.2.4.4.10" displayName="Sertraline tablet 50mg"/>
</manufacturedMaterial></manufacturedProduct>`;

const PHARMACY = `<representedOrganization><id root="2.16.528.1.1007.3.3" extension="90000131"/>
  <name>Apotheek Test</name></representedOrganization>`;

function only<T extends fhir.Resource>(pool: { resource: fhir.Resource }[], type: string): T[] {
  return pool.map((r) => r.resource).filter((r): r is T => r.resourceType === type);
}

test('a dispense request: quantity, repeats, duration, intended dispenser, related agreement, wish', () => {
  const xml = message(
    'QUVV_IN992203NL03',
    `<supply classCode="SPLY" moodCode="RQO">
      <id extension="VV1" root="2.16.840.1.113883.2.4.3.11.999.77.52711000146108.1"/>
      <repeatNumber value="1"/>
      <quantity value="60" unit="1"><translation value="60" code="245" codeSystem="2.16.840.1.113883.2.4.4.1.900.2" displayName="stuk"/></quantity>
      <expectedUseTime><width value="60" unit="d"/></expectedUseTime>
      <product>${PRODUCT}</product>
      <performer><assignedEntity><id nullFlavor="NI"/>${PHARMACY}</assignedEntity></performer>
      <author><time value="20260901101000"/></author>
      <entryRelationship typeCode="COMP"><act classCode="ACT" moodCode="RQO"><templateId root="${T}.9093"/>
        <code nullFlavor="OTH"><originalText>Weekverpakking</originalText></code></act></entryRelationship>
      <entryRelationship typeCode="REFR"><substanceAdministration classCode="SBADM" moodCode="RQO">
        <templateId root="${T}.9086"/><id extension="MA1" root="2.16.840.1.113883.2.4.3.11.999.77.16076005.1"/>
      </substanceAdministration></entryRelationship>
    </supply>`,
  );
  const pool = translateMp9DispenseRequests(parseXml(xml));
  const [vv] = only<fhir.MedicationRequest>(pool, 'MedicationRequest');
  assert.equal(vv?.meta?.profile?.[0], 'http://nictiz.nl/fhir/StructureDefinition/zib-DispenseRequest');
  assert.equal(vv?.category?.coding?.[0]?.code, '52711000146108');
  assert.equal(vv?.intent, 'order');
  assert.equal(vv?.authoredOn, '2026-09-01T10:10:00+02:00');
  assert.deepEqual(vv?.dispenseRequest?.quantity, {
    value: 60,
    unit: 'stuk',
    system: 'urn:oid:2.16.840.1.113883.2.4.4.1.900.2',
    code: '245',
  });
  assert.equal(vv?.dispenseRequest?.numberOfRepeatsAllowed, 1);
  assert.equal(vv?.dispenseRequest?.expectedSupplyDuration?.value, 60);
  assert.equal(vv?.dispenseRequest?.performer?.display, 'Apotheek Test');
  const ext = Object.fromEntries((vv?.extension ?? []).map((e) => [e.url.split('/').pop(), e]));
  assert.equal(ext['zib-Medication-AdditionalInformation']?.valueCodeableConcept?.text, 'Weekverpakking');
  assert.equal(
    ext['zib-DispenseRequest-RelatedMedicationAgreement']?.valueReference?.identifier?.value,
    'MA1',
  );
  assert.equal(only<fhir.Organization>(pool, 'Organization').length, 1, 'the pharmacy, once');
  assert.doesNotMatch(JSON.stringify(pool), /999990123/);
});

test('an administration agreement: pharmacy as performer, agreement date, reason, instruction with each dosing', () => {
  const xml = message(
    'QUTA_IN991213NL02',
    `<substanceAdministration classCode="SBADM" moodCode="RQO">
      <id extension="TA1" root="2.16.840.1.113883.2.4.3.11.999.77.422037009.1"/>
      <effectiveTime xsi:type="IVL_TS"><low value="20260901"/><width value="14" unit="d"/></effectiveTime>
      <consumable>${PRODUCT}</consumable>
      <author><time value="20260901120000"/><assignedAuthor><id nullFlavor="NI"/>${PHARMACY}</assignedAuthor></author>
      <entryRelationship typeCode="RSON"><observation classCode="OBS" moodCode="EVN"><templateId root="${T}.9083"/>
        <text>Op verzoek van de arts</text></observation></entryRelationship>
      <entryRelationship typeCode="SPRT"><act classCode="ACT" moodCode="RQO"><templateId root="${T}.9085"/>
        <code nullFlavor="OTH"><originalText>Met water innemen</originalText></code></act></entryRelationship>
      <entryRelationship typeCode="COMP"><substanceAdministration classCode="SBADM" moodCode="RQO">
        <templateId root="${T}.9149"/>
        <effectiveTime xsi:type="hl7nl:PIVL_TS"><hl7nl:frequency><hl7nl:numerator value="2"/><hl7nl:denominator value="1" unit="d"/></hl7nl:frequency></effectiveTime>
        <doseQuantity><center value="1" unit="1"/></doseQuantity>
      </substanceAdministration></entryRelationship>
    </substanceAdministration>`,
  );
  const pool = translateMp9AdministrationAgreements(parseXml(xml));
  const [ta] = only<fhir.MedicationDispense>(pool, 'MedicationDispense');
  assert.equal(ta?.category?.coding?.[0]?.code, '422037009');
  assert.equal(ta?.performer?.[0]?.actor?.display, 'Apotheek Test');
  const ext = Object.fromEntries((ta?.extension ?? []).map((e) => [e.url.split('/').pop(), e]));
  assert.equal(ext['zib-AdministrationAgreement-AuthoredOn']?.valueDateTime, '2026-09-01T12:00:00+02:00');
  assert.equal(ext['zib-AdministrationAgreement-AgreementReason']?.valueString, 'Op verzoek van de arts');
  assert.equal(ext['zib-MedicationUse-Duration']?.valueDuration?.value, 14);
  assert.equal(ta?.status, undefined, 'a current agreement has no status');
  assert.equal(ta?.dosageInstruction?.[0]?.additionalInstruction?.[0]?.text, 'Met water innemen');
  assert.equal(ta?.dosageInstruction?.[0]?.timing?.repeat?.frequency, 2);
});

test('a dispense: hand-over date, request date, quantity and days supply, related dispense request', () => {
  const xml = message(
    'QUMV_IN992213NL02',
    `<supply classCode="SPLY" moodCode="EVN">
      <id extension="MVE1" root="2.16.840.1.113883.2.4.3.11.999.77.373784005.1"/>
      <statusCode code="nullified"/>
      <effectiveTime value="20261001"/>
      <quantity value="30" unit="1"/>
      <expectedUseTime><width value="30" unit="d"/></expectedUseTime>
      <product>${PRODUCT}</product>
      <performer><assignedEntity>${PHARMACY}</assignedEntity></performer>
      <entryRelationship typeCode="COMP"><observation classCode="OBS" moodCode="EVN"><templateId root="${T}.9095"/>
        <value xsi:type="TS" value="20260930"/></observation></entryRelationship>
      <entryRelationship typeCode="REFR"><supply classCode="SPLY" moodCode="RQO"><templateId root="${T}.9096"/>
        <id extension="VV1" root="2.16.840.1.113883.2.4.3.11.999.77.52711000146108.1"/></supply></entryRelationship>
    </supply>`,
  );
  const [mve] = only<fhir.MedicationDispense>(translateMp9Dispenses(parseXml(xml)), 'MedicationDispense');
  assert.equal(mve?.meta?.profile?.[0], 'http://nictiz.nl/fhir/StructureDefinition/zib-Dispense');
  assert.equal(mve?.whenHandedOver, '2026-10-01');
  assert.equal(
    mve?.extension?.find((e) => e.url.endsWith('zib-Dispense-RequestDate'))?.valueDateTime,
    '2026-09-30',
  );
  assert.equal(mve?.daysSupply?.value, 30);
  assert.equal(mve?.authorizingPrescription?.[0]?.identifier?.value, 'VV1');
  assert.equal(mve?.status, 'entered-in-error', 'a cancelled dispense');
});

function use(indicator: string, informant = ''): fhir.MedicationStatement {
  const xml = message(
    'QUMG_IN991223NL02',
    `<substanceAdministration classCode="SBADM" moodCode="EVN">
      <id extension="MGB1" root="2.16.840.1.113883.2.4.3.11.999.77.6.1"/>
      <consumable>${PRODUCT}</consumable>
      <author><time value="20261015141500"/><assignedAuthor><id nullFlavor="NI"/><code code="ONESELF"/></assignedAuthor></author>
      ${informant}
      ${indicator}
    </substanceAdministration>`,
  );
  return only<fhir.MedicationStatement>(translateMp9MedicationUse(parseXml(xml)), 'MedicationStatement')[0]!;
}

function indicator(value: string): string {
  return `<entryRelationship typeCode="COMP"><observation classCode="OBS" moodCode="EVN">
    <templateId root="${T}.9189"/><value xsi:type="BL" ${value}/></observation></entryRelationship>`;
}

test('medication use: taken follows the use indicator (y, n, na, unk), not a constant', () => {
  assert.equal(use(indicator('value="true"')).taken, 'y');
  assert.equal(use(indicator('value="false"')).taken, 'n');
  assert.equal(use(indicator('nullFlavor="NA"')).taken, 'na');
  assert.equal(use(indicator('nullFlavor="UNK"')).taken, 'unk');
  assert.equal(use('').taken, 'unk', 'no indicator: unknown');
});

test('medication use: the patient as author and informant; a related person informant by name', () => {
  const self = use(
    '',
    '<informant><assignedEntity><id nullFlavor="NI"/><code code="ONESELF"/></assignedEntity></informant>',
  );
  assert.equal(self.informationSource?.reference, self.subject?.reference, 'told by the patient');
  const author = self.extension?.find((e) => e.url.endsWith('zib-MedicationUse-Author'));
  assert.equal(author?.valueReference?.reference, self.subject?.reference, 'registered by the patient');
  const other = use(
    '',
    '<informant><relatedEntity><relatedPerson><name>Jan Test</name></relatedPerson></relatedEntity></informant>',
  );
  assert.deepEqual(other.informationSource, { display: 'Jan Test' });
});

test('strict: wrong root, a block without id, a part we do not map, an unknown status', () => {
  const vv = (inner: string): string =>
    message(
      'QUVV_IN992203NL03',
      `<supply classCode="SPLY" moodCode="RQO">${inner}<product>${PRODUCT}</product></supply>`,
    );
  assert.throws(
    () => translateMp9DispenseRequests(parseXml(message('QUMV_IN992213NL02', ''))),
    (e: unknown) => e instanceof TranslationError && /expected QUVV_IN992203NL03/.test(e.message),
  );
  assert.throws(
    () => translateMp9DispenseRequests(parseXml(vv(''))),
    (e: unknown) =>
      e instanceof TranslationError && /without id/.test(e.message) && /supply\/id$/.test(e.location),
  );
  assert.throws(
    () =>
      translateMp9DispenseRequests(
        parseXml(
          vv(
            `<id extension="VV1" root="1.2"/><entryRelationship><observation><templateId root="${T}.9999"/></observation></entryRelationship>`,
          ),
        ),
      ),
    (e: unknown) =>
      e instanceof TranslationError &&
      /unsupported observation/.test(e.message) &&
      /entryRelationship\[1\]/.test(e.location),
  );
  assert.throws(
    () =>
      translateMp9DispenseRequests(parseXml(vv('<id extension="VV1" root="1.2"/><statusCode code="held"/>'))),
    (e: unknown) => e instanceof TranslationError && /statusCode 'held'/.test(e.message),
  );
});
