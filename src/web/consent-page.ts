/**
 * The consent page (Toestemmingsverklaring, MedMij AS 2.2.4 Core; text in domain/medmij.md section
 * 10): title "Toestemming geven", the mandatory sentences with the provider's and the PGO's names,
 * the data services by their list names, an optional "voor onbepaalde tijd" checkbox (never
 * pre-selected) and the approve / deny buttons in one form with a hidden CSRF token.
 */
import { html, layout, type Html } from './html.ts';
import type { Lang } from './i18n.ts';

/** What the consent page shows. */
export interface ConsentPageInput {
  /** <Naam Aanbieder>: the provider's display name. */
  providerName: string;
  /** <Naam PGO>: OAuthclientOrganisatienaam from the client registry. */
  pgoName: string;
  /** Weergavenamen of the requested data services. */
  serviceNames: string[];
  /** Whether "voor onbepaalde tijd" may be offered (every requested service allows it). */
  offerLongLived: boolean;
  /** Where the form posts to. */
  action: string;
  /** The session's CSRF token. */
  csrfToken: string;
  /** Page language; default Dutch (the mandatory text). English is a courtesy translation. */
  lang?: Lang;
}

/** The English rendering (the Dutch text is the MedMij one; this follows it sentence by sentence). */
function englishBody(input: ConsentPageInput, longLived: Html): Html {
  const a = input.providerName;
  const p = input.pgoName;
  return html`<p><a href="${input.action}?lang=nl" hreflang="nl" lang="nl">Nederlands</a></p>
    <p>
      Do you want to put the data ${a} holds about you in your PGO? Then ${a} needs your consent to share this
      data with ${p}.
    </p>
    <h2>Which data</h2>
    <ul>
      ${input.serviceNames.map((n) => html`<li>${n}</li> `)}
    </ul>
    <details>
      <summary>Explanation</summary>
      <p>
        ${a} may not share data with another party without your consent (see also the privacy statement of
        ${a}). Consents are valid without an end date. If you put no data in your PGO for more than six
        months, the long-lived consent is no longer valid. The next time you want to put data in your PGO, you
        log in with DigiD again and give consent again.
      </p>
      <p>
        You can always change consents you give without an end date. To do so, look up ${a} in your PGO and
        choose 'Change consents'.
      </p>
      <p>
        Stichting MedMij has made strict rules for the connection with the computer of ${a}. ${p} follows
        these rules. Once you have given consent, your data is put in your PGO over the secure MedMij
        connection.
      </p>
    </details>
    <form method="post" action="${input.action}">
      <input type="hidden" name="csrf" value="${input.csrfToken}" />
      ${longLived}
      <button type="submit" name="decision" value="approve">Give consent</button>
      <button type="submit" name="decision" value="deny">No consent</button>
    </form>`;
}

/**
 * Renders the consent page.
 * @param input - names, services and form details
 */
export function renderConsentPage(input: ConsentPageInput): string {
  const a = input.providerName;
  const p = input.pgoName;
  const en = input.lang === 'en';
  const longLived = input.offerLongLived
    ? en
      ? html`<p>
          <input type="checkbox" id="longLived" name="longLived" value="yes" />
          <label for="longLived">I give consent without an end date</label>
        </p>`
      : html`<p>
          <input type="checkbox" id="longLived" name="longLived" value="yes" />
          <label for="longLived">Ik geef toestemming voor onbepaalde tijd</label>
        </p>`
    : html``;
  if (en) return layout('Give consent', englishBody(input, longLived), 'en');
  const body = html`<p><a href="${input.action}?lang=en" hreflang="en" lang="en">English</a></p>
    <p>
      Wil je de gegevens die ${a} over jou heeft in jouw PGO zetten? Dan heeft ${a} jouw toestemming nodig om
      deze gegevens met ${p} te delen.
    </p>
    <h2>Welke gegevens</h2>
    <ul>
      ${input.serviceNames.map((n) => html`<li>${n}</li> `)}
    </ul>
    <details>
      <summary>Toelichting</summary>
      <p>
        ${a} mag niet zonder jouw toestemming gegevens delen met een andere partij (lees ook de privacy
        verklaring van ${a}). Toestemmingen zijn geldig voor onbepaalde tijd. Als je langer dan zes maanden
        geen gegevens in je PGO zet, is de langdurige toestemming niet meer geldig. De volgende keer dat je
        gegevens in jouw PGO wilt zetten, log je weer in met DigiD en geef je opnieuw toestemming.
      </p>
      <p>
        Toestemmingen die je voor onbepaalde tijd geeft, kun je altijd aanpassen. Dit doe je door in je PGO
        naar ${a} te zoeken en te kiezen voor 'Toestemmingen aanpassen'.
      </p>
      <p>
        Voor de verbinding met de computer van ${a} heeft Stichting MedMij strenge regels gemaakt. ${p} volgt
        deze regels. Als je toestemming hebt gegeven, worden je gegevens in je PGO gezet via de veilige
        MedMij-verbinding.
      </p>
    </details>
    <form method="post" action="${input.action}">
      <input type="hidden" name="csrf" value="${input.csrfToken}" />
      ${longLived}
      <button type="submit" name="decision" value="approve">Toestemming geven</button>
      <button type="submit" name="decision" value="deny">Geen toestemming</button>
    </form>`;
  return layout('Toestemming geven', body);
}
