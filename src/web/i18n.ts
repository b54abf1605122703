/**
 * Page language: Dutch by default (MedMij screens are Dutch, B1), English on request: `?lang=en`,
 * or else (when the caller honours it) an Accept-Language header that prefers English over Dutch.
 */
import type { FastifyRequest } from 'fastify';

export type Lang = 'nl' | 'en';

/**
 * The language for a page request.
 * @param request - the request (query `lang`, header `accept-language`)
 * @param useAcceptLanguage - whether the header counts (browsers often send `en-US` by default)
 */
export function pickLang(request: Pick<FastifyRequest, 'query' | 'headers'>, useAcceptLanguage = true): Lang {
  const q = (request.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'en' || q === 'nl') return q;
  if (!useAcceptLanguage) return 'nl';
  const header = request.headers['accept-language'];
  if (typeof header !== 'string') return 'nl';
  let best: { lang: Lang; q: number } | undefined;
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().split(';');
    const base = tag.trim().toLowerCase().split('-')[0];
    if (base !== 'en' && base !== 'nl') continue;
    const qv = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const weight = qv === undefined ? 1 : Number(qv);
    if (best === undefined || weight > best.q) best = { lang: base, q: weight };
  }
  return best?.lang ?? 'nl';
}

/**
 * Picks the text for a language.
 * @param lang - the page language
 * @param texts - the Dutch and English text
 */
export function t<T>(lang: Lang, texts: { nl: T; en: T }): T {
  return texts[lang];
}
