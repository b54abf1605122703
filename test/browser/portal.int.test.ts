/**
 * A provider joins through the portal in a real browser (Debian's chromium via playwright-core), and
 * a patient then fetches data from it, on the demo as `brug demo` runs it (with its own MedMij node,
 * whose ZAL publishes what Brug submitted): apply as a GGZ pharmacy, refused for a missing LSP
 * application id, corrected; a taken MedMij name refused and a proposed one accepted; both PDFs
 * downloaded (PDFs, filled in with the name) and uploaded as the signed copies; submitted. An operator
 * logs in, approves and submits to MedMij; the provider page then shows "gepubliceerd" once the next
 * fetched ZAL lists the name (no button), and the operator takes it live. Then the demo PGO completes
 * the OAuth flow (DigiD simulator, consent) and a search against the new provider. A second provider
 * goes through the same steps with JavaScript disabled. Every portal and operator page passes the
 * accessibility checks (lang, one h1, a label per input, heading order) and is sent with
 * anti-framing headers. Skips with a message when chromium is not installed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
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
import { startDemoLists } from '../../src/sim/medmij-node/demo.ts';
import type { MedmijNodeSimulator } from '../../src/sim/medmij-node/index.ts';
import { createRegistry } from '../../src/services/registry.ts';
import { DEFAULT_DATA_SERVICES } from '../../src/services/catalogue.ts';
import type { Store } from '../../src/store/index.ts';
import { freePort } from '../../src/medmij/oauth/testing.ts';

const skip = skipWithoutChromium;
/** The demo as `brug demo` runs it (simulator answering for the LSP register's providers too). */
let demo: {
  config: Config;
  base: string;
  gateway: RunningGateway;
  sim: LspSimulator;
  node: MedmijNodeSimulator;
  home: string;
};
let browser: Browser;
/** Every portal and operator page the browsers loaded, with its response headers. */
const pages: { url: string; headers: Record<string, string> }[] = [];

before(async () => {
  if (skip) return;
  const home = mkdtempSync(join(tmpdir(), 'brug-portal-browser-'));
  const [port, simPort] = [await freePort(), await freePort()];
  // The ZAL is fetched every second here, so publication shows within the test's patience.
  const config = testConfig(home, {
    BRUG_PORT: String(port),
    BRUG_SIM_PORT: String(simPort),
    BRUG_MEDMIJ_LISTS_REFRESH: '1',
  });
  const logger = createLogger('silent');
  await ensurePki(join(home, 'pki'));
  const sim = await startLspSimulator({
    port: simPort,
    pkiDir: join(home, 'pki'),
    dataDirs: [BUILTIN_SIM_DATA],
    logger,
    providers: simulatorProviders(DEMO_PROVIDERS, config.onboarding.lspRegisterFile),
  });
  let opened: (store: Store) => void = () => undefined;
  const store = new Promise<Store>((resolve) => (opened = resolve));
  const lists = await startDemoLists(config, createRegistry(DEFAULT_DATA_SERVICES), store);
  const gateway = await startGateway(lists.config, logger);
  opened(gateway.store);
  await seedDemoProviders(gateway.store);
  demo = { config, base: config.publicUrl, gateway, sim, node: lists.node, home };
  await addOperator(config.onboarding.operatorsFile, 'beheerder', 'portaal-test-wachtwoord');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await demo?.gateway.close();
  await demo?.node.close();
  await demo?.sim.close();
  if (demo) rmSync(demo.home, { recursive: true, force: true });
});

/** A browser context that records the headers of every portal and operator page it loads. */
async function context(javaScriptEnabled: boolean): Promise<BrowserContext> {
  const ctx = await browser.newContext({ acceptDownloads: true, javaScriptEnabled });
  ctx.on('response', (r: Response) => {
    const url = new URL(r.url());
    const page = r.request().resourceType() === 'document' && (r.status() < 300 || r.status() >= 400);
    if (page && /^\/(portal|beheer)/.test(url.pathname))
      pages.push({ url: url.pathname, headers: r.headers() });
  });
  return ctx;
}

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

/** Basic accessibility checks every portal and operator page must pass. */
async function checkAccessible(page: Page): Promise<void> {
  const where = new URL(page.url()).pathname;
  assert.equal(await page.getAttribute('html', 'lang'), 'nl', where);
  assert.equal(await page.locator('h1').count(), 1, `${where}: one h1`);
  assert.equal((await page.locator('form').count()) <= 1, true, `${where}: one form per step`);
  for (const input of await page.locator('input:not([type="hidden"]), textarea, select').all()) {
    const id = await input.getAttribute('id');
    assert.ok(id, `${where}: every input has an id`);
    assert.equal(await page.locator(`label[for="${id}"]`).count(), 1, `${where}: input ${id} has one label`);
  }
  // Headings in order: the first is the h1, and no level is skipped on the way down.
  const levels = await page
    .locator('h1, h2, h3, h4, h5, h6')
    .evaluateAll((hs: { tagName: string }[]) => hs.map((h) => Number(h.tagName.slice(1))));
  assert.equal(levels[0], 1, `${where}: the first heading is the h1`);
  for (let i = 1; i < levels.length; i++)
    assert.ok(levels[i]! <= levels[i - 1]! + 1, `${where}: heading h${levels[i]} follows h${levels[i - 1]}`);
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

/** A provider's steps in the portal, up to submission; returns the accepted proposed name. */
async function joinAsProvider(
  ctx: BrowserContext,
  org: { name: string; ura: string; applicationId: string; email: string; takenName: string },
  js: boolean,
): Promise<string> {
  const provider = await ctx.newPage();
  await provider.goto(`${demo.base}/portal`);
  await checkAccessible(provider);

  // 1. The application, without an LSP application id: refused, with the reason, values kept.
  await provider.fill('#organisatie', org.name);
  await provider.fill('#ura', org.ura);
  await provider.fill('#agb', '12345678');
  await provider.fill('#contactpersoon', 'Jan de Vries');
  await provider.fill('#email', org.email);
  await provider.check('#systeem-winbase');
  await provider.check('#dienst-eerste'); // 31 medication
  await provider.click('button[type="submit"]');
  await provider.waitForSelector('.error-summary');
  assert.match((await provider.locator('.error-summary').textContent()) ?? '', /LSP-applicatie-id/);
  assert.equal(await provider.inputValue('#organisatie'), org.name);
  assert.equal(await provider.getAttribute('#lsp-applicaties', 'aria-invalid'), 'true');
  await checkAccessible(provider);
  if (js) {
    // The summary's link leads to the field.
    await provider.click('.error-summary a[href="#lsp-applicaties"]');
    await provider.keyboard.type(org.applicationId);
  } else await provider.fill('#lsp-applicaties', org.applicationId);
  await provider.click('button[type="submit"]');
  await provider.waitForURL(/\/portal\/aanvraag\//);
  assert.match(await provider.content(), /u voldoet aan de voorwaarden/);
  await checkAccessible(provider);

  // 2. The MedMij name: a taken one is refused with free proposals; accept the first.
  await provider.getByRole('link', { name: /MedMij-naam kiezen/ }).click();
  await checkAccessible(provider);
  await provider.fill('#naam', org.takenName);
  await provider.click('button[type="submit"]');
  await provider.waitForSelector('.error-summary');
  assert.match(await provider.content(), /al in gebruik/);
  await checkAccessible(provider);
  const proposed = await provider.getAttribute('#voorstel-0', 'value');
  assert.ok(proposed && /^[a-z]{3,50}$/.test(proposed) && proposed !== org.takenName);
  await provider.check('#voorstel-0');
  await provider.click('button[type="submit"]');
  await provider.waitForURL(/\/documenten/);
  await checkAccessible(provider);

  // 3. Both PDFs, filled in; uploaded back as the signed copies.
  const dir = join(demo.config.home, 'downloads', proposed);
  mkdirSync(dir, { recursive: true });
  const agreement = await download(provider, 'Verwerkersovereenkomst (PDF)', dir);
  const choice = await download(provider, 'Keuzeformulier gegevensdiensten en MedMij-naam (PDF)', dir);
  for (const pdf of [agreement, choice]) {
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(pdf.toString('latin1'), /<pdfaid:part>2<\/pdfaid:part>/);
    assert.ok(pdfText(pdf).includes(`${proposed}@medmij`), 'the MedMij name is on the page');
    assert.ok(pdfText(pdf).includes(org.name));
  }
  await provider.setInputFiles('#upload-overeenkomst', join(dir, `verwerkersovereenkomst-${proposed}.pdf`));
  await provider.setInputFiles('#upload-keuzeformulier', join(dir, `keuzeformulier-${proposed}.pdf`));
  await provider.click('button[type="submit"]');
  await provider.waitForSelector('#indienen');
  assert.match(await provider.content(), /SHA-256/);
  await checkAccessible(provider);
  await provider.click('#indienen');
  await provider.waitForSelector('.notice');
  assert.match(await provider.content(), /ingediend/);
  await checkAccessible(provider);
  await provider.screenshot({
    path: join(shots(), `portal-submitted-${js ? 'js' : 'nojs'}.png`),
    fullPage: true,
  });
  return proposed;
}

function shots(): string {
  const dir = join(process.cwd(), 'test-results');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The operator: login, review, approve, submit to MedMij, wait for the fetched ZAL, live. */
async function operatorToLive(ctx: BrowserContext, organisation: string, js: boolean): Promise<void> {
  const operator = await ctx.newPage();
  await operator.goto(`${demo.base}/beheer`);
  await operator.waitForSelector('#gebruikersnaam');
  await checkAccessible(operator);
  await operator.fill('#gebruikersnaam', 'beheerder');
  await operator.fill('#wachtwoord', 'portaal-test-wachtwoord');
  await operator.click('button[type="submit"]');
  await operator.waitForURL(/\/beheer$/);
  await checkAccessible(operator); // the queue
  assert.match(await operator.content(), /ingediend; wacht op beoordeling/);
  await operator.getByRole('link', { name: organisation }).click();
  await checkAccessible(operator); // the review
  assert.match(await operator.content(), /Verwerkersovereenkomst/);
  await operator.click('button[name="decision"][value="approve"]');
  await operator.waitForURL(/\/beheer\/zorgaanbieder\//);
  await checkAccessible(operator); // the provider page
  assert.equal(await operator.textContent('#status'), 'goedgekeurd');
  await operator.click('button[name="step"][value="submit"]');
  await operator.waitForSelector('#status:text-is("aangemeld bij MedMij")');
  await checkAccessible(operator);
  // No "published" button: the demo node publishes the submission, the next fetched ZAL shows it.
  assert.equal(await operator.locator('button[name="step"][value="publish"]').count(), 0);
  const deadline = Date.now() + 20_000;
  for (;;) {
    await operator.reload();
    if ((await operator.textContent('#status')) === 'gepubliceerd in de zorgaanbiederslijst') break;
    assert.ok(Date.now() < deadline, 'published within 20 s of the submission');
    await operator.waitForTimeout(300);
  }
  await checkAccessible(operator);
  await operator.click('button[name="step"][value="live"]');
  await operator.waitForSelector('#status:text-is("live")');
  await checkAccessible(operator);
  await operator.screenshot({
    path: join(shots(), `portal-operator-live-${js ? 'js' : 'nojs'}.png`),
    fullPage: true,
  });
  await operator.goto(`${demo.base}/beheer`);
  await checkAccessible(operator);
  assert.match(await operator.content(), new RegExp(`${organisation}</td>\\s*<td>live</td>`));
}

test(
  'a GGZ pharmacy joins through the portal, an operator approves, the ZAL publishes it, a PGO fetches its data',
  { skip },
  async () => {
    const ctx = await context(true);
    const proposed = await joinAsProvider(
      ctx,
      {
        name: 'GGZ-apotheek Zonnehuis',
        ura: '90000201',
        applicationId: '900201',
        email: 'jan@zonnehuis.example',
        takenName: 'ggzdemo',
      },
      true,
    );
    await operatorToLive(ctx, 'GGZ-apotheek Zonnehuis', true);

    // A patient's PGO: OAuth flow and a search against the new provider.
    const pgo = await ctx.newPage();
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
    await ctx.close();
  },
);

test('the same steps work with JavaScript disabled', { skip }, async () => {
  const ctx = await context(false);
  const page = await ctx.newPage();
  await page.setContent('<title>uit</title><script>document.title = "aan"</script>');
  assert.equal(await page.title(), 'uit', 'JavaScript is really off in this context');
  await page.close();
  await joinAsProvider(
    ctx,
    {
      name: 'Instellingsapotheek De Linde',
      ura: '90000202',
      applicationId: '900203',
      email: 'els@delinde.example',
      takenName: 'huisartsdemo',
    },
    false,
  );
  await operatorToLive(ctx, 'Instellingsapotheek De Linde', false);
  await ctx.close();
});

test('every portal and operator page is sent with anti-framing headers', { skip }, () => {
  assert.ok(pages.length >= 30, `${pages.length} pages seen`);
  for (const p of pages) {
    assert.match(p.headers['content-security-policy'] ?? '', /frame-ancestors 'none'/, p.url);
    assert.equal(p.headers['x-frame-options'], 'DENY', p.url);
    assert.equal(p.headers['x-content-type-options'], 'nosniff', p.url);
  }
  for (const path of ['/portal', '/beheer/inloggen', '/beheer'])
    assert.ok(
      pages.some((p) => p.url === path),
      `${path} was checked`,
    );
  assert.ok(pages.some((p) => p.url.startsWith('/beheer/zorgaanbieder/')));
  assert.ok(pages.some((p) => p.url.startsWith('/beheer/aanvraag/')));
});
