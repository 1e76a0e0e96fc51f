import { Router, type Request, type Response, type NextFunction } from 'express';
import passport from 'passport';
import type { Sequelize } from 'sequelize';
import * as users from './users';
import { loginLimiters, type LoginLimitConfig } from './login-limits';
import { safeNext } from '../shared/web/auth-guard';
import { flash } from '../shared/web/locals';
import { ValidationError, AppError } from '../shared/errors';
import type { Mailer } from '../shared/mailer';
import { formErrors } from '../shared/web/input';

export interface AuthRouteDeps {
  sequelize: Sequelize;
  mailer: Mailer;
  baseUrl: string;
  limits: LoginLimitConfig;
}

const withoutPasswords = (body: Record<string, unknown>) => {
  const { password: _p, passwordConfirm: _c, _csrf, ...rest } = body ?? {};
  return rest;
};

/** Re-renders a form with the user's input (never passwords) and one message per field. */
function renderForm(req: Request, res: Response, view: string, title: string, err: unknown, extra: object = {}) {
  if (!(err instanceof ValidationError)) throw err;
  res.status(422).render(view, { title, values: withoutPasswords(req.body), errors: formErrors(req, err), formError: req.t('error.form'), ...extra });
}

export function authRoutes(deps: AuthRouteDeps): Router {
  const r = Router();

  r.get('/login', (req, res) => {
    if (req.user) return res.redirect(303, '/');
    res.render('auth/login', { title: req.t('login.title'), next: safeNext(req.query.next, '') });
  });
  r.post('/login', ...loginLimiters(deps.sequelize, deps.limits), (req: Request, res: Response, next: NextFunction) => {
    passport.authenticate('local', (err: unknown, user: Express.User | false) => {
      if (err) return next(err);
      if (!user) {
        return res.status(401).render('auth/login', {
          title: req.t('login.title'), values: { email: String(req.body?.email ?? '') }, next: safeNext(req.body?.next, ''), formError: req.t('login.failed'),
        });
      }
      // passport ≥ 0.6 regenerates the session id here, so a session fixed before login is useless.
      req.logIn(user, (loginErr) => (loginErr ? next(loginErr) : res.redirect(303, safeNext(req.body?.next, '/'))));
    })(req, res, next);
  });
  r.post('/logout', (req, res, next) => {
    req.logout((err) => {
      if (err) return next(err);
      flash(req, 'info', req.t('logout.done'));
      res.redirect(303, '/login');
    });
  });

  r.get('/register', (req, res) => res.render('auth/register', { title: req.t('register.title') }));
  r.post('/register', async (req, res, next) => {
    try {
      const user = await users.registerLotse(req.body);
      req.logIn(user, (err) => {
        if (err) return next(err);
        flash(req, 'success', req.t('register.done', { name: user.firstName }));
        res.redirect(303, '/');
      });
    } catch (err) {
      renderForm(req, res, 'auth/register', req.t('register.title'), err);
    }
  });

  r.get('/password/forgot', (req, res) => res.render('auth/forgot', { title: req.t('forgot.title') }));
  r.post('/password/forgot', async (req, res) => {
    const result = await users.createPasswordReset(String(req.body?.email ?? ''));
    if (result) {
      const link = `${deps.baseUrl}/password/reset/${result.token}`;
      await deps.mailer.send({ to: result.user.email, subject: req.t('mail.reset.subject'), text: req.t('mail.reset.body', { name: result.user.name, link }) });
    }
    // The same answer whether or not the account exists, so the form reveals no addresses.
    flash(req, 'info', req.t('forgot.sent'));
    res.redirect(303, '/login');
  });

  for (const [prefix, purpose, view, titleKey, doneKey] of [
    ['/password/reset', 'password_reset', 'auth/reset', 'reset.title', 'reset.done'],
    ['/invitation', 'invitation', 'auth/invitation', 'invite.title', 'invite.done'],
  ] as const) {
    r.get(`${prefix}/:token`, async (req, res) => {
      const user = await users.peekLinkToken(req.params.token, purpose);
      if (!user) return res.status(410).render('errors/generic', { title: req.t(titleKey), message: req.t('reset.invalid') });
      res.render(view, { title: req.t(titleKey), invitee: user, token: req.params.token });
    });
    r.post(`${prefix}/:token`, async (req, res) => {
      const user = await users.peekLinkToken(req.params.token, purpose);
      try {
        await users.setPasswordWithToken(req.params.token, purpose, req.body);
      } catch (err) {
        if (err instanceof AppError && err.code === 'LINK_INVALID') {
          return res.status(410).render('errors/generic', { title: req.t(titleKey), message: req.t('reset.invalid') });
        }
        return renderForm(req, res, view, req.t(titleKey), err, { invitee: user, token: req.params.token });
      }
      flash(req, 'success', req.t(doneKey));
      res.redirect(303, '/login');
    });
  }
  return r;
}
