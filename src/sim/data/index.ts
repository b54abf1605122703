import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of Brug's own synthetic simulator patients (manifest.json + HL7v3 answers). */
export const BUILTIN_SIM_DATA: string = dirname(fileURLToPath(import.meta.url));
