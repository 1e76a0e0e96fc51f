import { Router, type Request, type Response } from 'express';
import { ValidationError } from '../shared/errors';
import { getCohort } from '../curriculum';
import { enrolmentCandidates } from './candidates';
import { bulkEnrol, parseEmailList } from './enrol';
import { formErrors, idList, idParam } from '../shared/web/input';
import type { EnrolmentDeps } from './deps';
import { requireAdmin } from '../shared/web/auth-guard';

const STYLES = ['/static/css/q2.css'];

/** The admin enrols several Lotsen at once (`/staff/cohorts/:id/enrol`, requireAdmin per route: the mount is shared with tutors' cohort pages). */
export function staffEnrolRoutes(_deps: EnrolmentDeps): Router {
  const r = Router();

  async function render(req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) {
    const data = await getCohort(idParam(req), req.user!);
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 100) : '';
    // Lotsen of the cohort's region by default; a search looks through every region.
    const candidates = await enrolmentCandidates(q, data.cohort.region);
    res.status(status).render('enrolment/bulk-enrol', {
      title: req.t('q2.bulk.title', { cohort: data.cohort.title }),
      styles: STYLES,
      ...data,
      candidates,
      q,
      values: {},
      ...extra,
    });
  }

  r.get('/:id/enrol', requireAdmin, (req, res) => render(req, res));
  r.post('/:id/enrol', requireAdmin, async (req, res) => {
    const cohortId = idParam(req);
    const input = {
      emails: parseEmailList(req.body?.emails),
      userIds: idList.parse(req.body?.userIds),
      override: req.body?.override === 'on',
      reason: req.body?.reason,
    };
    try {
      const outcomes = await bulkEnrol(cohortId, req.user!.id, input, req.locale);
      const placed = outcomes.filter((o) => o.outcome === 'enrolled' || o.outcome === 'waitlisted');
      const status = outcomes.some((o) => o.outcome === 'refused') ? 422 : 200;
      await render(req, res, status, {
        outcomes,
        placedCount: placed.length,
        refusedCount: outcomes.filter((o) => o.outcome === 'refused').length,
        values: req.body,
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await render(req, res, 422, { values: req.body, errors: formErrors(req, err), formError: req.t('error.form') });
    }
  });
  return r;
}
