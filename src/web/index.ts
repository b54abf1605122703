export * from './html.ts';
export * from './consent-page.ts';
export * from './error-pages.ts';
export * from './form-body.ts';
