/**
 * Helpers for the portal tests: an application taken through the applicant's steps with the real
 * onboarding operations (eligible form, MedMij name, both generated documents uploaded back as the
 * signed copies, submitted), so a test can start at the operator's side.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { dumpTables } from '../src/store/testing.ts';
import type { ApplicationForm, Onboarding } from '../src/onboarding/index.ts';
import type { Application } from '../src/store/applications.ts';

/** An eligible form (URA and LSP application ids from the synthetic register). */
export const ELIGIBLE: ApplicationForm = {
  organisation: 'Instellingsapotheek De Linde',
  ura: '90000202',
  agbCodes: '12345678',
  contactName: 'Els Linde',
  email: 'els@delinde.example',
  applicationIds: '900203',
  system: 'farmedvisie',
  systemOther: '',
  services: ['31'],
};

/**
 * Applies, names, uploads both generated documents and submits.
 * @param onboarding - the operations
 * @param naam - the MedMij name to choose
 * @param form - the form (default ELIGIBLE)
 */
export async function submittedApplication(
  onboarding: Onboarding,
  naam: string,
  form: ApplicationForm = ELIGIBLE,
): Promise<{ app: Application; key: string }> {
  const applied = await onboarding.apply(form);
  assert.deepEqual(applied.errors, []);
  const named = await onboarding.chooseName(applied.application!, naam);
  assert.equal(named.problem, undefined, `the name ${naam} is free`);
  let app = named.application!;
  for (const kind of ['agreement', 'choice'] as const) {
    await onboarding.upload(app, kind, `${kind}.pdf`, Buffer.from(await onboarding.document(app, kind)));
  }
  app = await onboarding.submit(app);
  return { app, key: applied.key! };
}

/**
 * The browser test's basic accessibility checks on a page's HTML, for pages fetched over HTTP: Dutch
 * (`lang="nl"`), one h1 that comes first and no heading level skipped, at most one form, every visible
 * input, textarea and select with an id and exactly one `<label for>`, and no script (the pages work
 * without JavaScript). Attribute values are quoted on our pages, which is what makes this readable
 * without a DOM.
 * @param html - the page
 * @param where - what to name in a failure (the path)
 */
export function assertAccessibleHtml(html: string, where: string): void {
  assert.match(html, /^<!doctype html>/i, `${where}: a full HTML page`);
  assert.match(html, /<html\b[^>]*\blang="nl"/, `${where}: lang="nl"`);
  assert.doesNotMatch(html, /<script\b/i, `${where}: no script`);
  const levels = [...html.matchAll(/<h([1-6])\b/gi)].map((m) => Number(m[1]));
  assert.equal(levels.filter((l) => l === 1).length, 1, `${where}: one h1`);
  assert.equal(levels[0], 1, `${where}: the first heading is the h1`);
  for (let i = 1; i < levels.length; i++)
    assert.ok(levels[i]! <= levels[i - 1]! + 1, `${where}: heading h${levels[i]} follows h${levels[i - 1]}`);
  assert.ok((html.match(/<form\b/gi) ?? []).length <= 1, `${where}: one form per step`);
  const attr = (tag: string, name: string): string | undefined =>
    new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  for (const [tag] of html.matchAll(/<(?:input|textarea|select)\b[^>]*>/gi)) {
    if (attr(tag, 'type') === 'hidden') continue;
    const id = attr(tag, 'id');
    assert.ok(id, `${where}: every input has an id: ${tag}`);
    const labels = html.split(`<label for="${id}"`).length - 1;
    assert.equal(labels, 1, `${where}: input ${id} has one label`);
  }
}

/**
 * What a store holds, per table: its row count and a digest of its rows, to show that a request
 * changed nothing (compare two of these). The audit tables are left out: a refused request is itself
 * recorded there, as it should be. Rows are digested in a fixed order (PostgreSQL has no rowid).
 * @param databaseUrl - the store's `sqlite:PATH` or `postgres://...` (the config's databaseUrl)
 */
export async function storeContents(databaseUrl: string): Promise<Record<string, string>> {
  const tables = await dumpTables(databaseUrl);
  const contents: Record<string, string> = {};
  for (const name of Object.keys(tables).sort()) {
    if (name.startsWith('audit_') || name.startsWith('sqlite_')) continue;
    const rows = tables[name]!.map((r) => JSON.stringify(r)).sort();
    const digest = createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16);
    contents[name] = `${rows.length} rows, ${digest}`;
  }
  return contents;
}
