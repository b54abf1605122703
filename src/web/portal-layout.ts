/**
 * The layout of the provider portal and the operator pages: the shared page style plus a visible
 * focus ring, an error summary at the top that links to each field in error, and form-field helpers
 * that bind labels, hints and errors to their inputs. Sent with the same security headers as every
 * page (strict CSP with this stylesheet's hash, no framing, no caching).
 */
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { Html, html } from './html.ts';

const STYLE = `body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}
h1{font-size:1.6rem}h2{font-size:1.2rem}label,legend{display:block;margin:.8rem 0 .2rem;font-weight:600}
input[type=text],input[type=email],input[type=password],textarea{font-size:1rem;padding:.35rem;width:100%;max-width:28rem;box-sizing:border-box;border:2px solid #555}
fieldset{border:1px solid #bbb;margin:.8rem 0;padding:.4rem .8rem}fieldset label{display:inline;font-weight:400;margin:0 .4rem}
button,.button{font-size:1rem;padding:.5rem 1.2rem;margin:.6rem .5rem 0 0;cursor:pointer}
:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}a:focus-visible{background:#fde68a}
.hint{color:#444;font-size:.9rem;margin:0}.error{color:#a00;font-weight:600;margin:.2rem 0}
[aria-invalid=true]{border-color:#a00!important}.error-summary{border:3px solid #a00;padding:.5rem 1rem;margin:1rem 0}
.notice{border-left:5px solid #1d4ed8;padding:.3rem .8rem;background:#eef2ff}.muted{color:#555;font-size:.9rem}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}
code{word-break:break-all}pre{white-space:pre-wrap;word-break:break-all;background:#f4f4f4;padding:.5rem}`;
const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;
const STYLE_ELEMENT = new Html(`<style>${STYLE}</style>`);

/** One problem with one field: the field's id and the message. */
export interface PageError {
  /** The id of the input (the summary links to `#id`). */
  id: string;
  message: string;
}

/**
 * The error summary at the top of a form page (empty when there are no errors).
 * @param errors - the problems, in the order of the fields
 */
export function errorSummary(errors: PageError[]): Html {
  if (errors.length === 0) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="fouten-titel" tabindex="-1">
    <h2 id="fouten-titel">Er ${errors.length === 1 ? 'is 1 probleem' : `zijn ${errors.length} problemen`}</h2>
    <ul>
      ${errors.map((e) => html`<li><a href="#${e.id}">${e.message}</a></li>`)}
    </ul>
  </div>`;
}

/** Options for a text field. */
export interface FieldOptions {
  id: string;
  name: string;
  label: string;
  value: string;
  hint?: string;
  error?: string;
  type?: 'text' | 'email' | 'password';
  autocomplete?: string;
  inputmode?: 'numeric';
  required?: boolean;
}

/**
 * A labelled input with its hint and error bound by aria-describedby.
 * @param o - the field
 */
export function textField(o: FieldOptions): Html {
  const described = [o.hint ? `${o.id}-hint` : '', o.error ? `${o.id}-error` : '']
    .filter((x) => x !== '')
    .join(' ');
  return html`<label for="${o.id}">${o.label}</label>
    ${o.hint ? html`<p class="hint" id="${o.id}-hint">${o.hint}</p>` : html``}
    ${o.error ? html`<p class="error" id="${o.id}-error">${o.error}</p>` : html``}
    <input
      type="${o.type ?? 'text'}"
      id="${o.id}"
      name="${o.name}"
      value="${o.value}"
      ${new Html(o.autocomplete ? `autocomplete="${o.autocomplete}"` : '')}
      ${new Html(o.inputmode ? `inputmode="${o.inputmode}"` : '')}
      ${new Html(o.required ? 'required' : '')}
      ${new Html(described ? `aria-describedby="${described}"` : '')}
      ${new Html(o.error ? 'aria-invalid="true"' : '')}
    />`;
}

/**
 * A whole portal page (Dutch).
 * @param title - the `<title>` and first heading
 * @param body - the content after the heading
 * @param hasErrors - prefixes the title with "Fout:" so screen readers hear it first
 */
export function portalLayout(title: string, body: Html, hasErrors = false): string {
  return html`<!DOCTYPE html>
    <html lang="nl">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${hasErrors ? `Fout: ${title}` : title} - Brug</title>
        ${STYLE_ELEMENT}
      </head>
      <body>
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html> `.value;
}

/**
 * Sends a portal page with the security headers.
 * @param reply - the Fastify reply
 * @param status - HTTP status
 * @param page - from `portalLayout`
 */
export function sendPortalPage(reply: FastifyReply, status: number, page: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header(
      'content-security-policy',
      `default-src 'none'; style-src ${STYLE_HASH}; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    )
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('cache-control', 'no-store')
    .send(page);
}
