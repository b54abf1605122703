/**
 * Long-lived consent in a real browser (Debian's chromium via playwright-core): approve "voor
 * onbepaalde tijd", fetch again from the demo PGO without DigiD (refresh token), withdraw the consent
 * on the patient's own page, after which the PGO's refresh fails; and a refusal going back to the PGO
 * as access_denied. Skips with a message when chromium is not installed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startDemo, type Demo } from '../support/demo.ts';
import { launchChromium, skipWithoutChromium } from '../support/chromium.ts';

const skip = skipWithoutChromium;
const BSN = '999990032';

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

/** From the demo PGO through the DigiD simulator to the consent screen. */
async function toConsent(page: Page): Promise<void> {
  await page.goto(`${demo.base}/sim/pgo`);
  await page.selectOption('select[name="scope"]', 'ggzdemo~31');
  await page.click('button[type="submit"]');
  await page.click('button[name="action"][value="login"]'); // the MedMij landing page
  await page.waitForSelector('input[name="bsn"]');
  await page.fill('input[name="bsn"]', BSN);
  await page.click('button[type="submit"]');
  await page.waitForSelector('button[name="decision"][value="approve"]');
}

test(
  'long-lived consent: approve, fetch again without DigiD, withdraw, and the PGO is refused',
  { skip },
  async () => {
    const page = await browser.newPage();
    await toConsent(page);
    const box = page.locator('input[name="longLived"]');
    assert.equal(await box.isChecked(), false, 'never pre-selected');
    await box.check();
    await page.click('button[name="decision"][value="approve"]');
    await page.waitForSelector('table');
    assert.match((await page.locator('table').first().textContent()) ?? '', /LITHIUM/i);

    // Second visit: the PGO uses its refresh token; no DigiD, no consent screen.
    await page.goto(`${demo.base}/sim/pgo`);
    await page.click('a[href="/sim/pgo/refresh"]');
    await page.waitForSelector('table');
    assert.match(page.url(), /\/sim\/pgo\/refresh$/);
    assert.match((await page.locator('table').first().textContent()) ?? '', /PALIPERIDON/i);

    // The patient withdraws the consent on their own page (after a DigiD login).
    await page.goto(`${demo.base}/oauth/consents`);
    await page.click('button[name="action"][value="login"]');
    await page.waitForSelector('input[name="bsn"]');
    await page.fill('input[name="bsn"]', BSN);
    await page.click('button[type="submit"]');
    await page.waitForSelector('button[name="grant"]');
    assert.equal(await page.getAttribute('html', 'lang'), 'nl');
    assert.match((await page.locator('table').first().textContent()) ?? '', /Demo PGO/);
    // Below the consents: the fetches just made, from the audit log.
    const history = (await page.locator('table').nth(1).textContent()) ?? '';
    assert.match(history, /MedicationDispense/);
    assert.match(history, /Apotheek GGZ Demo/);
    assert.doesNotMatch(await page.content(), new RegExp(BSN), 'no BSN on the consents page');
    await page.click('button[name="grant"]');
    await page.waitForSelector('[role="status"]');
    assert.match((await page.locator('[role="status"]').textContent()) ?? '', /ingetrokken/);
    assert.equal(await page.locator('button[name="grant"]').count(), 0);

    // The PGO's next refresh fails.
    await page.goto(`${demo.base}/sim/pgo`);
    await page.click('a[href="/sim/pgo/refresh"]');
    await page.waitForSelector('.error');
    assert.match(await page.content(), /invalid_grant/);
    await page.close();
  },
);

test('refusing consent sends the person back to the PGO with access_denied', { skip }, async () => {
  const page = await browser.newPage();
  await toConsent(page);
  await page.click('button[name="decision"][value="deny"]');
  await page.waitForSelector('.error');
  assert.match(page.url(), /\/sim\/pgo\/callback\?error=access_denied/);
  assert.match((await page.locator('.error').textContent()) ?? '', /access_denied/);
  await page.close();
});
