import pino from 'pino';

export type Logger = pino.Logger;

/** JSON logs; `toStderr` keeps stdout free for commands whose output scripts parse (the CLI). */
export function createLogger(level: string, toStderr = false): Logger {
  const options = { level, base: { app: 'gezu-lms' }, redact: ['req.headers.cookie', 'req.headers.authorization'] };
  return toStderr ? pino(options, pino.destination(2)) : pino(options);
}
