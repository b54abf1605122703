/**
 * A person in a real browser (Debian's chromium, driven by playwright-core) clicks through the demo:
 * the demo PGO page, the DigiD simulator, the consent screen, and back to a table of their medication.
 * Skips with a message when chromium is not installed (`.ci/run` installs it).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startDemo, type Demo } from '../support/demo.ts';
import { launchChromium, skipWithoutChromium } from '../support/chromium.ts';

const skip = skipWithoutChromium;

let demo: Demo;
let browser: Browser;

before(async () => {
  if (skip) return;
  demo = await startDemo();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

test('a person clicks through the demo PGO to their medication', { skip }, async () => {
  const page = await browser.newPage();
  await page.goto(`${demo.base}/sim/pgo`);
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  await page.selectOption('select[name="scope"]', 'ggzdemo~31');
  await page.click('button[type="submit"]');

  // The MedMij landing page: provider and PGO named, then "Inloggen met DigiD".
  await page.waitForSelector('button[name="action"][value="login"]');
  assert.match((await page.content()) ?? '', /Apotheek GGZ Demo/);
  await page.click('button[name="action"][value="login"]');

  // DigiD simulator: one input, labelled.
  await page.waitForSelector('input[name="bsn"]');
  assert.equal(await page.locator('label[for="bsn"]').count(), 1);
  await page.fill('input[name="bsn"]', '999990032');
  await page.click('button[type="submit"]');

  // The consent screen (Toestemmingsverklaring): headings, lang, a labelled unticked long-lived option.
  await page.waitForSelector('button[name="decision"][value="approve"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  assert.match((await page.locator('h1').first().textContent()) ?? '', /Toestemming/);
  const longLived = page.locator('input[name="longLived"]');
  if ((await longLived.count()) > 0) {
    assert.equal(await longLived.isChecked(), false, 'long-lived consent is never pre-selected');
    const id = await longLived.getAttribute('id');
    assert.equal(await page.locator(`label[for="${id ?? ''}"]`).count(), 1, 'the option has a label');
  }
  assert.doesNotMatch(await page.content(), /999990032/, 'no BSN on the consent page');
  await page.click('button[name="decision"][value="approve"]');

  // Back at the PGO: the medication table.
  await page.waitForSelector('table');
  const table = (await page.locator('table').first().textContent()) ?? '';
  assert.match(table, /LITHIUM/i);
  assert.match(table, /PALIPERIDON/i);
  assert.doesNotMatch(await page.content(), /999990032/, 'no BSN on the PGO page');
  const shots = join(process.cwd(), 'test-results');
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, 'demo-pgo-medication.png'), fullPage: true });
});
