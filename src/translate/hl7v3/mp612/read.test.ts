import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseXml } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { translateDispenseList } from '../../index.ts';
import { readDispenseList } from './read.ts';
import { dispense, message } from './test-message.test-util.ts';

const MAR =
  '/QURX_IN990113NL/ControlActProcess/subject/MedicationDispenseList/component[1]/medicationDispenseEvent/product/dispensedMedication/therapeuticAgentOf[1]/medicationAdministrationRequest';

function translationError(xml: string): TranslationError {
  try {
    translateDispenseList(parseXml(xml));
  } catch (e) {
    assert.ok(e instanceof TranslationError, `expected a TranslationError, got ${String(e)}`);
    assert.doesNotMatch(e.message, /999990032/, 'no BSN in an error');
    return e;
  }
  assert.fail('no TranslationError thrown');
}

test('a message of another interaction is refused with its location', () => {
  const e = translationError(message({ root: 'QUMA_IN991203NL02' }));
  assert.equal(e.location, '/QUMA_IN991203NL02');
});

test('an unknown effectiveTime type throws with the XPath-like location', () => {
  const e = translationError(
    message({
      dispenses: [
        dispense({
          mar: '<statusCode code="active"/><effectiveTime xsi:type="EIVL_TS"><event code="ACM"/></effectiveTime>',
        }),
      ],
    }),
  );
  assert.equal(e.location, `${MAR}/effectiveTime`);
  assert.match(e.message, /unsupported effectiveTime type 'EIVL_TS'/);
});

test('a quantity that is not a number throws', () => {
  const e = translationError(message({ dispenses: [dispense({ quantity: '<quantity value="dertig"/>' })] }));
  assert.match(e.location, /component\[1\]\/medicationDispenseEvent\/quantity\/@value$/);
});

test('an unknown time unit throws', () => {
  const e = translationError(
    message({
      dispenses: [
        dispense({
          mar: '<statusCode code="active"/><effectiveTime xsi:type="PIVL_TS"><period value="1" unit="fortnight"/></effectiveTime>',
        }),
      ],
    }),
  );
  assert.equal(e.location, `${MAR}/effectiveTime/period`);
});

test('a dispense without id throws; a product without code throws', () => {
  const noId = message({
    dispenses: [dispense().replace(/<id root="2.16.840.1.113883.2.4.3.11.999.77.373784005.1"[^>]*\/>/, '')],
  });
  assert.match(translationError(noId).location, /component\[1\]\/medicationDispenseEvent\/id$/);
  const noCode = message({ dispenses: [dispense({ product: '<code nullFlavor="OTH"/>' })] });
  assert.match(translationError(noCode).message, /magistral preparation without originalText/);
});

test('an unknown gender code throws at the Patient', () => {
  const e = translationError(
    message().replace(
      'code="F" codeSystem="2.16.840.1.113883.5.1"',
      'code="X" codeSystem="2.16.840.1.113883.5.1"',
    ),
  );
  assert.match(e.location, /subject\/Patient\/Person\/administrativeGenderCode$/);
});

test('an NF answer without a MedicationDispenseList reads as an empty list', () => {
  const nf = parseXml(
    '<QURX_IN990113NL xmlns="urn:hl7-org:v3"><ControlActProcess><queryAck><queryResponseCode code="NF"/></queryAck></ControlActProcess></QURX_IN990113NL>',
  );
  assert.deepEqual(readDispenseList(nf), { dispenses: [] });
  assert.deepEqual(translateDispenseList(nf), []);
});

test('the reader keeps schedule, dose range, zo-nodig, instructions and route', () => {
  const mar = `<text>x</text><statusCode code="active"/>
    <effectiveTime xsi:type="SXPR_TS"><comp xsi:type="hl7:IVL_TS" xmlns:hl7="urn:hl7-org:v3"><low value="202611020000"/><width value="2" unit="wk"/></comp>
      <comp xsi:type="PIVL_TS" operator="A"><period value="0.5" unit="d"/></comp></effectiveTime>
    <routeCode code="9" codeSystem="2.16.840.1.113883.2.4.4.9" displayName="ORAAL"/>
    <doseQuantity><low value="1" unit="1"/><high value="2" unit="1"/></doseQuantity>
    <precondition><observationEventCriterion><code code="1137" codeSystem="2.16.840.1.113883.2.4.4.5" displayName="zo nodig"/></observationEventCriterion></precondition>
    <support2><medicationAdministrationInstruction><code nullFlavor="OTH"><originalText>met water</originalText></code></medicationAdministrationInstruction></support2>`;
  const list = readDispenseList(parseXml(message({ dispenses: [dispense({ mar })] })));
  const r = list.dispenses[0]!.requests[0]!;
  assert.deepEqual(r.schedule?.interval, { low: '202611020000', width: { value: 2, unit: 'wk' } });
  assert.deepEqual(r.schedule?.periods, [{ period: { value: 0.5, unit: 'd' }, operator: 'A' }]);
  assert.equal(r.dose?.kind, 'range');
  assert.equal(r.asNeeded[0]?.code, '1137');
  assert.equal(r.instructions[0]?.originalText, 'met water');
  assert.equal(r.route?.displayName, 'ORAAL');
});

test('dosing elements that change the meaning and are not mapped (rateQuantity) or unknown ones throw', () => {
  const rate = translationError(
    message({
      dispenses: [
        dispense({
          mar: '<statusCode code="active"/><rateQuantity><center value="2" unit="ml/h"/></rateQuantity>',
        }),
      ],
    }),
  );
  assert.equal(rate.location, `${MAR}/rateQuantity`);
  const unknown = translationError(
    message({ dispenses: [dispense({ mar: '<statusCode code="active"/><doseQuantityy/>' })] }),
  );
  assert.match(unknown.message, /unknown element 'doseQuantityy'/);
});
