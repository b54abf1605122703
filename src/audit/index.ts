export * from './chain.ts';
export * from './pseudonym.ts';
export * from './record.ts';
