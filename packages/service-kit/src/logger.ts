import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * The platform logger: JSON lines on stdout with the service name; never logs ID numbers
 * (callers log ids, not `idNumber` values; `redact` catches the usual field names).
 */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    redact: { paths: ['idNumber', '*.idNumber', '*.*.idNumber', 'password', '*.password', 'authorization'], censor: '[redacted]' },
  });
}
