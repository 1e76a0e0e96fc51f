/** Admin page /admin/lti (behind requireAdmin): registered platforms, add and remove (CSRF, audited). */
import { Router } from 'express';
import type { Sequelize } from 'sequelize';
import { addPlatform, listPlatforms, removePlatform } from './platforms';
import { confirmLink } from './accounts';
import { flash } from '../shared/web/locals';
import { formErrors, idParam } from '../shared/web/input';
import { ValidationError, AppError } from '../shared/errors';
import './messages';

function formInput(body: Record<string, unknown>) {
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    issuer: s(body.issuer),
    clientId: s(body.clientId),
    name: s(body.name),
    deploymentIds: s(body.deploymentIds)
      .split(/[\s,]+/)
      .filter(Boolean),
    authUrl: s(body.authUrl),
    tokenUrl: s(body.tokenUrl),
    jwksUrl: s(body.jwksUrl),
  };
}

export function adminLtiRoutes(opts: { sequelize: Sequelize; baseUrl: string }): Router {
  const r = Router();
  const base = opts.baseUrl.replace(/\/$/, '');
  const render = async (
    req: Parameters<Parameters<Router['get']>[1]>[0],
    res: Parameters<Parameters<Router['get']>[1]>[1],
    extra: object = {},
  ) =>
    res.render('lti/admin-platforms', {
      title: req.t('lti.admin.title'),
      wide: true,
      styles: ['/static/css/lti.css'],
      platforms: await listPlatforms(),
      tool: {
        loginUrl: `${base}/lti/login`,
        launchUrl: `${base}/lti/launch`,
        jwksUrl: `${base}/lti/jwks`,
      },
      values: {},
      errors: {},
      ...extra,
    });

  r.get('/', (req, res) => render(req, res));

  r.post('/', async (req, res) => {
    const input = formInput((req.body ?? {}) as Record<string, unknown>);
    try {
      const p = await addPlatform(opts.sequelize, input, req.user!.id);
      flash(req, 'success', req.t('lti.admin.added', { issuer: p.issuer }));
      res.redirect(303, '/admin/lti');
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const errors = err instanceof ValidationError ? formErrors(req, err) : {};
      res.status(err.status);
      await render(req, res, {
        values: { ...input, deploymentIds: input.deploymentIds.join(' ') },
        errors,
        formError: err.text(req.locale),
      });
    }
  });

  r.post('/:id/delete', async (req, res) => {
    await removePlatform(opts.sequelize, idParam(req), req.user!.id);
    flash(req, 'success', req.t('lti.admin.removed'));
    res.redirect(303, '/admin/lti');
  });
  return r;
}

/** GET /lti/link/:linkId (behind requireLogin): the person an LMS named by email confirms the link by being logged in. */
export function ltiLinkRoutes(): Router {
  const r = Router();
  r.get('/:linkId', async (req, res) => {
    await confirmLink(idParam(req, 'linkId'), req.user!.id);
    flash(req, 'success', req.t('lti.confirm.linked'));
    const pkg =
      typeof req.query.package === 'string' && /^[1-9][0-9]{0,9}$/.test(req.query.package) ? req.query.package : '';
    res.redirect(303, pkg ? `/play/${pkg}` : '/');
  });
  return r;
}
