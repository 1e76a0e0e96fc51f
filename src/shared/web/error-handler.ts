import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ConnectionError } from 'sequelize';
import { AppError, ValidationError } from '../errors';
import { wantsJson } from './auth-guard';
import type { Logger } from '../logger';
import { translate } from '../i18n';
import { formErrors } from './input';
import { redactUrl } from './log-redaction';

export const notFound: RequestHandler = (req, res) => {
  if (wantsJson(req)) {
    res.status(404).json({ code: 'NOT_FOUND', message: req.t('error.not_found') });
    return;
  }
  res.status(404).render('errors/404', { title: req.t('error.404.title') });
};

// PROTOCOL_SEQUENCE_TIMEOUT: a statement ran out of DB_QUERY_TIMEOUT_SECONDS (a frozen or overloaded server).
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'PROTOCOL_CONNECTION_LOST',
  'EPIPE',
  'PROTOCOL_SEQUENCE_TIMEOUT',
]);

/** The database is away (stopped, restarting, unreachable): a temporary state, not a bug of ours. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof ConnectionError) return true;
  const e = err as { code?: unknown; original?: { code?: unknown }; parent?: { code?: unknown } } | null;
  const code = e?.code ?? e?.original?.code ?? e?.parent?.code;
  return typeof code === 'string' && CONNECTION_CODES.has(code);
}

/** The one place errors become responses: known errors keep their status and code; everything
 * else is a 500 without internals, logged with the request id the user sees. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const requestId = String(req.id ?? '');
    // The error may come from before the page locals were set (e.g. the session store failed).
    if (typeof req.t !== 'function') req.t = (key, params) => translate('de', key, params);
    if (res.locals.locale === undefined) res.locals.locale = 'de';
    const locale = req.locale ?? 'de';
    let status = 500;
    let code = 'INTERNAL_ERROR';
    let message = req.t('error.internal');
    let extra: Record<string, unknown> = {};
    if (err instanceof AppError) {
      ({ status, code } = err);
      message = err.text(locale);
      extra = { ...(err.details ?? {}) };
      if (err instanceof ValidationError && Object.keys(err.fieldErrors).length) {
        extra.fields = formErrors(req, err);
      }
    } else if (isDatabaseUnavailable(err)) {
      status = 503;
      code = 'SERVICE_UNAVAILABLE';
      message = req.t('error.unavailable');
      res.setHeader('Retry-After', '30');
    } else if (err?.code === 'EBADCSRFTOKEN' || err?.message === 'invalid csrf token') {
      status = 403;
      code = 'CSRF_INVALID';
      message = req.t('error.csrf');
    } else if (err?.type === 'entity.parse.failed') {
      status = 400;
      code = 'BODY_NOT_JSON';
      message = req.t('error.body_not_json');
    } else if (err?.type === 'entity.too.large') {
      status = 413;
      code = 'BODY_TOO_LARGE';
      message = req.t('error.body_too_large');
    } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      status = err.status;
      code = 'BAD_REQUEST';
      message = req.t('error.bad_request');
    }
    if (status >= 500) logger.error({ err, requestId, url: redactUrl(req.originalUrl) }, 'request failed');
    if (res.headersSent) return;
    if (wantsJson(req)) {
      res.status(status).json({ code, message, ...extra, ...(status >= 500 ? { requestId } : {}) });
      return;
    }
    const view =
      status === 503
        ? 'errors/503'
        : status === 404
          ? 'errors/404'
          : code === 'NO_PERMISSION'
            ? 'errors/403'
            : status >= 500
              ? 'errors/500'
              : 'errors/generic';
    // The tab title names the problem like the page heading does, not a bare "Fehler".
    const titles: Record<string, string> = {
      'errors/404': 'error.404.title',
      'errors/403': 'error.403.title',
      'errors/500': 'error.500.title',
      'errors/503': 'error.503.title',
    };
    const title = req.t(titles[view] ?? 'error.title');
    res.status(status).render(view, { title, message, code, requestId }, (renderErr, html) => {
      if (renderErr) {
        logger.error({ err: renderErr, requestId }, 'rendering the error page failed');
        res.type('text/plain').send(`Ein Fehler ist aufgetreten. Kennung: ${requestId}`);
        return;
      }
      res.send(html);
    });
  };
}
