/**
 * Helpers for tests that walk the browser flow over real HTTP: a free loopback port, a small cookie
 * jar, a `fetch` wrapper that never follows redirects, and a tiny form reader. Test support only.
 */
import { createServer } from 'node:net';

/** Finds a free TCP port on 127.0.0.1 (to build a configuration before the server listens). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A browser-like client: keeps cookies per host (ignoring paths), does not follow redirects. */
export class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  /**
   * Sends a request with the host's cookies and stores the cookies it sets.
   * @param url - absolute URL
   * @param init - fetch options (redirect is always manual)
   */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const u = new URL(url);
    const cookies = this.jar.get(u.host);
    const headers = new Headers(init.headers);
    if (cookies && cookies.size > 0) {
      headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some(
        (a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a),
      );
      const hostJar = this.jar.get(u.host) ?? new Map<string, string>();
      if (expired || value === '') hostJar.delete(name);
      else hostJar.set(name, value);
      this.jar.set(u.host, hostJar);
    }
    return res;
  }

  /**
   * GETs a URL and returns the absolute Location it redirects to (asserting a redirect).
   * @param url - absolute URL
   */
  async redirectFrom(url: string, init: RequestInit = {}): Promise<string> {
    const res = await this.fetch(url, init);
    const loc = res.headers.get('location');
    if (res.status < 300 || res.status > 399 || loc === null) {
      throw new Error(
        `expected a redirect from ${url}, got ${res.status}: ${(await res.text()).slice(0, 300)}`,
      );
    }
    return new URL(loc, url).href;
  }

  /**
   * Posts a form (application/x-www-form-urlencoded).
   * @param url - absolute URL
   * @param fields - form fields
   * @param headers - extra headers (e.g. Origin)
   */
  async post(
    url: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return this.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }
}

/** The action and hidden fields of the (only) form on a page. */
export function readForm(page: string): { action: string; hidden: Record<string, string> } {
  const forms = page.match(/<form\b/g) ?? [];
  if (forms.length !== 1) throw new Error(`expected one form, found ${forms.length}`);
  const form = /<form\b[^>]*>/.exec(page)?.[0] ?? '';
  const hidden: Record<string, string> = {};
  for (const m of page.matchAll(/<input\b[^>]*>/g)) {
    const a = tagAttributes(m[0]);
    if (a.type === 'hidden' && a.name !== undefined) hidden[a.name] = a.value ?? '';
  }
  return { action: tagAttributes(form).action ?? '', hidden };
}

/** The (double-quoted) attributes of one start tag, unescaped. */
export function tagAttributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z-]+)="([^"]*)"/g)) {
    out[m[1]!] = m[2]!
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  }
  return out;
}

/**
 * A page with its layout whitespace collapsed (runs of whitespace to one space, none between tags),
 * so assertions do not depend on how the templates are formatted.
 */
export function squash(page: string): string {
  return page.replace(/\s+/g, ' ').replace(/>\s+</g, '><').replace(/>\s+/g, '>').replace(/\s+</g, '<');
}
