import { Router, type Request, type Response } from 'express';
import { ValidationError, NoPermissionError, AppError } from '../shared/errors';
import { flash } from '../shared/web/locals';
import { createWorkshop, listWorkshopsForStaff, getWorkshopForStaff } from './workshops';
import { takeWorkshopAttendance } from './staff-actions';
import { formErrors, idList, idParam } from '../shared/web/input';
import type { EnrolmentDeps } from './deps';

const STYLES = ['/static/css/q2.css'];

/**
 * Workshop dates for staff. Admins create dates; admins and the tutors of the workshop's region
 * record attendance. Mounted at /staff/workshops behind requireStaff.
 */
export function staffWorkshopRoutes(deps: EnrolmentDeps): Router {
  const r = Router();

  async function renderList(req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) {
    const workshops = await listWorkshopsForStaff(req.user!);
    res.status(status).render('enrolment/staff-workshops', {
      title: req.t('q2.staff_ws.title'),
      styles: STYLES,
      workshops,
      canCreate: req.user!.role === 'admin',
      values: { region: req.user!.region ?? '' },
      ...extra,
    });
  }
  r.get('/', (req, res) => renderList(req, res));
  r.post('/', async (req, res) => {
    if (req.user!.role !== 'admin') throw new NoPermissionError();
    try {
      const w = await createWorkshop(req.body ?? {}, req.user!.id);
      flash(req, 'success', req.t('q2.staff_ws.created'));
      res.redirect(303, `/staff/workshops/${w.id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderList(req, res, 422, {
        values: req.body,
        errors: formErrors(req, err),
        formError: req.t('error.form'),
      });
    }
  });

  r.get('/:id', async (req, res) => {
    const data = await getWorkshopForStaff(idParam(req), req.user!);
    res.render('enrolment/staff-workshop', { title: req.t('q2.staff_ws.detail_title'), styles: STYLES, ...data });
  });

  r.post('/:id/attendance', async (req, res) => {
    const id = idParam(req);
    try {
      const { changed } = await takeWorkshopAttendance(
        deps,
        id,
        req.user!,
        idList.parse(req.body?.listed),
        idList.parse(req.body?.present),
      );
      flash(req, 'success', req.t('q2.attendance.saved', { count: changed }));
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 409) throw err;
      flash(req, 'error', err.text(req.locale));
    }
    res.redirect(303, `/staff/workshops/${id}`);
  });
  return r;
}
