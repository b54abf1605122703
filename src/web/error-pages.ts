/**
 * Error pages of the authorization flow: the page shown when a request cannot be answered with a
 * redirect (unknown client, foreign redirect URI, expired session, failed CSRF check), and the
 * technical-failure page with the references a helpdesk needs. Neither shows a BSN or internal detail.
 */
import { html, layout } from './html.ts';

/** What each error code means for the person, in plain Dutch (B1). */
const EXPLANATION: Record<string, string> = {
  invalid_client: 'De app (PGO) die je hierheen stuurde, is bij ons niet bekend.',
  invalid_request: 'Je verzoek is niet compleet, niet geldig of verlopen.',
  access_denied: 'Het formulier is verlopen of is niet via deze website verstuurd.',
};

/**
 * The page for an authorization request Brug may not redirect back from.
 * @param description - the technical description (the OAuth error_description, in English)
 * @param code - the OAuth error code
 */
export function renderAuthorizationErrorPage(description: string, code: string): string {
  return layout(
    'Er ging iets mis',
    html`<p class="error">${EXPLANATION[code] ?? 'Je verzoek kan niet worden verwerkt.'}</p>
      <p>Ga terug naar je PGO en probeer het opnieuw.</p>
      <p class="muted">Technische omschrijving: ${description} (foutcode ${code})</p>`,
  );
}

/**
 * The technical-failure page.
 * @param traceId - the id under which the failure is logged
 * @param sessionRef - a reference to the browser session (not the session id itself), or undefined
 */
export function renderTechnicalErrorPage(traceId: string, sessionRef: string | undefined): string {
  return layout(
    'Technische storing',
    html`<p>
        Door een technische storing kunnen we je verzoek nu niet afmaken. Probeer het later opnieuw vanuit je
        PGO.
      </p>
      <p class="muted">Neem je contact op met de helpdesk? Noem dan deze gegevens:</p>
      <dl class="muted">
        <dt>Trace-id</dt>
        <dd>${traceId}</dd>
        ${
          sessionRef === undefined
            ? html``
            : html`<dt>Sessie</dt>
                <dd>${sessionRef}</dd>`
        }
      </dl>`,
  );
}
