/**
 * The MedMij screens around the DigiD login, in Dutch (B1) with English on request: the landing
 * page (Landingspagina: who asks what, before DigiD), the cancellation page (Annuleringspagina) and
 * the page for a DigiD login below the required assurance level. Each ends with a plain link back to
 * the PGO (the client's checked redirect URI carrying `error=access_denied`), or one form with a
 * hidden CSRF token. No JavaScript.
 */
import { html, layout, type Html } from './html.ts';
import { t, type Lang } from './i18n.ts';

/** What the landing page shows. */
export interface LandingPageInput {
  providerName: string;
  pgoName: string;
  serviceNames: string[];
  /** Where the form posts to. */
  action: string;
  csrfToken: string;
  lang: Lang;
}

/** A link to the same page in the other language. */
function languageSwitch(path: string, lang: Lang): Html {
  return lang === 'nl'
    ? html`<p><a href="${path}?lang=en" hreflang="en" lang="en">English</a></p>`
    : html`<p><a href="${path}?lang=nl" hreflang="nl" lang="nl">Nederlands</a></p>`;
}

/**
 * The landing page: provider, PGO and data services, and the choice to log in with DigiD or cancel.
 * @param input - names, services, form details and language
 */
export function renderLandingPage(input: LandingPageInput): string {
  const { providerName: a, pgoName: p, lang } = input;
  const body = html`${languageSwitch(input.action, lang)}
    <p>
      ${t(lang, {
        nl: `${p} wil jouw gegevens ophalen bij ${a}. Het gaat om:`,
        en: `${p} wants to collect your data from ${a}. This concerns:`,
      })}
    </p>
    <ul>
      ${input.serviceNames.map((n) => html`<li>${n}</li> `)}
    </ul>
    <p>
      ${t(lang, {
        nl: 'Eerst log je in met DigiD. Daarna vragen we of je toestemming geeft.',
        en: 'First you log in with DigiD. Then we ask for your consent.',
      })}
    </p>
    <form method="post" action="${input.action}">
      <input type="hidden" name="csrf" value="${input.csrfToken}" />
      <input type="hidden" name="lang" value="${lang}" />
      <button type="submit" name="action" value="login">
        ${t(lang, { nl: 'Inloggen met DigiD', en: 'Log in with DigiD' })}
      </button>
      <button type="submit" name="action" value="cancel">
        ${t(lang, { nl: 'Annuleren', en: 'Cancel' })}
      </button>
    </form>`;
  return layout(t(lang, { nl: `Gegevens ophalen bij ${a}`, en: `Collect data from ${a}` }), body, lang);
}

/** A page that ends the flow with a link back to the PGO. */
export interface BackToPgoInput {
  pgoName: string;
  /** The client's redirect URI with `error=access_denied` and the state. */
  backUrl: string;
  lang: Lang;
}

function backLink(input: BackToPgoInput): Html {
  return html`<p>
    <a href="${input.backUrl}"
      >${t(input.lang, { nl: `Terug naar ${input.pgoName}`, en: `Back to ${input.pgoName}` })}</a
    >
  </p>`;
}

/**
 * The cancellation page (Annuleringspagina).
 * @param input - PGO name, the link back and language
 */
export function renderCancelledPage(input: BackToPgoInput): string {
  const body = html`<p>
      ${t(input.lang, {
        nl: 'Je hebt het ophalen van je gegevens geannuleerd. Er zijn geen gegevens gedeeld.',
        en: 'You cancelled collecting your data. No data was shared.',
      })}
    </p>
    ${backLink(input)}`;
  return layout(t(input.lang, { nl: 'Geannuleerd', en: 'Cancelled' }), body, input.lang);
}

const LEVEL_NAMES: Record<string, { nl: string; en: string }> = {
  basis: { nl: 'Basis', en: 'Basic' },
  midden: { nl: 'Midden', en: 'Medium' },
  substantieel: { nl: 'Substantieel', en: 'Substantial' },
  hoog: { nl: 'Hoog', en: 'High' },
};

/**
 * The page for a DigiD login below the required assurance level.
 * @param input - PGO name, link back, language, and the required level
 */
export function renderLevelTooLowPage(input: BackToPgoInput & { required: string }): string {
  const level = t(input.lang, LEVEL_NAMES[input.required] ?? { nl: input.required, en: input.required });
  const body = html`<p class="error">
      ${t(input.lang, {
        nl: `Je hebt ingelogd met DigiD, maar niet op het niveau dat nodig is. Voor je gezondheidsgegevens moet je inloggen op niveau ${level} of hoger.`,
        en: `You logged in with DigiD, but not at the level needed. For your health data you must log in at level ${level} or higher.`,
      })}
    </p>
    <p>
      ${t(input.lang, {
        nl: 'Dat kan bijvoorbeeld met de DigiD app met ID-check. Begin daarna opnieuw vanuit je PGO.',
        en: 'You can do so with, for example, the DigiD app with ID check. Then start again from your PGO.',
      })}
    </p>
    ${backLink(input)}`;
  return layout(
    t(input.lang, { nl: 'Inloggen niet voldoende', en: 'Login not sufficient' }),
    body,
    input.lang,
  );
}

/**
 * The availability check found nothing: the person hears so in plain words, and goes back to the PGO.
 * @param input - PGO name, provider name, the way back (access_denied) and language
 */
export function renderNoDataPage(input: BackToPgoInput & { providerName: string }): string {
  const body = html`<p>
      ${t(input.lang, {
        nl: `${input.providerName} heeft geen gegevens over jou die je nu in je PGO kunt zetten.`,
        en: `${input.providerName} holds no data about you that you can put in your PGO now.`,
      })}
    </p>
    <p>
      ${t(input.lang, {
        nl: 'Je hoeft daarom geen toestemming te geven. Denk je dat dit niet klopt? Neem dan contact op met je zorgaanbieder.',
        en: 'So there is nothing to consent to. If you think this is wrong, contact your care provider.',
      })}
    </p>
    ${backLink(input)}`;
  return layout(t(input.lang, { nl: 'Geen gegevens gevonden', en: 'No data found' }), body, input.lang);
}
