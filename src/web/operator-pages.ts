/**
 * The operators' pages (Dutch, no JavaScript, one form per page): login, the queue of applications
 * and the providers, the review of one application (approve, request changes, reject with a reason),
 * and one provider's lifecycle (submit to MedMij, published, live, suspend, resume, offboard). Statuses
 * arrive as Dutch text. Rendering only.
 */
import { Html, html } from './html.ts';
import { errorSummary, portalLayout, textField } from './portal-layout.ts';

/**
 * The login page.
 * @param input - form action, CSRF token, the user name typed and an error
 */
export function renderOperatorLogin(input: {
  action: string;
  csrf: string;
  username: string;
  error?: string;
}): string {
  const body = html`${input.error ? errorSummary([{ id: 'gebruikersnaam', message: input.error }]) : html``}
    <p>Alleen voor beheerders van Brug. Zorgaanbieders gebruiken de persoonlijke link uit hun e-mail.</p>
    <form method="post" action="${input.action}">
      <input type="hidden" name="csrf" value="${input.csrf}" />
      ${textField({ id: 'gebruikersnaam', name: 'username', label: 'Gebruikersnaam', value: input.username, autocomplete: 'username', error: input.error ? ' ' : undefined })}
      ${textField({ id: 'wachtwoord', name: 'password', type: 'password', label: 'Wachtwoord', value: '', autocomplete: 'current-password' })}
      <button type="submit">Inloggen</button>
    </form>`;
  return portalLayout('Inloggen voor beheerders', body, input.error !== undefined);
}

/** One row of the queue. */
export interface QueueRow {
  id: string;
  organisation: string;
  naam: string | null;
  statusText: string;
  updated: string;
}

/** One provider row. */
export interface ProviderRow {
  naam: string;
  displayName: string;
  status: string;
}

/**
 * The queue of applications and the list of providers.
 * @param input - rows, who is logged in, logout form
 */
export function renderQueue(input: {
  operator: string;
  applications: QueueRow[];
  providers: ProviderRow[];
  logout: { action: string; csrf: string };
  notice?: string;
}): string {
  const body = html`<p>Ingelogd als <strong>${input.operator}</strong>.</p>
    ${input.notice ? html`<p class="notice" role="status">${input.notice}</p>` : html``}
    <h2>Aanvragen</h2>
    ${
      input.applications.length === 0
        ? html`<p>Er zijn geen aanvragen.</p>`
        : html`<table>
            <thead>
              <tr>
                <th scope="col">Organisatie</th>
                <th scope="col">MedMij-naam</th>
                <th scope="col">Status</th>
                <th scope="col">Bijgewerkt</th>
              </tr>
            </thead>
            <tbody>
              ${input.applications.map(
                (a) =>
                  html`<tr>
                    <td><a href="/beheer/aanvraag/${a.id}">${a.organisation}</a></td>
                    <td>${a.naam ? `${a.naam}@medmij` : '—'}</td>
                    <td>${a.statusText}</td>
                    <td>${a.updated}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    <h2>Zorgaanbieders</h2>
    <table>
      <thead>
        <tr>
          <th scope="col">MedMij-naam</th>
          <th scope="col">Naam</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        ${input.providers.map(
          (p) =>
            html`<tr>
              <td><a href="/beheer/zorgaanbieder/${p.naam}">${p.naam}@medmij</a></td>
              <td>${p.displayName}</td>
              <td>${p.status}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <form method="post" action="${input.logout.action}">
      <input type="hidden" name="csrf" value="${input.logout.csrf}" />
      <button type="submit">Uitloggen</button>
    </form>`;
  return portalLayout('Beheer: aanvragen en zorgaanbieders', body);
}

/** The review page of one application. */
export interface ReviewInput {
  action: string;
  csrf: string;
  organisation: string;
  statusText: string;
  rows: Array<[string, string]>;
  documents: Array<{ label: string; href: string; filename: string; size: number; sha256: string }>;
  history: Array<{ at: string; actor: string; action: string; detail: string }>;
  /** Decisions open now (none once decided). */
  decisions: Array<'approve' | 'changes' | 'reject'>;
  note: string;
  error?: string;
  notice?: string;
}

const DECISION_TEXT = { approve: 'Goedkeuren', changes: 'Aanpassing vragen', reject: 'Afwijzen' } as const;

/**
 * Review: the data, the signed documents with checksums, the history, and the decision form.
 * @param input - the application as shown
 */
export function renderReview(input: ReviewInput): string {
  const body = html`${input.error ? errorSummary([{ id: 'toelichting', message: input.error }]) : html``}
    ${input.notice ? html`<p class="notice" role="status">${input.notice}</p>` : html``}
    <p>Status: <strong>${input.statusText}</strong></p>
    <table>
      <tbody>
        ${input.rows.map(
          ([k, v]) =>
            html`<tr>
              <th scope="row">${k}</th>
              <td>${v}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h2>Ondertekende documenten</h2>
    ${
      input.documents.length === 0
        ? html`<p>Nog geen documenten ontvangen.</p>`
        : html`<ul>
            ${input.documents.map(
              (d) =>
                html`<li>
                  <a href="${d.href}">${d.label}</a> (${d.filename}, ${Math.ceil(d.size / 1024)} kB, SHA-256
                  <code>${d.sha256}</code>)
                </li>`,
            )}
          </ul>`
    }
    ${
      input.decisions.length > 0
        ? html`<h2>Besluit</h2>
            <form method="post" action="${input.action}">
              <input type="hidden" name="csrf" value="${input.csrf}" />
              <label for="toelichting">Toelichting voor de aanvrager</label>
              <p class="hint" id="toelichting-hint">
                Verplicht bij aanpassing vragen en bij afwijzen; wordt gemaild.
              </p>
              <textarea
                id="toelichting"
                name="note"
                rows="4"
                aria-describedby="toelichting-hint"
                ${new Html(input.error ? 'aria-invalid="true"' : '')}
              >
${input.note}</textarea>
              <div>
                ${input.decisions.map((d) => html`<button type="submit" name="decision" value="${d}">${DECISION_TEXT[d]}</button>`)}
              </div>
            </form>`
        : html``
    }
    <h2>Geschiedenis</h2>
    <table>
      <thead>
        <tr>
          <th scope="col">Wanneer</th>
          <th scope="col">Wie</th>
          <th scope="col">Wat</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        ${input.history.map(
          (h) =>
            html`<tr>
              <td>${h.at}</td>
              <td>${h.actor}</td>
              <td>${h.action}</td>
              <td>${h.detail}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <p><a href="/beheer">Terug naar de wachtrij</a></p>`;
  return portalLayout(`Aanvraag ${input.organisation}`, body, input.error !== undefined);
}

/** The provider page. */
export interface ProviderPageInput {
  action: string;
  csrf: string;
  naam: string;
  displayName: string;
  status: string;
  /** The lifecycle steps open now. */
  steps: Array<{ value: string; label: string }>;
  /** What the provider is waiting for (e.g. publication in the fetched ZAL). */
  waiting?: string;
  submission?: string;
  notice?: string;
  error?: string;
}

/**
 * A provider's lifecycle: its status and the next step (or suspension).
 * @param input - the provider as shown
 */
export function renderProviderPage(input: ProviderPageInput): string {
  const body = html`${input.error ? errorSummary([{ id: 'stap-0', message: input.error }]) : html``}
    ${input.notice ? html`<p class="notice" role="status">${input.notice}</p>` : html``}
    <p>Status: <strong id="status">${input.status}</strong></p>
    ${input.waiting ? html`<p class="hint">${input.waiting}</p>` : html``}
    ${
      input.submission
        ? html`<h2>Aanmelding bij MedMij</h2>
            <pre>${input.submission}</pre>`
        : html``
    }
    ${
      input.steps.length > 0
        ? html`<form method="post" action="${input.action}">
            <input type="hidden" name="csrf" value="${input.csrf}" />
            ${input.steps.map((s, i) => html`<button type="submit" id="stap-${i}" name="step" value="${s.value}">${s.label}</button>`)}
          </form>`
        : html``
    }
    <p><a href="/beheer">Terug naar de wachtrij</a></p>`;
  return portalLayout(
    `Zorgaanbieder ${input.displayName} (${input.naam}@medmij)`,
    body,
    input.error !== undefined,
  );
}
