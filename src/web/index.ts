export * from './html.ts';
export * from './consent-page.ts';
export * from './error-pages.ts';
export * from './form-body.ts';
export * from './i18n.ts';
export * from './flow-pages.ts';
export * from './consents-page.ts';
