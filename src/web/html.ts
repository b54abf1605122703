/**
 * HTML building blocks shared by every page: escaping, one layout with its stylesheet, and
 * `sendPage`, which sets the security headers (strict CSP with the stylesheet's hash, no framing,
 * no caching, referrer only within our own origin).
 */
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML content and double-quoted attribute values.
 * @param s - untrusted text
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]!);
}

/** Tagged template that escapes every interpolated value unless it is `Html` (already safe). */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/**
 * Builds safe HTML: interpolated strings and numbers are escaped, `Html` values and arrays of them
 * are inserted as they are.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

function render(v: unknown): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === undefined || v === null || v === false) return '';
  return escapeHtml(typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v));
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}
h1{font-size:1.6rem}h2{font-size:1.2rem}label{display:block;margin:.5rem 0 .25rem}
input[type=text]{font-size:1.1rem;padding:.3rem;width:14rem}button{font-size:1rem;padding:.5rem 1.2rem;margin:.5rem .5rem 0 0;cursor:pointer}
.error{color:#a00;font-weight:bold}.muted{color:#555;font-size:.9rem}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;word-break:break-all;background:#f4f4f4;padding:.5rem}`;
const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;
/** Built outside any template so formatting can never add whitespace the CSP hash does not cover. */
const STYLE_ELEMENT = new Html(`<style>${STYLE}</style>`);

/**
 * A whole page (Dutch unless told otherwise).
 * @param title - the `<title>` and first heading
 * @param body - the page content after the heading
 * @param lang - the page language (`nl` default, `en`)
 */
export function layout(title: string, body: Html, lang: 'nl' | 'en' = 'nl'): string {
  return html`<!DOCTYPE html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
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
 * The Content-Security-Policy for our pages: nothing but our own stylesheet; forms may post only to
 * us (and to the origins given, which a post may redirect to, since browsers apply form-action to
 * the redirect too).
 * @param formActionOrigins - extra origins (e.g. a PGO's redirect URI origin)
 */
export function contentSecurityPolicy(formActionOrigins: string[] = []): string {
  const formAction = ["'self'", ...formActionOrigins].join(' ');
  return `default-src 'none'; style-src ${STYLE_HASH}; img-src 'self'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`;
}

/** Options for `sendPage`. */
export interface SendPageOptions {
  /** Origins a form on this page may end up at (see contentSecurityPolicy). */
  formActionOrigins?: string[];
}

/**
 * Sends a rendered page with the security headers.
 * @param reply - the Fastify reply
 * @param status - HTTP status
 * @param page - the document from `layout`
 * @param options - CSP additions
 */
export function sendPage(
  reply: FastifyReply,
  status: number,
  page: string,
  options: SendPageOptions = {},
): FastifyReply {
  return (
    reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', contentSecurityPolicy(options.formActionOrigins))
      .header('x-frame-options', 'DENY')
      .header('x-content-type-options', 'nosniff')
      // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on our own form
      // posts, which the Origin check must refuse. Nothing leaks across origins either way.
      .header('referrer-policy', 'same-origin')
      .header('cache-control', 'no-store')
      .send(page)
  );
}
