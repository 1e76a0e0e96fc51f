import pino from 'pino';
import { REDACTED_PATHS } from './web/log-redaction';

export type Logger = pino.Logger;

/**
 * JSON logs for machines; readable lines (pino-pretty, in-process and synchronous, so nothing is lost
 * at exit) when `pretty`. `toStderr` keeps stdout free for commands whose output scripts parse (the CLI).
 */
export function createLogger(
  level: string,
  toStderr = false,
  prettyLines = false,
  destination?: pino.DestinationStream,
): Logger {
  // Cookies, tokens and credential URLs never reach a log line (web/log-redaction.ts).
  const options = { level, base: { app: 'gezu-lms' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  if (destination) return pino(options, destination);
  const fd = toStderr ? 2 : 1;
  if (prettyLines) {
    // Loaded only when wanted (production and tests never pay for it), and typed here so that a
    // checkout whose node_modules predates this dependency still type-checks.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pretty = require('pino-pretty') as (opts: Record<string, unknown>) => pino.DestinationStream;
    return pino(
      options,
      pretty({ destination: fd, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,app' }),
    );
  }
  return pino(options, pino.destination(fd));
}

/** LOG_FORMAT=auto: readable when a person watches a terminal, JSON for log collectors and in production. */
export function wantsPrettyLogs(
  format: 'auto' | 'json' | 'pretty',
  isProduction: boolean,
  isTerminal: boolean,
): boolean {
  if (format !== 'auto') return format === 'pretty';
  return isTerminal && !isProduction;
}
