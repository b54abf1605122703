import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseXml } from '../../../xml/index.ts';
import { dosageText } from './dosage-text.ts';
import { mapDosages } from './map-dosage.ts';
import { readDispenseList } from './read.ts';
import { dispense, message } from './test-message.test-util.ts';

const STUK =
  '<translation value="1" code="245" codeSystem="2.16.840.1.113883.2.4.4.1.900.2" displayName="stuk"/>';

function requests(mars: string[]): ReturnType<typeof readDispenseList>['dispenses'][number]['requests'] {
  const d = dispense({ mar: mars[0] }).replace(
    '</medicationAdministrationRequest></therapeuticAgentOf>',
    `</medicationAdministrationRequest></therapeuticAgentOf>${mars
      .slice(1)
      .map(
        (m) =>
          `<therapeuticAgentOf><medicationAdministrationRequest>${m}</medicationAdministrationRequest></therapeuticAgentOf>`,
      )
      .join('')}`,
  );
  return readDispenseList(parseXml(message({ dispenses: [d] }))).dispenses[0]!.requests;
}

test('duration, frequency from a period in hours, and a dose (as the Nictiz 02c output)', () => {
  const [r] = requests([
    `<statusCode code="active"/><effectiveTime xsi:type="SXPR_TS"><comp xsi:type="IVL_TS"><width value="7" unit="d"/></comp><comp xsi:type="PIVL_TS"><period value="4" unit="h"/></comp></effectiveTime><doseQuantity><center value="1">${STUK}</center></doseQuantity>`,
  ]);
  assert.equal(dosageText(r!), 'gedurende 7 dagen, 1 maal per 4 uur 1 stuk');
});

test('zo nodig with a maximum and no frequency keeps the Nictiz spacing', () => {
  const [r] = requests([
    `<statusCode code="active"/><maxDoseQuantity><numerator xsi:type="PQ" value="6">${STUK.replace('value="1"', 'value="6"')}</numerator><denominator xsi:type="PQ" value="1" unit="d"/></maxDoseQuantity><precondition><observationEventCriterion><code code="1140" codeSystem="2.16.840.1.113883.2.4.4.5" displayName="zo nodig bij pijn"/></observationEventCriterion></precondition>`,
  ]);
  assert.equal(dosageText(r!), 'zo nodig bij pijn , maximaal 6 stuks per dag');
});

test('periods below one become "N maal per", a range doses "1 à 2 stuks", times of day are listed', () => {
  const [a] = requests([
    `<statusCode code="active"/><effectiveTime xsi:type="PIVL_TS"><period value="0.3333" unit="d"/></effectiveTime><doseQuantity><low value="1">${STUK}</low><high value="2">${STUK}</high></doseQuantity>`,
  ]);
  assert.equal(dosageText(a!), '3 maal per dag 1 à 2 stuks');
  const [b] = requests([
    `<statusCode code="active"/><effectiveTime xsi:type="SXPR_TS"><comp xsi:type="PIVL_TS"><phase><center value="202611020800"/></phase><period value="1" unit="d"/></comp><comp xsi:type="PIVL_TS" operator="I"><phase><center value="202611021400"/></phase><period value="1" unit="d"/></comp><comp xsi:type="PIVL_TS" operator="I"><phase><center value="202611022000"/></phase><period value="1" unit="d"/></comp></effectiveTime><doseQuantity><center value="1">${STUK}</center></doseQuantity>`,
  ]);
  assert.equal(dosageText(b!), 'elke dag om 08:00, 14:00 en 20:00 1 stuk');
  assert.deepEqual(mapDosages([b!], '/x')[0]?.timing, {
    repeat: { timeOfDay: ['08:00:00', '14:00:00', '20:00:00'] },
  });
});

test('a fixed request plus a zo-nodig request for extra times become frequency..frequencyMax', () => {
  const base = `<statusCode code="active"/><effectiveTime xsi:type="PIVL_TS"><period value="1" unit="d"/></effectiveTime><doseQuantity><center value="1">${STUK}</center></doseQuantity>`;
  const extra = `<statusCode code="active"/><effectiveTime xsi:type="PIVL_TS"><period value="0.5" unit="d"/></effectiveTime><doseQuantity><center value="1">${STUK}</center></doseQuantity><precondition><observationEventCriterion><code code="1137" codeSystem="2.16.840.1.113883.2.4.4.5" displayName="zo nodig"/></observationEventCriterion></precondition>`;
  const ds = mapDosages(requests([base, extra]), '/x');
  assert.equal(ds.length, 1);
  assert.equal(ds[0]?.text, '1 à 3 maal per dag 1 stuk');
  assert.deepEqual(ds[0]?.timing, { repeat: { frequency: 1, frequencyMax: 3, period: 1, periodUnit: 'd' } });
});

test('without structured dosing the message text is used, without a repeated duration', () => {
  const [r] = requests([
    '<text>Gedurende 10 dagen, DAGDOSIS: 3 stuks per dag</text><statusCode code="active"/><effectiveTime xsi:type="IVL_TS"><width value="10" unit="d"/></effectiveTime>',
  ]);
  assert.equal(dosageText(r!), 'gedurende 10 dagen, DAGDOSIS: 3 stuks per dag');
  assert.deepEqual(mapDosages([r!], '/x')[0]?.additionalInstruction, [
    {
      coding: [{ system: 'http://hl7.org/fhir/v3/NullFlavor', code: 'OTH', display: 'overig' }],
      text: 'DAGDOSIS: 3 stuks per dag',
    },
  ]);
});

test('an instruction the free text already says is not repeated', () => {
  const [r] = requests([
    '<text>zo nodig aanbrengen</text><statusCode code="active"/><support2><medicationAdministrationInstruction><code code="1018" codeSystem="2.16.840.1.113883.2.4.4.5" displayName="aanbrengen"/></medicationAdministrationInstruction></support2>',
  ]);
  assert.equal(dosageText(r!), 'zo nodig aanbrengen');
});
