export * from './bsn.ts';
export * from './acr.ts';
export * from './oidc-login.ts';
