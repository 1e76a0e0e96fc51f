import { Router, type Request, type Response } from 'express';
import { changePassword, endAllMySessions, countSessions } from './account';
import { ValidationError } from '../shared/errors';
import { flash } from '../shared/web/locals';
import { formErrors } from '../shared/web/input';
import type { TokenStandings } from './token-epoch';

async function renderAccount(req: Request, res: Response, status = 200, extra: object = {}) {
  res
    .status(status)
    .render('auth/account', { title: req.t('account.title'), sessions: await countSessions(req.user!.id), ...extra });
}

/** `/account` (behind requireLogin): the person's own password and sessions. */
export function accountRoutes(deps: { standings: TokenStandings }): Router {
  const r = Router();
  r.get('/', (req, res) => renderAccount(req, res));

  // A new password ends every other session of the account; this one goes on.
  r.post('/password', async (req, res) => {
    try {
      await changePassword(req.user!.id, req.body, req.sessionID, deps.standings);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors = formErrors(req, err);
      return renderAccount(req, res, 422, { errors, formError: req.t('error.form') });
    }
    flash(req, 'success', req.t('account.password_changed'));
    res.redirect(303, '/account');
  });

  // "Überall abmelden": this session ends too; a fresh anonymous one carries the message to the login page.
  r.post('/sessions/end', async (req, res, next) => {
    await endAllMySessions(req.user!.id, deps.standings);
    req.session.regenerate((err) => {
      if (err) return next(err);
      flash(req, 'info', req.t('account.sessions_ended'));
      res.redirect(303, '/login');
    });
  });
  return r;
}
