/**
 * `/lti/register` (behind requireAdmin): LTI Dynamic Registration. GET shows what is about to be
 * registered (the platform opened this page with `openid_configuration` and `registration_token`); the admin
 * confirms by POST (CSRF), which runs the registration (dynamic-registration.ts) and ends on a page that
 * tells the platform to close it (`org.1edtech.lti.close`). Refusals: the German refusal page with the code.
 */
import { Router, type Request, type Response } from 'express';
import type { Sequelize } from 'sequelize';
import { registerWithPlatform } from './dynamic-registration';
import { ltiError } from './launch-validation';
import { AppError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import './messages';

const str = (v: unknown, max: number) => (typeof v === 'string' && v.length <= max ? v : '');

export function ltiRegistrationRoutes(opts: { sequelize: Sequelize; baseUrl: string; logger: Logger }): Router {
  const r = Router();
  // The platform opens these pages in a window and waits for our close message: with the app's usual
  // `Cross-Origin-Opener-Policy: same-origin` the window would lose its opener. Only these two pages keep
  // it (the opener can then navigate or message this window, never read it). They are never framable
  // (frame-ancestors 'self'): the configuration URL comes from the query, so a framing origin taken from
  // it would let any site clickjack the confirm button.
  r.use((_req, res, next) => {
    res.setHeader('Cross-Origin-Opener-Policy', 'unsafe-none');
    next();
  });
  const refuse = (req: Request, res: Response, err: unknown) => {
    if (!(err instanceof AppError)) throw err;
    opts.logger.warn({ code: err.code }, 'LTI registration refused');
    res.status(err.status).render('lti/refused', {
      title: req.t('lti.register.refused'),
      message: req.t(err.key),
      code: err.code,
    });
  };

  r.get('/', (req, res) => {
    const configUrl = str(req.query.openid_configuration, 500);
    const host = URL.canParse(configUrl) ? new URL(configUrl).host : '';
    if (!/^https?:\/\//.test(configUrl) || !host) return refuse(req, res, ltiError('LTI_REGISTRATION_CONFIG_INVALID'));
    res.setHeader('Cache-Control', 'no-store');
    res.render('lti/register', {
      title: req.t('lti.register.title'),
      host,
      configUrl,
      registrationToken: str(req.query.registration_token, 4000),
    });
  });

  r.post('/', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    try {
      const platform = await registerWithPlatform(opts.sequelize, {
        baseUrl: opts.baseUrl,
        configUrl: str(body.openid_configuration, 500),
        registrationToken: str(body.registration_token, 4000) || undefined,
        actorId: req.user!.id,
      });
      res.setHeader('Cache-Control', 'no-store');
      res.render('lti/registered', {
        title: req.t('lti.register.done'),
        platform,
        scripts: ['/static/js/lti/registered.js'],
      });
    } catch (err) {
      refuse(req, res, err);
    }
  });
  return r;
}
