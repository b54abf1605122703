export {
  startLspSimulator,
  lspServerTls,
  DEFAULT_PROVIDER,
  type LspSimulator,
  type LspSimulatorOptions,
} from './server.ts';
export { loadManifest, loadPatients, ManifestError, type PatientEntry, type AsPatient } from './manifest.ts';
export { parseFault, DEFAULT_ERROR_CODE, type Fault } from './fault.ts';
export { readQuery, type ReceivedQuery } from './query.ts';
export type { Source } from './stamp.ts';
