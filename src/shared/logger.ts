import pino from 'pino';
import { REDACTED_PATHS } from './web/log-redaction';

export type Logger = pino.Logger;

/** JSON logs; `toStderr` keeps stdout free for commands whose output scripts parse (the CLI). */
export function createLogger(level: string, toStderr = false, destination?: pino.DestinationStream): Logger {
  const options = { level, base: { app: 'gezu-lms' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  if (destination) return pino(options, destination);
  return toStderr ? pino(options, pino.destination(2)) : pino(options);
}
