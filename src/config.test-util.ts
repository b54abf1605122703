/**
 * The settings a production configuration must name besides its secrets and files: its public URL,
 * LSP, DigiD broker, application id and URA (their defaults are the simulators and test ids). Test
 * support only: each test adds what it needs, or leaves out what it checks.
 */
export const PRODUCTION_BASICS = {
  BRUG_ENV: 'production',
  BRUG_PUBLIC_URL: 'https://brug.example.nl',
  BRUG_LSP_URL: 'https://lsp.example.nl/aorta',
  BRUG_OIDC_ISSUER: 'https://broker.example.nl',
  BRUG_APPLICATION_ID: '123456',
  BRUG_URA: '12345678',
} as const;
