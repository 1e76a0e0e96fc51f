import { Router, type Request, type Response } from 'express';
import * as users from '../auth';
import { ROLES, type Role } from '../shared/regions';
import { ValidationError } from '../shared/errors';
import { flash } from '../shared/web/locals';
import type { Mailer } from '../shared/mailer';
import type { TokenStandings } from '../auth';
import { formErrors, idParam } from '../shared/web/input';
import { pageParam } from '../shared/web/page-param';
import { inviteUser } from './invitations';

/** Admins manage accounts: list/search, invite, change name, role, region, and lock. Mounted behind requireAdmin. */
export function adminUserRoutes(deps: { mailer: Mailer; baseUrl: string; standings: TokenStandings }): Router {
  const r = Router();

  r.get('/', async (req, res) => {
    const role = ROLES.includes(req.query.role as Role) ? (req.query.role as Role) : undefined;
    const region = typeof req.query.region === 'string' && req.query.region ? req.query.region : undefined;
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : undefined;
    const page = pageParam(req.query.page);
    const result = await users.listUsers({ role, region, q, page });
    res.render('admin/users', {
      title: req.t('admin.users.title'),
      ...result,
      filter: { role, region, q },
      roles: ROLES,
    });
  });

  r.get('/invite', (req, res) =>
    res.render('admin/invite', { title: req.t('admin.users.invite'), roles: ROLES, values: { role: 'lotse' } }),
  );
  r.post('/invite', async (req: Request, res: Response) => {
    const input = { ...req.body, region: req.body.region || null };
    try {
      const { user, link, expires } = await inviteUser(deps, input, req.user!.id, req.locale);
      res.status(201).render('admin/invited', {
        title: req.t('admin.users.invite'),
        invitee: user,
        link,
        expires,
        mailConfigured: deps.mailer.configured,
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422).render('admin/invite', {
        title: req.t('admin.users.invite'),
        roles: ROLES,
        values: req.body,
        errors: formErrors(req, err),
        formError: req.t('error.form'),
      });
    }
  });

  r.get('/:id', async (req, res) => {
    const user = await users.getUser(idParam(req));
    res.render('admin/user-edit', {
      title: req.t('admin.users.edit_title', { name: user.name }),
      user,
      values: user,
      roles: ROLES,
      sessions: await users.countSessions(user.id),
    });
  });
  // Ends every session of the account (audited); the admin's own included, when it is their account.
  r.post('/:id/sessions/end', async (req, res, next) => {
    const id = idParam(req);
    const ended = await users.endSessionsByAdmin(id, req.user!.id, deps.standings);
    const done = () => {
      flash(req, 'success', req.t('admin.users.sessions_ended', { count: ended }));
      res.redirect(303, id === req.user?.id ? '/login' : `/admin/users/${id}`);
    };
    if (id !== req.user!.id) return done();
    req.session.regenerate((err) => (err ? next(err) : done()));
  });
  r.post('/:id', async (req, res) => {
    const id = idParam(req);
    const input = {
      firstName: req.body.firstName,
      lastName: req.body.lastName,
      role: req.body.role,
      region: req.body.region || null,
      active: req.body.active === 'on' || req.body.active === 'true',
    };
    try {
      await users.updateUser(id, input, req.user!.id, deps.standings);
      flash(req, 'success', req.t('admin.users.saved'));
      res.redirect(303, `/admin/users/${id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const user = await users.getUser(id);
      res.status(422).render('admin/user-edit', {
        title: req.t('admin.users.edit_title', { name: user.name }),
        user,
        values: { ...user, ...input },
        roles: ROLES,
        sessions: await users.countSessions(id),
        errors: formErrors(req, err),
        formError: req.t('error.form'),
      });
    }
  });
  return r;
}
