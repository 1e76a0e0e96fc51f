/**
 * /staff/lti (behind requireStaff): the platform courses (LTI contexts) a tutor taught — launched as
 * Instructor — or all of them for admins; per course the NRPS member list read live from the platform,
 * and the import into a region, a cohort or only the course (CSRF by the app's check, audited). A
 * platform that fails or answers nonsense is shown on the page with its code, never as a 500.
 */
import { Router, type Request, type Response } from 'express';
import type { LtiService } from './lti-service';
import { contextsFor, contextForImport } from './contexts';
import { importContext, previewContext, targetChoices } from './nrps-import';
import type { TokenStandings } from '../auth';
import { AppError } from '../shared/errors';
import { idParam } from '../shared/web/input';
import './messages';
import './messages-nrps';

const STYLES = ['/static/css/lti.css'];

export function staffLtiRoutes(deps: { lti: LtiService; standings: TokenStandings }): Router {
  const r = Router();

  r.get('/', async (req, res) => {
    res.render('lti/staff-contexts', {
      title: req.t('lti.staff.title'),
      styles: STYLES,
      contexts: await contextsFor(req.user!),
    });
  });

  /** The page of one course with a platform failure shown in it (502/409/422/403 from NRPS or the target). */
  async function renderFailure(req: Request, res: Response, id: number, err: AppError, values: object = {}) {
    const { context, platform } = await contextForImport(req.user!, id);
    deps.lti.logger.warn({ code: err.code, context: context.id, details: err.details }, 'LTI NRPS request failed');
    res.status(err.status).render('lti/staff-context', {
      title: context.title ?? context.contextId,
      styles: STYLES,
      context: {
        id: context.id,
        title: context.title ?? context.contextId,
        platformName: platform.name || platform.issuer,
      },
      failure: { message: err.text(req.locale), code: err.code },
      choices: await targetChoices(req.user!),
      values,
    });
  }

  const platformFailure = (err: unknown): err is AppError =>
    err instanceof AppError && err.code !== 'LTI_CONTEXT_UNKNOWN' && err.code !== 'LTI_CONTEXT_NOT_YOURS';

  r.get('/:id', async (req, res) => {
    const id = idParam(req);
    try {
      const view = await previewContext(deps.lti, req.user!, id);
      res.setHeader('Cache-Control', 'no-store');
      res.render('lti/staff-context', {
        title: view.context.title,
        styles: STYLES,
        ...view,
        counts: {
          learners: view.members.filter((m) => m.role === 'learner' && m.status === 'Active').length,
          linked: view.members.filter((m) => m.account).length,
        },
        values: {},
      });
    } catch (err) {
      if (!platformFailure(err)) throw err;
      await renderFailure(req, res, id, err);
    }
  });

  r.post('/:id/import', async (req, res) => {
    const id = idParam(req);
    const target = (req.body as Record<string, unknown> | undefined)?.target;
    try {
      const result = await importContext(deps.lti, deps.standings, req.user!, id, target, req.locale);
      res.setHeader('Cache-Control', 'no-store');
      res.render('lti/staff-import-result', {
        title: req.t('lti.import.result_title'),
        styles: STYLES,
        ...result,
      });
    } catch (err) {
      if (!platformFailure(err)) throw err;
      await renderFailure(req, res, id, err, { target });
    }
  });
  return r;
}
