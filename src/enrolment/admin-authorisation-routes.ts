import { Router, type Request, type Response } from 'express';
import { AppError, ValidationError } from '../shared/errors';
import { flash } from '../shared/web/locals';
import { listAuthorisations, getAuthorisation, authorisationDocument } from './authorisations';
import type { AuthorisationStatus } from './authorisations';
import { reviewAuthorisation } from './staff-actions';
import { formErrors, idParam } from '../shared/web/input';
import { sendDocument } from '../shared/documents';
import type { EnrolmentDeps } from './deps';
import { pageParam } from '../shared/web/page-param';

const STATUSES: AuthorisationStatus[] = ['pending', 'verified', 'rejected'];
const STYLES = ['/static/css/q2.css'];

/** The admin's queue of OM-Berater authorisations. Mounted at /admin/authorisations behind requireAdmin. */
export function adminAuthorisationRoutes(deps: EnrolmentDeps): Router {
  const r = Router();

  r.get('/', async (req, res) => {
    const status = STATUSES.includes(req.query.status as AuthorisationStatus)
      ? (req.query.status as AuthorisationStatus)
      : undefined;
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : undefined;
    const result = await listAuthorisations({ status, q, page: pageParam(req.query.page) });
    const pagerQuery = new URLSearchParams({ ...(status ? { status } : {}), ...(q ? { q } : {}) }).toString();
    res.render('enrolment/admin-authorisations', {
      title: req.t('q2.admin_auth.title'),
      styles: STYLES,
      ...result,
      filter: { status, q },
      statuses: STATUSES,
      pagerQuery,
      wide: true,
    });
  });

  async function renderDetail(req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) {
    const item = await getAuthorisation(idParam(req));
    res.status(status).render('enrolment/admin-authorisation', {
      title: req.t('q2.admin_auth.detail_title', { name: item.user?.name }),
      styles: STYLES,
      item,
      ...extra,
    });
  }
  r.get('/:id', (req, res) => renderDetail(req, res));
  r.get('/:id/document', async (req, res) => {
    await sendDocument(req, res, await authorisationDocument(deps.documents, idParam(req), req.user!));
  });

  for (const decision of ['verified', 'rejected'] as const) {
    r.post(`/:id/${decision === 'verified' ? 'verify' : 'reject'}`, async (req, res) => {
      const id = idParam(req);
      try {
        const { changed } = await reviewAuthorisation(deps, id, req.user!.id, decision, req.body?.reason);
        flash(
          req,
          changed ? 'success' : 'info',
          req.t(changed ? `q2.admin_auth.${decision}` : 'q2.admin_auth.unchanged'),
        );
        res.redirect(303, `/admin/authorisations/${id}`);
      } catch (err) {
        if (err instanceof ValidationError)
          return renderDetail(req, res, 422, {
            errors: formErrors(req, err),
            formError: req.t('error.form'),
            values: req.body,
          });
        if (err instanceof AppError && err.status === 409)
          return renderDetail(req, res, 409, { formError: err.text(req.locale) });
        throw err;
      }
    });
  }
  return r;
}
