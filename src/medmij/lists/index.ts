export * from './clients.ts';
export * from './demo-clients.ts';
export * from './ocl.ts';
export * from './file-registry.ts';
export * from './whitelist.ts';
