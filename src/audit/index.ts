export * from './anchor.ts';
export * from './chain.ts';
export * from './lsp-trail.ts';
export * from './pseudonym.ts';
export * from './record.ts';
