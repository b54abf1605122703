/**
 * The patient's own page (after a DigiD login): their long-lived consents per provider and PGO, each
 * with a button to withdraw it, in one form with a hidden CSRF token; and the login page in front of
 * it. Dutch, English on request. Below it, the latest fetches of their data (from the audit log).
 */
import { html, layout } from './html.ts';
import { t, type Lang } from './i18n.ts';

/** One long-lived consent as the person sees it. */
export interface ConsentRow {
  grantId: string;
  providerName: string;
  pgoName: string;
  serviceNames: string[];
  /** When it was given (epoch ms). */
  since: number;
  /** When it lapses unless used (epoch ms), if known. */
  lapsesAt: number | undefined;
}

/** What the consents page shows. */
export interface ConsentsPageInput {
  consents: ConsentRow[];
  action: string;
  csrfToken: string;
  lang: Lang;
  /** A notice after an action (e.g. "withdrawn"). */
  notice?: string;
  /** The latest fetches of the person's data (from the audit log), newest first. */
  history?: HistoryRow[];
}

/** One fetch as the person sees it. */
export interface HistoryRow {
  at: number;
  providerName: string;
  pgoName: string;
  what: string;
  /** Resources returned, or undefined when the fetch failed. */
  count: number | undefined;
}

function moment(ms: number, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Amsterdam',
  }).format(new Date(ms));
}

function historySection(rows: HistoryRow[] | undefined, lang: Lang): ReturnType<typeof html> {
  if (rows === undefined) return html``;
  if (rows.length === 0) {
    return html`<h2>${t(lang, { nl: 'Opgehaalde gegevens', en: 'Data fetched' })}</h2>
      <p>
        ${t(lang, { nl: 'Er zijn nog geen gegevens van je opgehaald.', en: 'No data of yours has been fetched yet.' })}
      </p>`;
  }
  return html`<h2>${t(lang, { nl: 'Opgehaalde gegevens', en: 'Data fetched' })}</h2>
    <table>
      <caption>
        ${t(lang, { nl: 'De laatste keren dat een PGO je gegevens ophaalde', en: 'The latest fetches of your data by a PGO' })}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t(lang, { nl: 'Wanneer', en: 'When' })}</th>
          <th scope="col">${t(lang, { nl: 'Zorgaanbieder', en: 'Provider' })}</th>
          <th scope="col">PGO</th>
          <th scope="col">${t(lang, { nl: 'Wat', en: 'What' })}</th>
          <th scope="col">${t(lang, { nl: 'Resultaat', en: 'Result' })}</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              <td>${moment(r.at, lang)}</td>
              <td>${r.providerName}</td>
              <td>${r.pgoName}</td>
              <td>${r.what}</td>
              <td>
                ${
                  r.count === undefined
                    ? t(lang, { nl: 'mislukt', en: 'failed' })
                    : t(lang, { nl: `${r.count} gegevens`, en: `${r.count} items` })
                }
              </td>
            </tr> `,
        )}
      </tbody>
    </table>`;
}

function day(ms: number, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'Europe/Amsterdam',
  }).format(new Date(ms));
}

/**
 * Renders the list of long-lived consents with their withdraw buttons.
 * @param input - the consents, form details, language and notice
 */
export function renderConsentsPage(input: ConsentsPageInput): string {
  const { lang } = input;
  const rows = input.consents.map(
    (c) =>
      html`<tr>
        <td>${c.providerName}</td>
        <td>${c.pgoName}</td>
        <td>${c.serviceNames.join(', ')}</td>
        <td>${day(c.since, lang)}</td>
        <td>${c.lapsesAt === undefined ? '' : day(c.lapsesAt, lang)}</td>
        <td>
          <button
            type="submit"
            name="grant"
            value="${c.grantId}"
            aria-label="${t(lang, {
              nl: `Toestemming voor ${c.pgoName} bij ${c.providerName} intrekken`,
              en: `Withdraw consent for ${c.pgoName} at ${c.providerName}`,
            })}"
          >
            ${t(lang, { nl: 'Intrekken', en: 'Withdraw' })}
          </button>
        </td>
      </tr> `,
  );
  const table =
    input.consents.length === 0
      ? html`<p>
          ${t(lang, {
            nl: 'Je hebt geen toestemmingen voor onbepaalde tijd.',
            en: 'You have no consents without an end date.',
          })}
        </p>`
      : html`<table>
          <caption>
            ${t(lang, { nl: 'Toestemmingen voor onbepaalde tijd', en: 'Consents without an end date' })}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t(lang, { nl: 'Zorgaanbieder', en: 'Provider' })}</th>
              <th scope="col">PGO</th>
              <th scope="col">${t(lang, { nl: 'Gegevens', en: 'Data' })}</th>
              <th scope="col">${t(lang, { nl: 'Gegeven op', en: 'Given on' })}</th>
              <th scope="col">
                ${t(lang, { nl: 'Vervalt als je niets ophaalt na', en: 'Lapses if unused after' })}
              </th>
              <th scope="col">${t(lang, { nl: 'Actie', en: 'Action' })}</th>
            </tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>`;
  const body = html`${input.notice === undefined ? html`` : html`<p role="status">${input.notice}</p>`}
    <form method="post" action="${input.action}">
      <input type="hidden" name="csrf" value="${input.csrfToken}" />
      ${table}
      <p>
        <button type="submit" name="action" value="logout">
          ${t(lang, { nl: 'Uitloggen', en: 'Log out' })}
        </button>
      </p>
    </form>
    ${historySection(input.history, lang)}`;
  return layout(t(lang, { nl: 'Jouw toestemmingen', en: 'Your consents' }), body, lang);
}

/**
 * The page in front of the consents page: log in with DigiD.
 * @param input - form action, CSRF token and language
 */
export function renderConsentsLoginPage(input: { action: string; csrfToken: string; lang: Lang }): string {
  const { lang } = input;
  const body = html`<p>
      ${t(lang, {
        nl: 'Hier zie je welke toestemmingen voor onbepaalde tijd je hebt gegeven, en kun je ze intrekken. Log eerst in met DigiD.',
        en: 'Here you see the consents without an end date you have given, and you can withdraw them. First log in with DigiD.',
      })}
    </p>
    <form method="post" action="${input.action}">
      <input type="hidden" name="csrf" value="${input.csrfToken}" />
      <button type="submit" name="action" value="login">
        ${t(lang, { nl: 'Inloggen met DigiD', en: 'Log in with DigiD' })}
      </button>
    </form>`;
  return layout(t(lang, { nl: 'Jouw toestemmingen', en: 'Your consents' }), body, lang);
}
