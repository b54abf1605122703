export * from './parse.ts';
export * from './query.ts';
export * from './write.ts';
