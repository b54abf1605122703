import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import { contentSecurityPolicy, escapeHtml, html, layout, sendPage } from './html.ts';
import { renderConsentPage } from './consent-page.ts';
import { renderTechnicalErrorPage } from './error-pages.ts';

test('the stylesheet in every page is exactly the one the CSP hash allows', () => {
  const page = layout('Titel', html`<p>x</p>`);
  const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1];
  assert.ok(style !== undefined);
  const hash = createHash('sha256').update(style).digest('base64');
  assert.match(contentSecurityPolicy(), new RegExp(`style-src 'sha256-${hash.replace(/[+/]/g, '\\$&')}'`));
  assert.match(contentSecurityPolicy(), /default-src 'none'/);
  assert.doesNotMatch(contentSecurityPolicy(), /script-src/);
  assert.match(
    contentSecurityPolicy(['http://localhost:8080']),
    /form-action 'self' http:\/\/localhost:8080;/,
  );
});

test('interpolated text is escaped; the consent page never pre-selects long-lived consent', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  const page = renderConsentPage({
    providerName: '<script>alert(1)</script>',
    pgoName: 'PGO "x"',
    serviceNames: ['Dienst'],
    offerLongLived: true,
    action: '/oauth/consent',
    csrfToken: 'a"b',
  });
  assert.doesNotMatch(page, /<script>/);
  assert.match(page, /value="a&quot;b"/);
  assert.doesNotMatch(page, /checked/);
  assert.equal((page.match(/<form\b/g) ?? []).length, 1);
  const without = renderConsentPage({
    providerName: 'A',
    pgoName: 'B',
    serviceNames: ['C'],
    offerLongLived: false,
    action: '/oauth/consent',
    csrfToken: 't',
  });
  assert.doesNotMatch(without, /longLived/);
});

test('sendPage sets the security headers', async () => {
  const app = Fastify();
  app.get('/', (_req, reply) => sendPage(reply, 500, renderTechnicalErrorPage('trace-1', undefined)));
  const res = await app.inject({ method: 'GET', url: '/' });
  assert.equal(res.statusCode, 500);
  assert.equal(res.headers['x-frame-options'], 'DENY');
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
  assert.match(res.body, /trace-1/);
  assert.doesNotMatch(res.body, /Sessie/);
  await app.close();
});
