/** The demo PGO's pages (Dutch): choosing what to fetch, and showing what came back. */
import type * as fhir from 'fhir';
import { html, layout, type Html } from '../../web/index.ts';
import type { BackchannelAnswer } from './backchannel.ts';
import type { MedicationRow } from './medication-table.ts';

/** One choice on the start page. */
export interface PgoChoice {
  /** `naam~id` */
  scope: string;
  label: string;
}

/**
 * The start page: one form to pick a provider and data service; and, when this browser holds a
 * long-lived consent, a link to fetch again with it (no DigiD login).
 * @param choices - live providers' data services
 * @param kept - the label of the long-lived consent this browser holds, if any
 */
export function renderStartPage(choices: PgoChoice[], kept?: string): string {
  const keptLink =
    kept === undefined
      ? html``
      : html`<p>
          Je hebt eerder toestemming voor onbepaalde tijd gegeven (${kept}).
          <a href="/sim/pgo/refresh">Opnieuw ophalen zonder in te loggen</a>
        </p>`;
  const body =
    choices.length === 0
      ? html`<p>Er zijn nog geen zorgaanbieders aangesloten.</p>`
      : html`<p>
            Dit is een <strong>demo-PGO</strong>. Kies bij welke zorgaanbieder je welke gegevens wilt ophalen.
            Je logt daarna in met (de simulator van) DigiD en geeft toestemming.
          </p>
          <form method="get" action="/sim/pgo/start">
            <label for="scope">Zorgaanbieder en gegevensdienst</label>
            <select id="scope" name="scope">
              ${choices.map((c) => html`<option value="${c.scope}">${c.label}</option> `)}
            </select>
            <button type="submit">Gegevens ophalen</button>
          </form>`;
  return layout('Demo-PGO: gegevens ophalen', html`${keptLink}${body}`);
}

function outcomeIssues(json: unknown): Html {
  const oo = json as fhir.OperationOutcome | undefined;
  if (oo?.resourceType !== 'OperationOutcome') return html``;
  return html`<h2>OperationOutcome</h2>
    <table>
      <thead>
        <tr>
          <th>Ernst</th>
          <th>Code</th>
          <th>Toelichting</th>
        </tr>
      </thead>
      <tbody>
        ${(oo.issue ?? []).map(
          (i) =>
            html`<tr>
              <td>${i.severity}</td>
              <td>${i.code}</td>
              <td>${i.diagnostics ?? i.details?.text ?? ''}</td>
            </tr> `,
        )}
      </tbody>
    </table>`;
}

function raw(answer: BackchannelAnswer, summary: string): Html {
  const text = answer.json === undefined ? answer.text : JSON.stringify(answer.json, null, 2);
  return html`<details>
    <summary>${summary}</summary>
    <pre>${text}</pre>
  </details>`;
}

const again = html`<p><a href="/sim/pgo">Opnieuw beginnen</a></p>`;

/**
 * The page for a failed step (an OAuth error on the callback, the token endpoint or the search).
 * @param step - what failed, in words
 * @param answer - the HTTP answer (or only an error code and description)
 */
export function renderFailurePage(
  step: string,
  answer: BackchannelAnswer | { error: string; description: string },
): string {
  if ('error' in answer) {
    return layout(
      'Demo-PGO: niet gelukt',
      html`<p>${step}</p>
        <p class="error">${answer.error}: ${answer.description}</p>
        ${again}`,
    );
  }
  const status =
    answer.failure !== undefined
      ? html`<p class="error">Geen antwoord: ${answer.failure}</p>`
      : html`<p class="error">HTTP ${answer.status}</p>`;
  const oauth = answer.json as { error?: string; error_description?: string } | undefined;
  const oauthLine =
    typeof oauth?.error === 'string' ? html`<p>${oauth.error}: ${oauth.error_description ?? ''}</p>` : html``;
  return layout(
    'Demo-PGO: niet gelukt',
    html`<p>${step}</p>
      ${status}${oauthLine}${outcomeIssues(answer.json)}${raw(answer, 'Ruw antwoord')}${again}`,
  );
}

/** The answer of one of the demo's searches, for the result page. */
export interface ResultSection {
  label: string;
  /** The search below the service's base. */
  path: string;
  answer: BackchannelAnswer;
  /** Whether it gave a searchset Bundle. */
  ok: boolean;
  /** Medication rows, for a MedicationDispense search. */
  rows?: MedicationRow[];
}

function medicationTable(rows: MedicationRow[]): Html {
  return rows.length === 0
    ? html`<p>Er zijn geen verstrekkingen gevonden.</p>`
    : html`<table>
        <thead>
          <tr>
            <th>Geneesmiddel</th>
            <th>Datum verstrekking</th>
            <th>Hoeveelheid</th>
            <th>Gebruik</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr>
                <td>${r.medicine}</td>
                <td>${r.date}</td>
                <td>${r.quantity}</td>
                <td>${r.dosage}</td>
              </tr> `,
          )}
        </tbody>
      </table>`;
}

function section(s: ResultSection): Html {
  if (!s.ok) {
    return html`<section>
      <h3>${s.label}</h3>
      <p><code>${s.path}</code></p>
      <p class="error">HTTP ${s.answer.status}</p>
      ${outcomeIssues(s.answer.json)}
    </section>`;
  }
  const bundle = s.answer.json as fhir.Bundle;
  const matches = (bundle.entry ?? []).filter(
    (e) => e.search?.mode !== 'include' && e.search?.mode !== 'outcome',
  );
  const count = matches.length;
  return html`<section>
    <h3>${s.label}</h3>
    <p><code>${s.path}</code></p>
    <p>${count} gevonden (Bundle met ${(bundle.entry ?? []).length} resources).</p>
    ${s.rows === undefined ? html`` : medicationTable(s.rows)}${outcomeIssues(
      (bundle.entry ?? []).find((e) => e.resource?.resourceType === 'OperationOutcome')?.resource,
    )}${raw(s.answer, 'Ruwe Bundle (JSON)')}
  </section>`;
}

/**
 * The result page: one section per search of the data service.
 * @param title - provider and service
 * @param sections - the searches and their answers, in the registry's order
 */
export function renderResultPage(title: string, sections: ResultSection[]): string {
  return layout(
    'Demo-PGO: opgehaalde gegevens',
    html`<h2>${title}</h2>
      ${sections.map(section)}${again}`,
  );
}
