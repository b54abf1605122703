/**
 * A provider joins through the portal in a real browser (Debian's chromium via playwright-core), and
 * a patient then fetches data from it: apply as a GGZ pharmacy, refused for a missing LSP application
 * id, corrected; a taken MedMij name refused and a proposed one accepted; both PDFs downloaded (PDFs,
 * filled in with the name) and uploaded as the signed copies; submitted. An operator logs in,
 * approves, and moves the provider through submitted and published to live. Then the demo PGO
 * completes the OAuth flow (DigiD simulator, consent) and a search against the new provider.
 * Skips with a message when chromium is not installed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { launchChromium, skipWithoutChromium } from '../support/chromium.ts';
import {
  addOperator,
  DEMO_PROVIDERS,
  seedDemoProviders,
  simulatorProviders,
} from '../../src/onboarding/index.ts';
import { testConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startGateway, type RunningGateway } from '../../src/server.ts';
import { ensurePki } from '../../src/sim/pki/index.ts';
import { startLspSimulator, type LspSimulator } from '../../src/sim/lsp/index.ts';
import { BUILTIN_SIM_DATA } from '../../src/sim/data/index.ts';
import { freePort } from '../../src/medmij/oauth/testing.ts';

const skip = skipWithoutChromium;
/** The demo as `brug demo` runs it (simulator answering for the LSP register's providers too). */
let demo: { config: Config; base: string; gateway: RunningGateway; sim: LspSimulator; home: string };
let browser: Browser;

before(async () => {
  if (skip) return;
  const home = mkdtempSync(join(tmpdir(), 'brug-portal-browser-'));
  const [port, simPort] = [await freePort(), await freePort()];
  const config = testConfig(home, { BRUG_PORT: String(port), BRUG_SIM_PORT: String(simPort) });
  const logger = createLogger('silent');
  await ensurePki(join(home, 'pki'));
  const sim = await startLspSimulator({
    port: simPort,
    pkiDir: join(home, 'pki'),
    dataDirs: [BUILTIN_SIM_DATA],
    logger,
    providers: simulatorProviders(DEMO_PROVIDERS, config.onboarding.lspRegisterFile),
  });
  const gateway = await startGateway(config, logger);
  await seedDemoProviders(gateway.store);
  demo = { config, base: config.publicUrl, gateway, sim, home };
  await addOperator(config.onboarding.operatorsFile, 'beheerder', 'portaal-test-wachtwoord');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await demo?.gateway.close();
  await demo?.sim.close();
  if (demo) rmSync(demo.home, { recursive: true, force: true });
});

/** The text shown by a PDF's content streams (our generator writes literal strings per line). */
function pdfText(pdf: Buffer): string {
  const text: string[] = [];
  const s = pdf.toString('latin1');
  const re = /<<([^]*?)>>\s*stream\r?\n/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const end = s.indexOf('endstream', m.index + m[0].length);
    if (!/\/FlateDecode/.test(m[1]!) || /\/Length1|\/N 3/.test(m[1]!)) continue;
    const body = Buffer.from(s.slice(m.index + m[0].length, end), 'latin1');
    try {
      const ops = inflateSync(body).toString('latin1');
      for (const t of ops.matchAll(/\(((?:[^()\\]|\\.)*)\)\s*Tj/g)) text.push(t[1]!.replace(/\\(.)/g, '$1'));
    } catch {
      // not a content stream
    }
  }
  return text.join('\n');
}

/** Basic accessibility checks every portal page must pass. */
async function checkAccessible(page: Page): Promise<void> {
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  assert.equal(await page.locator('h1').count(), 1);
  assert.equal((await page.locator('form').count()) <= 1, true, 'one form per step');
  for (const input of await page.locator('input:not([type="hidden"]), textarea, select').all()) {
    const id = await input.getAttribute('id');
    assert.ok(id, 'every input has an id');
    assert.equal(await page.locator(`label[for="${id}"]`).count(), 1, `input ${id} has one label`);
  }
}

async function download(page: Page, linkText: string, dir: string): Promise<Buffer> {
  const [d] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: linkText }).click(),
  ]);
  const path = join(dir, d.suggestedFilename());
  await d.saveAs(path);
  return readFileSync(path);
}

test(
  'a GGZ pharmacy joins through the portal, an operator approves, a PGO fetches its data',
  { skip },
  async () => {
    const shots = join(process.cwd(), 'test-results');
    mkdirSync(shots, { recursive: true });
    const provider = await browser.newPage({ acceptDownloads: true });
    await provider.goto(`${demo.base}/portal`);
    await checkAccessible(provider);

    // 1. The application, without an LSP application id: refused, with the reason, values kept.
    await provider.fill('#organisatie', 'GGZ-apotheek Zonnehuis');
    await provider.fill('#ura', '90000201');
    await provider.fill('#agb', '12345678');
    await provider.fill('#contactpersoon', 'Jan de Vries');
    await provider.fill('#email', 'jan@zonnehuis.example');
    await provider.check('#systeem-winbase');
    await provider.check('#dienst-eerste'); // 31 medication
    await provider.click('button[type="submit"]');
    await provider.waitForSelector('.error-summary');
    assert.match((await provider.locator('.error-summary').textContent()) ?? '', /LSP-applicatie-id/);
    assert.equal(await provider.inputValue('#organisatie'), 'GGZ-apotheek Zonnehuis');
    assert.equal(await provider.getAttribute('#lsp-applicaties', 'aria-invalid'), 'true');
    await checkAccessible(provider);
    // The summary's link leads to the field.
    await provider.click('.error-summary a[href="#lsp-applicaties"]');
    await provider.keyboard.type('900201');
    await provider.click('button[type="submit"]');
    await provider.waitForURL(/\/portal\/aanvraag\//);
    assert.match(await provider.content(), /u voldoet aan de voorwaarden/);
    await checkAccessible(provider);

    // 2. The MedMij name: a taken one is refused with free proposals; accept the first.
    await provider.getByRole('link', { name: /MedMij-naam kiezen/ }).click();
    await provider.fill('#naam', 'ggzdemo');
    await provider.click('button[type="submit"]');
    await provider.waitForSelector('.error-summary');
    assert.match(await provider.content(), /al in gebruik/);
    await checkAccessible(provider);
    const proposed = await provider.getAttribute('#voorstel-0', 'value');
    assert.ok(proposed && /^[a-z]{3,50}$/.test(proposed) && proposed !== 'ggzdemo');
    await provider.check('#voorstel-0');
    await provider.click('button[type="submit"]');
    await provider.waitForURL(/\/documenten/);
    await checkAccessible(provider);

    // 3. Both PDFs, filled in; uploaded back as the signed copies.
    const dir = join(demo.config.home, 'downloads');
    mkdirSync(dir, { recursive: true });
    const agreement = await download(provider, 'Verwerkersovereenkomst (PDF)', dir);
    const choice = await download(provider, 'Keuzeformulier gegevensdiensten en MedMij-naam (PDF)', dir);
    for (const pdf of [agreement, choice]) {
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.match(pdf.toString('latin1'), /<pdfaid:part>2<\/pdfaid:part>/);
      assert.ok(pdfText(pdf).includes(`${proposed}@medmij`), 'the MedMij name is on the page');
      assert.ok(pdfText(pdf).includes('GGZ-apotheek Zonnehuis'));
    }
    await provider.setInputFiles('#upload-overeenkomst', join(dir, `verwerkersovereenkomst-${proposed}.pdf`));
    await provider.setInputFiles('#upload-keuzeformulier', join(dir, `keuzeformulier-${proposed}.pdf`));
    await provider.click('button[type="submit"]');
    await provider.waitForSelector('#indienen');
    assert.match(await provider.content(), /SHA-256/);
    await provider.click('#indienen');
    await provider.waitForSelector('.notice');
    assert.match(await provider.content(), /ingediend/);
    await provider.screenshot({ path: join(shots, 'portal-submitted.png'), fullPage: true });

    // 4. The operator: login, review, approve, then the lifecycle to live.
    const operator = await browser.newPage();
    await operator.goto(`${demo.base}/beheer`);
    await operator.waitForSelector('#gebruikersnaam');
    await checkAccessible(operator);
    await operator.fill('#gebruikersnaam', 'beheerder');
    await operator.fill('#wachtwoord', 'portaal-test-wachtwoord');
    await operator.click('button[type="submit"]');
    await operator.getByRole('link', { name: 'GGZ-apotheek Zonnehuis' }).click();
    await checkAccessible(operator);
    assert.match(await operator.content(), /Verwerkersovereenkomst/);
    await operator.click('button[name="decision"][value="approve"]');
    await operator.waitForURL(/\/beheer\/zorgaanbieder\//);
    assert.equal(await operator.textContent('#status'), 'approved');
    for (const [step, status] of [
      ['submit', 'submitted'],
      ['publish', 'published'],
      ['live', 'live'],
    ]) {
      await operator.click(`button[name="step"][value="${step}"]`);
      await operator.waitForSelector(`#status:text-is("${status}")`);
    }
    await operator.screenshot({ path: join(shots, 'portal-operator-live.png'), fullPage: true });

    // 5. A patient's PGO: OAuth flow and a search against the new provider.
    const pgo = await browser.newPage();
    await pgo.goto(`${demo.base}/sim/pgo`);
    await pgo.selectOption('select[name="scope"]', `${proposed}~31`);
    await pgo.click('button[type="submit"]');
    await pgo.waitForSelector('button[name="action"][value="login"]');
    assert.match(await pgo.content(), /GGZ-apotheek Zonnehuis/);
    await pgo.click('button[name="action"][value="login"]');
    await pgo.waitForSelector('input[name="bsn"]');
    await pgo.fill('input[name="bsn"]', '999990032');
    await pgo.click('button[type="submit"]');
    await pgo.waitForSelector('button[name="decision"][value="approve"]');
    await pgo.click('button[name="decision"][value="approve"]');
    await pgo.waitForSelector('table', { timeout: 40_000 }).catch(async (e: unknown) => {
      process.stderr.write(await pgo.content());
      throw e;
    });
    const table = (await pgo.locator('table').first().textContent()) ?? '';
    assert.match(table, /LITHIUM/i);
  },
);
