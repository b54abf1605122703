/**
 * Structured JSON logs (pino) to stderr, so `brug` commands keep stdout for their answer. Request and
 * correlation ids travel as fields. BSNs must never be logged: fields that could carry one are redacted
 * as a second line of defence, and `maskBsn` masks nine-digit runs in free text.
 */
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Creates the process logger.
 * @param level - pino level, or 'silent'
 * @param name - the component ('brug', 'sim-lsp', ...)
 */
export function createLogger(level: string, name = 'brug'): Logger {
  return pino(
    {
      name,
      level,
      redact: {
        paths: [
          'bsn',
          '*.bsn',
          'req.headers.authorization',
          'req.headers.cookie',
          'patientId',
          '*.patientId',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: 2, sync: false }),
  );
}

/** Replaces every run of exactly nine digits (a possible BSN) by XXXXXXXXX. */
export function maskBsn(text: string): string {
  return text.replace(/(?<!\d)\d{9}(?!\d)/g, 'XXXXXXXXX');
}
