import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daysBetween, shiftTimestamps } from './timeshift.ts';

test('shifts TS values by whole days, keeping precision, not birth times', () => {
  const xml =
    '<a><effectiveTime value="20071208"/><low value="200712311530"/><hl7:time xmlns:hl7="x" value="20080229120000+0100"/>' +
    '<birthTime value="19500220"/><quantity value="2"/><id extension="20071208" root="1"/></a>';
  const out = shiftTimestamps(xml, daysBetween('2007-12-08', '2008-01-01'));
  assert.match(out, /<effectiveTime value="20080101"\/>/);
  assert.match(out, /<low value="200801241530"\/>/);
  assert.match(out, /<hl7:time xmlns:hl7="x" value="20080324120000\+0100"\/>/);
  assert.match(out, /<birthTime value="19500220"\/>/);
  assert.match(out, /<quantity value="2"\/>/);
  assert.match(out, /extension="20071208"/);
});

test('daysBetween counts calendar days', () => {
  assert.equal(daysBetween('2026-03-28', '2026-03-30'), 2);
  assert.equal(daysBetween('2026-12-03', '2026-12-03'), 0);
  assert.equal(daysBetween('2026-12-03', '2026-11-30'), -3);
});
