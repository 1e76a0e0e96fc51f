import { Router, type Request, type Response, type RequestHandler } from 'express';
import { AppError, NoPermissionError, ValidationError } from '../shared/errors';
import { flash } from '../shared/web/locals';
import type { Mailer } from '../shared/mailer';
import type { Logger } from '../shared/logger';
import { listCohortsForStaff, getCohort, createCohort, addSession, removeSession, tutorChoices } from './cohorts';
import { cohortMembers, attendanceSheet, recordSessionAttendance } from './attendance';
import { markCohortFinished, markQ2Completed } from './q2-completion';
import { changeCohort, removeFromCohort } from './cohort-actions';
import { COHORT_FORMATS } from './cohorts';
import './messages';
import { formErrors, idList, idParam } from '../shared/web/input';

export interface CurriculumDeps {
  mailer: Mailer;
  logger: Logger;
  baseUrl: string;
  requiredAttendance: number;
}

const STYLES = ['/static/css/q2.css'];
const adminOnly: RequestHandler = (req, _res, next) =>
  next(req.user?.role === 'admin' ? undefined : new NoPermissionError());
const ids = (v: unknown) => idList.parse(v);

/**
 * Q2 cohorts for staff. Admins create and change cohorts, sessions and tutors, remove people and
 * mark completion; tutors see and record attendance for the cohorts they are assigned to only.
 * Mounted at /staff/cohorts behind requireStaff.
 */
export function staffCohortRoutes(deps: CurriculumDeps): Router {
  const r = Router();

  r.get('/', async (req, res) => {
    const cohorts = await listCohortsForStaff(req.user!);
    res.render('curriculum/cohorts', {
      title: req.t('q2.cohorts.title'),
      styles: STYLES,
      cohorts,
      isAdminView: req.user!.role === 'admin',
      wide: true,
    });
  });

  async function renderForm(req: Request, res: Response, status: number, extra: Record<string, unknown>) {
    res.status(status).render('curriculum/cohort-form', {
      title: req.t(extra.cohortId ? 'q2.cohort.edit_title' : 'q2.cohort.new_title'),
      styles: STYLES,
      scripts: ['/static/js/q2-sessions.js'],
      formats: COHORT_FORMATS,
      tutors: await tutorChoices(),
      ...extra,
    });
  }
  const tutorSet = (v: unknown) => ids(v);
  r.get('/new', adminOnly, (req, res) =>
    renderForm(req, res, 200, { values: { capacity: 12, sessions: ['', '', ''] }, selectedTutors: [] }),
  );
  r.post('/new', adminOnly, async (req, res) => {
    try {
      const id = await createCohort(req.body ?? {}, req.user!.id, deps.requiredAttendance);
      flash(req, 'success', req.t('q2.cohort.created'));
      res.redirect(303, `/staff/cohorts/${id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const sessions = ([] as unknown[]).concat(req.body?.sessions ?? []);
      await renderForm(req, res, 422, {
        values: { ...req.body, sessions: sessions.length ? sessions : [''] },
        selectedTutors: tutorSet(req.body?.tutorIds),
        errors: formErrors(req, err),
        formError: req.t('error.form'),
      });
    }
  });

  r.get('/:id', async (req, res) => {
    const id = idParam(req);
    const data = await getCohort(id, req.user!);
    const members = await cohortMembers(id);
    res.render('curriculum/cohort', {
      title: data.cohort.title,
      styles: STYLES,
      ...data,
      ...members,
      isAdminView: req.user!.role === 'admin',
      wide: true,
    });
  });

  r.get('/:id/edit', adminOnly, async (req, res) => {
    const data = await getCohort(idParam(req), req.user!);
    await renderForm(req, res, 200, {
      cohortId: data.cohort.id,
      values: data.cohort,
      selectedTutors: data.tutors.map((t) => t.id),
    });
  });
  r.post('/:id/edit', adminOnly, async (req, res) => {
    const id = idParam(req);
    try {
      await changeCohort(deps, id, req.body ?? {}, req.user!.id);
      flash(req, 'success', req.t('q2.cohort.saved'));
      res.redirect(303, `/staff/cohorts/${id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderForm(req, res, 422, {
        cohortId: id,
        values: req.body,
        selectedTutors: tutorSet(req.body?.tutorIds),
        errors: formErrors(req, err),
        formError: req.t('error.form'),
      });
    }
  });

  r.post('/:id/sessions', adminOnly, async (req, res) => {
    const id = idParam(req);
    try {
      await addSession(id, req.body ?? {}, req.user!.id);
      flash(req, 'success', req.t('q2.session.added'));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      flash(req, 'error', req.t('q2.error.datetime_invalid'));
    }
    res.redirect(303, `/staff/cohorts/${id}#sessions`);
  });
  r.post('/:id/sessions/:sid/delete', adminOnly, async (req, res) => {
    await removeSession(idParam(req), idParam(req, 'sid'), req.user!.id);
    flash(req, 'info', req.t('q2.session.removed'));
    res.redirect(303, `/staff/cohorts/${req.params.id}#sessions`);
  });

  r.get('/:id/sessions/:sid', async (req, res) => {
    const id = idParam(req);
    const data = await getCohort(id, req.user!);
    const sheet = await attendanceSheet(id, idParam(req, 'sid'), req.user!);
    res.render('curriculum/session-attendance', {
      title: req.t('q2.session.attendance_title'),
      styles: STYLES,
      cohort: data.cohort,
      ...sheet,
      notStarted: sheet.session.startsAt.getTime() > Date.now(),
    });
  });
  r.post('/:id/sessions/:sid', async (req, res) => {
    const id = idParam(req);
    try {
      const changed = await recordSessionAttendance(
        id,
        idParam(req, 'sid'),
        req.user!,
        ids(req.body?.listed),
        ids(req.body?.present),
      );
      flash(req, 'success', req.t('q2.attendance.saved', { count: changed }));
      res.redirect(303, `/staff/cohorts/${id}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 409) throw err;
      flash(req, 'error', err.text(req.locale));
      res.redirect(303, `/staff/cohorts/${id}/sessions/${req.params.sid}`);
    }
  });

  r.post('/:id/members/:uid/remove', adminOnly, async (req, res) => {
    const id = idParam(req);
    const moved = await removeFromCohort(deps, id, idParam(req, 'uid'), req.user!.id, req.body?.reason);
    flash(req, 'info', req.t(moved.length ? 'q2.member.removed_moved' : 'q2.member.removed', { count: moved.length }));
    res.redirect(303, `/staff/cohorts/${id}`);
  });
  r.post('/:id/members/:uid/complete', adminOnly, async (req, res) => {
    const id = idParam(req);
    try {
      const changed = await markQ2Completed(id, idParam(req, 'uid'), req.user!.id, req.body?.reason);
      flash(req, changed ? 'success' : 'info', req.t(changed ? 'q2.member.completed' : 'q2.admin_auth.unchanged'));
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      flash(req, 'error', err instanceof ValidationError ? req.t('q2.error.reason_required') : err.text(req.locale));
    }
    res.redirect(303, `/staff/cohorts/${id}`);
  });
  r.post('/:id/finish', adminOnly, async (req, res) => {
    const id = idParam(req);
    const completed = await markCohortFinished(id, req.user!.id);
    flash(req, 'success', req.t('q2.cohort.finished_done', { count: completed.length }));
    res.redirect(303, `/staff/cohorts/${id}`);
  });
  return r;
}
