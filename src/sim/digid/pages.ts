/** The DigiD simulator's pages (Dutch): the login form with its one `bsn` input, and its error page. */
import { html, layout } from '../../web/index.ts';

/**
 * The login form.
 * @param action - where the form posts (the interaction URL)
 * @param csrfToken - the interaction's CSRF token
 * @param message - an error to show above the form (e.g. a BSN failing the 11-check)
 * @param clientName - the relying party the person logs in to
 */
export function renderLoginPage(
  action: string,
  csrfToken: string,
  message: string | undefined,
  clientName: string,
): string {
  return layout(
    'Inloggen met DigiD (simulator)',
    html`<p>
        Dit is een <strong>simulator</strong> van DigiD voor demonstraties en tests. Je logt in bij
        ${clientName}.
      </p>
      ${message === undefined ? html`` : html`<p class="error" role="alert">${message}</p>`}
      <form method="post" action="${action}">
        <input type="hidden" name="csrf" value="${csrfToken}" />
        <label for="bsn">Burgerservicenummer</label>
        <input
          type="text"
          id="bsn"
          name="bsn"
          inputmode="numeric"
          autocomplete="off"
          maxlength="9"
          required
        />
        <button type="submit">Inloggen</button>
      </form>`,
  );
}

/**
 * The simulator's error page (also for errors of the OpenID provider itself).
 * @param code - error code
 * @param description - public description
 */
export function renderSimErrorPage(code: string, description: string): string {
  return layout(
    'DigiD-simulator: fout',
    html`<p class="error">${description}</p>
      <p class="muted">Foutcode: ${code}</p>`,
  );
}

/** The page at the simulator's root: what it is and how to reach its login form. */
export function renderSimHomePage(issuer: string): string {
  return layout(
    'DigiD-simulator',
    html`<p>
        Deze simulator speelt voor demo's en tests de rol van een DigiD-makelaar (OpenID Connect). Het
        inlogformulier verschijnt wanneer Brug je hierheen stuurt tijdens het ophalen van gegevens vanuit je
        PGO.
      </p>
      <p class="muted">Discovery: ${issuer}/.well-known/openid-configuration</p>`,
  );
}
