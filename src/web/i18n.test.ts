import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickLang } from './i18n.ts';

const req = (query: Record<string, unknown>, acceptLanguage?: string) => ({
  query,
  headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage },
});

test('pages are Dutch unless English is asked for', () => {
  assert.equal(pickLang(req({})), 'nl');
  assert.equal(pickLang(req({ lang: 'en' })), 'en');
  assert.equal(pickLang(req({ lang: 'nl' }, 'en')), 'nl', 'the query wins');
  assert.equal(pickLang(req({ lang: 'fr' })), 'nl');
  assert.equal(pickLang(req({}, 'en-US,en;q=0.9')), 'en');
  assert.equal(pickLang(req({}, 'nl-NL,nl;q=0.9,en;q=0.8')), 'nl');
  assert.equal(pickLang(req({}, 'de,en;q=0.5')), 'en');
  assert.equal(pickLang(req({}, 'de')), 'nl');
  assert.equal(pickLang(req({}, 'en-US'), false), 'nl', 'the header ignored when not honoured');
});
