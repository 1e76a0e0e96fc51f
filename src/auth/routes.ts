import { Router, type Request, type Response, type NextFunction } from 'express';
import type { AppPassport } from './passport-setup';
import type { Sequelize } from 'sequelize';
import * as users from './users';
import { registerLotse, confirmEmail } from './registration';
import {
  LoginBackoff,
  loginIpLimiter,
  accountMailLimiters,
  clientIp,
  loginEmail,
  type LoginLimitConfig,
} from './login-limits';
import { safeNext } from '../shared/web/auth-guard';
import { flash } from '../shared/web/locals';
import { ValidationError, AppError } from '../shared/errors';
import { enqueueMail } from '../outbox';
import { formErrors } from '../shared/web/input';
import type { TokenStandings } from './token-epoch';

export interface AuthRouteDeps {
  sequelize: Sequelize;
  baseUrl: string;
  limits: LoginLimitConfig;
  mailLimits: { perIp: number; perAddress: number };
  /** Launch tokens end when a reset sets a new password. */
  standings: TokenStandings;
  /** The app's Passport (its local strategy), from the composition root. */
  passport: AppPassport;
}

const withoutPasswords = (body: Record<string, unknown>) => {
  const { password: _p, passwordConfirm: _c, _csrf, ...rest } = body ?? {};
  return rest;
};

/** Re-renders a form with the user's input (never passwords) and one message per field. */
function renderForm(req: Request, res: Response, view: string, title: string, err: unknown, extra: object = {}) {
  if (!(err instanceof ValidationError)) throw err;
  res.status(422).render(view, {
    title,
    values: withoutPasswords(req.body),
    errors: formErrors(req, err),
    formError: req.t('error.form'),
    ...extra,
  });
}

/** An object or array where a text belongs (a JSON body) is refused before anything reads it. */
function rejectNonTextCredentials(req: Request, _res: Response, next: NextFunction) {
  const { email, password } = req.body ?? {};
  if ((email !== undefined && typeof email !== 'string') || (password !== undefined && typeof password !== 'string')) {
    return next(new AppError(400, 'LOGIN_INPUT_INVALID', req.t('login.input_invalid')));
  }
  next();
}

export function authRoutes(deps: AuthRouteDeps): Router {
  const r = Router();

  r.get('/login', (req, res) => {
    if (req.user) return res.redirect(303, '/');
    res.render('auth/login', { title: req.t('login.title'), next: safeNext(req.query.next, '') });
  });
  const backoff = new LoginBackoff(deps.sequelize, deps.limits);
  const renderLogin = (req: Request, res: Response, status: number, formError: string) =>
    res.status(status).render('auth/login', {
      title: req.t('login.title'),
      values: { email: loginEmail(req) },
      next: safeNext(req.body?.next, ''),
      formError,
    });
  r.post(
    '/login',
    rejectNonTextCredentials,
    loginIpLimiter(deps.sequelize, deps.limits),
    async (req: Request, res: Response, next: NextFunction) => {
      const email = loginEmail(req);
      const ip = clientIp(req);
      const wait = await backoff.waitSeconds(email, ip);
      if (wait > 0) {
        // The password is not even checked while the pair waits, so guessing makes no progress.
        res.setHeader('Retry-After', String(wait));
        return renderLogin(req, res, 429, req.t('login.delayed', { seconds: wait }));
      }
      deps.passport.authenticate('local', (err: unknown, user: Express.User | false) => {
        if (err instanceof AppError && err.code === 'EMAIL_UNCONFIRMED')
          return renderLogin(req, res, 403, req.t('login.unconfirmed'));
        if (err) return next(err);
        if (!user) {
          return backoff.recordFailure(email, ip).then(() => renderLogin(req, res, 401, req.t('login.failed')), next);
        }
        // passport ≥ 0.6 regenerates the session id here, so a session fixed before login is useless.
        backoff
          .recordSuccess(email, ip)
          .then(
            () =>
              req.logIn(user, (loginErr) =>
                loginErr ? next(loginErr) : res.redirect(303, safeNext(req.body?.next, '/')),
              ),
            next,
          );
      })(req, res, next);
    },
  );
  r.post('/logout', (req, res, next) => {
    req.logout((err) => {
      if (err) return next(err);
      flash(req, 'info', req.t('logout.done'));
      res.redirect(303, '/login');
    });
  });

  const mailLimited = (view: string, titleKey: string) => (req: Request, res: Response) =>
    res.status(429).render(view, {
      title: req.t(titleKey),
      values: withoutPasswords(req.body),
      formError: req.t('account_mail.rate_limited'),
    });
  r.get('/register', (req, res) => res.render('auth/register', { title: req.t('register.title') }));
  r.post(
    '/register',
    ...accountMailLimiters(deps.sequelize, deps.mailLimits, mailLimited('auth/register', 'register.title')),
    async (req, res) => {
      let outcome;
      try {
        // The mail is written into the outbox in the registration's transaction (sent right after it commits).
        outcome = await registerLotse(req.body, (transaction, done) =>
          enqueueMail(
            transaction,
            done.kind === 'confirm'
              ? {
                  to: done.user.email,
                  subject: req.t('mail.register.subject'),
                  text: req.t('mail.register.body', {
                    name: done.user.firstName,
                    link: `${deps.baseUrl}/register/confirm/${done.token}`,
                  }),
                }
              : {
                  to: done.user.email,
                  subject: req.t('mail.register_known.subject'),
                  text: req.t('mail.register_known.body', {
                    name: done.user.firstName,
                    login: `${deps.baseUrl}/login`,
                    forgot: `${deps.baseUrl}/password/forgot`,
                  }),
                },
          ),
        );
      } catch (err) {
        return renderForm(req, res, 'auth/register', req.t('register.title'), err);
      }
      const { user } = outcome;
      // The same page whether or not the address had an account: only its owner's mailbox tells.
      res.render('auth/register-sent', { title: req.t('register.sent_title'), email: user.email });
    },
  );
  r.get('/register/confirm/:token', async (req, res) => {
    try {
      const user = await confirmEmail(req.params.token);
      res.render('auth/login', {
        title: req.t('login.title'),
        values: { email: user.email },
        flash: [{ type: 'success', text: req.t('register.confirmed', { name: user.firstName }) }],
      });
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'LINK_INVALID')) throw err;
      res
        .status(410)
        .render('errors/generic', { title: req.t('register.title'), message: req.t('register.confirm_invalid') });
    }
  });

  r.get('/password/forgot', (req, res) => res.render('auth/forgot', { title: req.t('forgot.title') }));
  r.post(
    '/password/forgot',
    ...accountMailLimiters(deps.sequelize, deps.mailLimits, mailLimited('auth/forgot', 'forgot.title')),
    async (req, res) => {
      // The link's mail is written with the link; the outbox of this process sends it as soon as it commits.
      await users.createPasswordReset(loginEmail(req), (transaction, { user, token }) =>
        enqueueMail(transaction, {
          to: user.email,
          subject: req.t('mail.reset.subject'),
          text: req.t('mail.reset.body', { name: user.name, link: `${deps.baseUrl}/password/reset/${token}` }),
        }),
      );
      // The same answer whether or not the account exists, so the form reveals no addresses.
      flash(req, 'info', req.t('forgot.sent'));
      res.redirect(303, '/login');
    },
  );

  for (const [prefix, purpose, view, titleKey, doneKey] of [
    ['/password/reset', 'password_reset', 'auth/reset', 'reset.title', 'reset.done'],
    ['/invitation', 'invitation', 'auth/invitation', 'invite.title', 'invite.done'],
  ] as const) {
    r.get(`${prefix}/:token`, async (req, res) => {
      const user = await users.peekLinkToken(req.params.token, purpose);
      if (!user)
        return res.status(410).render('errors/generic', { title: req.t(titleKey), message: req.t('reset.invalid') });
      res.render(view, { title: req.t(titleKey), invitee: user, token: req.params.token });
    });
    r.post(`${prefix}/:token`, async (req, res) => {
      const user = await users.peekLinkToken(req.params.token, purpose);
      try {
        await users.setPasswordWithToken(req.params.token, purpose, req.body, deps.standings);
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
