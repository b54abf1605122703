/**
 * Assertions the LSP-edge tests share: what a PGO developer would check in an error answer or a
 * searchset (status, the OperationOutcome's LSP code and issue code, no BSN anywhere).
 */
import assert from 'node:assert/strict';
import type { FhirJson, SearchResponse } from './harness.ts';

/** The code system Brug puts LSP codes in (the LSP's acknowledgement-detail system). */
export const LSP_CODE_SYSTEM = 'urn:oid:2.16.840.1.113883.2.4.6.6.1.1000';

export interface Issue {
  severity?: string;
  code?: string;
  details?: { coding?: { system?: string; code?: string }[]; text?: string };
  diagnostics?: string;
}

/** The issues of an OperationOutcome (JSON). */
export function issuesOf(oo: FhirJson): Issue[] {
  assert.equal(oo.resourceType, 'OperationOutcome', `expected an OperationOutcome, got ${oo.resourceType}`);
  const issues = oo.issue as Issue[] | undefined;
  assert.ok(Array.isArray(issues) && issues.length > 0, 'an OperationOutcome has at least one issue');
  return issues;
}

/** The issue that carries `lspCode` in its details, or a failure naming what was there. */
export function issueWithCode(oo: FhirJson, lspCode: string): Issue {
  const issues = issuesOf(oo);
  const hit = issues.find((i) => i.details?.coding?.some((c) => c.code === lspCode));
  assert.ok(hit, `no issue carries LSP code ${lspCode}: ${JSON.stringify(issues)}`);
  return hit;
}

/**
 * Asserts an error answer: the status, an OperationOutcome (FHIR JSON content type) whose issue
 * carries the LSP code in the LSP code system and VZVZ's issue code, and no BSN.
 */
export function assertLspError(
  res: SearchResponse,
  want: { status: number; lspCode: string; issueCode: string; bsn: string },
): void {
  assert.equal(res.status, want.status, `status for ${want.lspCode}: ${res.text}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/fhir\+json/);
  const issue = issueWithCode(res.json, want.lspCode);
  assert.equal(issue.severity, 'error');
  assert.equal(issue.code, want.issueCode, `issue code for ${want.lspCode}`);
  assert.ok(
    issue.details?.coding?.some((c) => c.code === want.lspCode && c.system === LSP_CODE_SYSTEM),
    `LSP code ${want.lspCode} in ${LSP_CODE_SYSTEM}`,
  );
  assert.ok(issue.details?.text, 'a human text for the PGO user');
  assertNoBsnAtAll(res.text, want.bsn);
}

/** Asserts an error answer for a transport failure (no LSP code): status, issue code, failure kind. */
export function assertTransportError(
  res: SearchResponse,
  want: { status: number; kind: string; issueCode: string; bsn: string },
): void {
  assert.equal(res.status, want.status, `status for ${want.kind}: ${res.text}`);
  const issues = issuesOf(res.json);
  const hit = issues.find((i) => i.details?.coding?.some((c) => c.code === want.kind));
  assert.ok(hit, `an issue names the failure ${want.kind}: ${res.text}`);
  assert.equal(hit.code, want.issueCode);
  assert.equal(hit.severity, 'error');
  assertNoBsnAtAll(res.text, want.bsn);
}

/** No BSN of the patient, and no nine-digit run at all (an error answer has no reason to hold one). */
export function assertNoBsnAtAll(text: string, bsn: string): void {
  assert.ok(!text.includes(bsn), 'the BSN is not in the answer');
  assert.doesNotMatch(text, /(?<!\d)\d{9}(?!\d)/, 'no nine-digit number in an error answer');
}

/** The entries of a searchset by search mode. */
export function entriesByMode(bundle: FhirJson, mode: 'match' | 'include' | 'outcome'): FhirJson[] {
  assert.equal(bundle.resourceType, 'Bundle');
  assert.equal(bundle.type, 'searchset');
  const entries = (bundle.entry as { resource: FhirJson; search?: { mode?: string } }[] | undefined) ?? [];
  return entries.filter((e) => e.search?.mode === mode).map((e) => e.resource);
}

const DISPENSE_PROFILE = 'http://nictiz.nl/fhir/StructureDefinition/mp612-DispenseToFHIRConversion-Dispense';

/** How many matches of a searchset are dispenses (the 6.12 conversion adds an agreement per dispense). */
export function dispensesIn(bundle: FhirJson): number {
  return entriesByMode(bundle, 'match').filter((r) =>
    ((r.meta as { profile?: string[] } | undefined)?.profile ?? []).includes(DISPENSE_PROFILE),
  ).length;
}
