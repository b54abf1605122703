/**
 * The provider portal's pages (Dutch, no JavaScript, one form per step): the application form, the
 * application's overview behind the personal link, the MedMij-name step with proposals, and the
 * documents step (download, upload the signed copies). Rendering only; routes live in onboarding/.
 */
import { Html, html } from './html.ts';
import { errorSummary, portalLayout, textField, type PageError } from './portal-layout.ts';

/** The application form's values as entered (kept when the form is refused). */
export interface ApplicationValues {
  organisation: string;
  ura: string;
  agbCodes: string;
  contactName: string;
  email: string;
  applicationIds: string;
  system: string;
  systemOther: string;
  services: string[];
}

/** The form's field ids, so errors can link to them. */
export const FIELD_IDS: Readonly<Record<keyof ApplicationValues, string>> = {
  organisation: 'organisatie',
  ura: 'ura',
  agbCodes: 'agb',
  contactName: 'contactpersoon',
  email: 'email',
  applicationIds: 'lsp-applicaties',
  system: 'systeem-winbase',
  systemOther: 'systeem-anders',
  services: 'dienst-eerste',
};

/** What the application form shows. */
export interface ApplicationFormInput {
  action: string;
  csrf: string;
  values: ApplicationValues;
  errors: Array<{ field: keyof ApplicationValues; message: string }>;
  systems: ReadonlyArray<{ key: string; label: string }>;
  services: ReadonlyArray<{ id: string; name: string }>;
  /** Heading and button (new application or correction). */
  title: string;
  button: string;
}

/**
 * The application form (step 1), or its correction.
 * @param input - values, errors and choices
 */
export function renderApplicationForm(input: ApplicationFormInput): string {
  const v = input.values;
  const err = (f: keyof ApplicationValues): string | undefined =>
    input.errors
      .filter((e) => e.field === f)
      .map((e) => e.message)
      .join(' ') || undefined;
  const summary: PageError[] = input.errors.map((e) => ({ id: FIELD_IDS[e.field], message: e.message }));
  const systemError = err('system');
  const servicesError = err('services');
  const body = html`${errorSummary(summary)}
    <p>
      Met dit formulier vraagt uw organisatie aansluiting op Brug aan, zodat patiënten via hun PGO hun
      gegevens bij u kunnen ophalen. Wij controleren of u op het LSP bent aangesloten en of uw
      informatiesysteem de gekozen gegevensdiensten levert.
    </p>
    <form method="post" action="${input.action}" novalidate>
      <input type="hidden" name="csrf" value="${input.csrf}" />
      ${textField({ id: 'organisatie', name: 'organisation', label: 'Naam van de organisatie', value: v.organisation, error: err('organisation'), autocomplete: 'organization' })}
      ${textField({ id: 'ura', name: 'ura', label: 'URA-nummer', hint: '8 cijfers, van uw UZI-registratie', value: v.ura, error: err('ura'), inputmode: 'numeric' })}
      ${textField({ id: 'agb', name: 'agbCodes', label: 'AGB-code(s)', hint: '8 cijfers; meerdere codes gescheiden door een komma', value: v.agbCodes, error: err('agbCodes'), inputmode: 'numeric' })}
      ${textField({ id: 'contactpersoon', name: 'contactName', label: 'Contactpersoon', value: v.contactName, error: err('contactName'), autocomplete: 'name' })}
      ${textField({ id: 'email', name: 'email', type: 'email', label: 'E-mailadres van de contactpersoon', hint: 'Hierheen sturen wij de persoonlijke link naar uw aanvraag', value: v.email, error: err('email'), autocomplete: 'email' })}
      ${textField({ id: 'lsp-applicaties', name: 'applicationIds', label: 'LSP-applicatie-id(s)', hint: 'Het applicatie-id van elk systeem waarmee u op het LSP bent aangesloten; meerdere gescheiden door een komma', value: v.applicationIds, error: err('applicationIds'), inputmode: 'numeric' })}
      <fieldset ${new Html(systemError ? 'aria-describedby="systeem-error"' : '')}>
        <legend>Informatiesysteem</legend>
        ${systemError ? html`<p class="error" id="systeem-error">${systemError}</p>` : html``}
        ${input.systems.map(
          (s) =>
            html`<div>
              <input
                type="radio"
                id="systeem-${s.key}"
                name="system"
                value="${s.key}"
                ${new Html(v.system === s.key ? 'checked' : '')}
              />
              <label for="systeem-${s.key}">${s.label}</label>
            </div>`,
        )}
        ${textField({ id: 'systeem-anders', name: 'systemOther', label: 'Naam van het andere systeem', hint: 'Alleen invullen bij "Ander systeem"', value: v.systemOther, error: err('systemOther') })}
      </fieldset>
      <fieldset ${new Html(servicesError ? 'aria-describedby="diensten-error"' : '')}>
        <legend>Gegevensdiensten</legend>
        ${servicesError ? html`<p class="error" id="diensten-error">${servicesError}</p>` : html``}
        ${input.services.map(
          (s, i) =>
            html`<div>
              <input
                type="checkbox"
                id="${i === 0 ? 'dienst-eerste' : `dienst-${s.id}`}"
                name="services"
                value="${s.id}"
                ${new Html(v.services.includes(s.id) ? 'checked' : '')}
              />
              <label for="${i === 0 ? 'dienst-eerste' : `dienst-${s.id}`}">${s.name} (${s.id})</label>
            </div>`,
        )}
      </fieldset>
      <button type="submit">${input.button}</button>
    </form>`;
  return portalLayout(input.title, body, input.errors.length > 0);
}

/** The overview behind the personal link. */
export interface OverviewInput {
  organisation: string;
  statusText: string;
  naam: string | null;
  rows: Array<[string, string]>;
  base: string;
  documents: Array<{ label: string; filename: string; sha256: string }>;
  operatorNote: string | null;
  notice?: string;
  /** Steps still open, as links. */
  canEdit: boolean;
  /** The submit form, when both documents are in. */
  submit?: { action: string; csrf: string };
  error?: string;
}

/**
 * The application's overview: where it stands, what to do next.
 * @param input - the application as shown
 */
export function renderOverview(input: OverviewInput): string {
  const body = html`${input.error ? errorSummary([{ id: 'indienen', message: input.error }]) : html``}
    ${input.notice ? html`<p class="notice" role="status">${input.notice}</p>` : html``}
    <p>Status: <strong>${input.statusText}</strong></p>
    ${
      input.operatorNote
        ? html`<div class="notice">
            <h2>Bericht van de beheerder</h2>
            <p>${input.operatorNote}</p>
          </div>`
        : html``
    }
    <h2>Uw gegevens</h2>
    <table>
      <tbody>
        ${input.rows.map(
          ([k, val]) =>
            html`<tr>
              <th scope="row">${k}</th>
              <td>${val}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      input.canEdit
        ? html`<h2>Stappen</h2>
            <ol>
              <li><a href="${input.base}/wijzigen">Gegevens wijzigen</a></li>
              <li>
                <a href="${input.base}/naam">MedMij-naam ${input.naam ? 'wijzigen' : 'kiezen'}</a
                >${input.naam ? html` (nu: <strong>${input.naam}@medmij</strong>)` : html``}
              </li>
              <li>
                ${
                  input.naam
                    ? html`<a href="${input.base}/documenten"
                        >Documenten downloaden en ondertekend uploaden</a
                      >`
                    : html`Documenten downloaden en ondertekend uploaden (na het kiezen van de naam)`
                }
              </li>
            </ol>`
        : html``
    }
    ${
      input.documents.length > 0
        ? html`<h2>Ontvangen documenten</h2>
            <ul>
              ${input.documents.map(
                (d) =>
                  html`<li>
                    ${d.label}: ${d.filename} <span class="muted">(SHA-256 <code>${d.sha256}</code>)</span>
                  </li>`,
              )}
            </ul>`
        : html``
    }
    ${
      input.submit
        ? html`<form method="post" action="${input.submit.action}">
            <input type="hidden" name="csrf" value="${input.submit.csrf}" />
            <button type="submit" id="indienen">Aanvraag indienen</button>
          </form>`
        : html``
    }`;
  return portalLayout(`Aanvraag ${input.organisation}`, body, input.error !== undefined);
}

/** The MedMij-name step. */
export interface NameStepInput {
  action: string;
  csrf: string;
  organisation: string;
  value: string;
  error?: string;
  proposals: string[];
  back: string;
}

/**
 * Choosing the MedMij name; when the wish is taken or invalid, free proposals to pick from.
 * @param input - the wish, its problem and proposals
 */
export function renderNameStep(input: NameStepInput): string {
  const errors: PageError[] = input.error
    ? [{ id: input.proposals.length > 0 ? 'voorstel-0' : 'naam', message: input.error }]
    : [];
  const body = html`${errorSummary(errors)}
    <p>
      Onder uw MedMij-naam vinden PGO's uw organisatie. De naam bestaat uit 3 tot 50 kleine letters (a tot en
      met z); wij voegen <strong>@medmij</strong> toe. Stichting MedMij beslist uiteindelijk over de naam.
    </p>
    <form method="post" action="${input.action}" novalidate>
      <input type="hidden" name="csrf" value="${input.csrf}" />
      ${
        input.proposals.length > 0
          ? html`<fieldset>
                <legend>Kies een van deze vrije namen</legend>
                ${input.proposals.map(
                  (p, i) =>
                    html`<div>
                      <input type="radio" id="voorstel-${i}" name="voorstel" value="${p}" />
                      <label for="voorstel-${i}">${p}@medmij</label>
                    </div>`,
                )}
              </fieldset>
              <p>Of probeer een andere naam:</p>`
          : html``
      }
      ${textField({ id: 'naam', name: 'naam', label: 'Gewenste MedMij-naam (zonder @medmij)', hint: 'Bijvoorbeeld: apotheekzonnehuis', value: input.value, error: input.proposals.length > 0 ? undefined : input.error })}
      <button type="submit">Naam vastleggen</button>
    </form>
    <p><a href="${input.back}">Terug naar uw aanvraag</a></p>`;
  return portalLayout(`MedMij-naam kiezen voor ${input.organisation}`, body, input.error !== undefined);
}

/** The documents step. */
export interface DocumentsStepInput {
  action: string;
  csrf: string;
  organisation: string;
  naam: string;
  agreementUrl: string;
  choiceUrl: string;
  uploaded: Array<{ kind: 'agreement' | 'choice'; filename: string; sha256: string }>;
  errors: PageError[];
  notice?: string;
  maxKb: number;
  back: string;
}

/**
 * Download the two documents, upload the signed copies (one form, two file inputs).
 * @param input - links, uploads so far, errors
 */
export function renderDocumentsStep(input: DocumentsStepInput): string {
  const has = (k: 'agreement' | 'choice'): Html => {
    const d = input.uploaded.find((u) => u.kind === k);
    return d ? html`<p class="hint">Ontvangen: ${d.filename} (SHA-256 <code>${d.sha256}</code>)</p>` : html``;
  };
  const err = (id: string): string | undefined => input.errors.find((e) => e.id === id)?.message;
  const fileField = (id: string, name: string, label: string, kind: 'agreement' | 'choice'): Html => {
    const e = err(id);
    return html`<label for="${id}">${label}</label>
      <p class="hint" id="${id}-hint">PDF, hoogstens ${input.maxKb} kB</p>
      ${has(kind)} ${e ? html`<p class="error" id="${id}-error">${e}</p>` : html``}
      <input
        type="file"
        id="${id}"
        name="${name}"
        accept="application/pdf"
        aria-describedby="${id}-hint${e ? ` ${id}-error` : ''}"
        ${new Html(e ? 'aria-invalid="true"' : '')}
      />`;
  };
  const body = html`${errorSummary(input.errors)}
    ${input.notice ? html`<p class="notice" role="status">${input.notice}</p>` : html``}
    <h2>1. Downloaden</h2>
    <p>
      Beide documenten zijn ingevuld met uw gegevens en de MedMij-naam <strong>${input.naam}@medmij</strong>.
    </p>
    <ul>
      <li><a href="${input.agreementUrl}" download>Verwerkersovereenkomst (PDF)</a></li>
      <li><a href="${input.choiceUrl}" download>Keuzeformulier gegevensdiensten en MedMij-naam (PDF)</a></li>
    </ul>
    <h2>2. Ondertekend uploaden</h2>
    <p>
      Onderteken beide documenten en upload ze als PDF. Bestanden met JavaScript of ingesloten bestanden nemen
      wij niet aan.
    </p>
    <form method="post" action="${input.action}" enctype="multipart/form-data">
      <input type="hidden" name="csrf" value="${input.csrf}" />
      ${fileField('upload-overeenkomst', 'agreement', 'Ondertekende verwerkersovereenkomst', 'agreement')}
      ${fileField('upload-keuzeformulier', 'choice', 'Ondertekend keuzeformulier', 'choice')}
      <button type="submit">Uploaden</button>
    </form>
    <p><a href="${input.back}">Terug naar uw aanvraag</a></p>`;
  return portalLayout(`Documenten voor ${input.organisation}`, body, input.errors.length > 0);
}

/**
 * A plain message page (not found, expired form, done).
 * @param title - heading
 * @param message - text
 * @param link - optional link back
 */
export function renderPortalMessage(
  title: string,
  message: string,
  link?: { href: string; text: string },
): string {
  return portalLayout(
    title,
    html`<p>${message}</p>
      ${link ? html`<p><a href="${link.href}">${link.text}</a></p>` : html``}`,
  );
}
