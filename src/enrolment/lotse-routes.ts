import { Router, type Request, type Response } from 'express';
import { AppError, ValidationError } from '../shared/errors';
import { flash } from '../shared/web/locals';
import { listOpenCohorts, releasePlace, sessionsForMember, sessionCalendar } from '../curriculum';
import { q2HomeSection } from './home-section';
import { requestEnrolment, PrerequisitesNotMetError } from './enrol';
import { currentAuthorisation, submitAuthorisation, authorisationDocument } from './authorisations';
import { workshopsForLotse, registerForWorkshop, unregisterFromWorkshop } from './workshops';
import { documentUpload } from './web-helpers';
import { formErrors, idParam } from '../shared/web/input';
import { sendDocument } from '../shared/documents';
import type { EnrolmentDeps } from './deps';
import './messages';

const STYLES = ['/static/css/q2.css'];

/** The Lotse's Q2 pages: overview and enrolment, authorisation, workshop. Mounted at /q2 behind requireLotse. */
export function lotseQ2Routes(deps: EnrolmentDeps): Router {
  const r = Router();

  async function renderOverview(req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) {
    const user = req.user!;
    const [section, cohorts] = await Promise.all([q2HomeSection(user.id, req.locale), listOpenCohorts()]);
    const mineId = section.status.cohort?.id;
    // Klassenzimmer: the sessions, video room and calendar files of the cohort the Lotse has a place in.
    const classroom = mineId ? await sessionsForMember(mineId, user.id) : null;
    res.status(status).render('enrolment/q2-overview', {
      title: req.t('q2.overview.title'),
      styles: STYLES,
      ...section,
      cohorts: cohorts.map((c) => ({ ...c, mine: c.id === mineId, ownRegion: c.region === user.region })),
      canRequest: section.status.status === 'none',
      classroom,
      ...extra,
    });
  }

  // Read only: completions of finished cohorts and the "gate met" mail are the catch-up job's (src/jobs).
  r.get('/', (req, res) => renderOverview(req, res));

  r.get('/cohorts/:id/sessions/:sid/kalender.ics', async (req, res) => {
    const ics = await sessionCalendar(idParam(req), idParam(req, 'sid'), req.user!.id, deps.baseUrl);
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${ics.filename}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(ics.body);
  });

  r.post('/cohorts/:id/enrol', async (req, res) => {
    try {
      const placement = await requestEnrolment(idParam(req), req.user!.id, req.locale);
      flash(
        req,
        'success',
        placement.status === 'enrolled'
          ? req.t('q2.enrol.done')
          : req.t('q2.enrol.waitlisted', { position: placement.waitlistPosition }),
      );
      res.redirect(303, '/q2');
    } catch (err) {
      if (err instanceof PrerequisitesNotMetError)
        return renderOverview(req, res, 422, { formError: req.t('gate.not_met'), refusal: err.missing });
      if (err instanceof AppError && err.status === 409)
        return renderOverview(req, res, 409, { formError: err.text(req.locale) });
      throw err;
    }
  });

  r.post('/cohorts/:id/withdraw', async (req, res) => {
    const cohortId = idParam(req);
    // Whoever moves up into the freed place is mailed through the outbox (written in the same transaction).
    await releasePlace(cohortId, req.user!.id, { actorId: req.user!.id, kind: 'withdrawn' });
    flash(req, 'info', req.t('q2.enrol.withdrawn'));
    res.redirect(303, '/q2');
  });

  // Authorisation
  async function renderAuthorisation(req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) {
    const current = await currentAuthorisation(req.user!.id);
    res.status(status).render('enrolment/authorisation', {
      title: req.t('q2.auth.title'),
      styles: STYLES,
      current,
      maxMb: Math.round(deps.documentMaxBytes / 1048576),
      canSubmit: !current || current.status === 'rejected',
      ...extra,
    });
  }
  r.get('/authorisation', (req, res) => renderAuthorisation(req, res));
  // The CSRF check ran before this point (token in the action URL), so only a logged-in Lotse's own form gets here.
  r.post('/authorisation', documentUpload(deps.documentMaxBytes), async (req, res) => {
    const values = { number: req.body?.number, issuedOn: req.body?.issuedOn };
    try {
      if ((req as Request & { documentTooLarge?: boolean }).documentTooLarge) {
        throw new ValidationError(
          'q2.error.document_too_large',
          { document: 'q2.auth.error.document_too_large' },
          'DOCUMENT_TOO_LARGE',
        );
      }
      await submitAuthorisation(deps.documents, req.user!.id, values, req.file);
      flash(req, 'success', req.t('q2.auth.submitted'));
      res.redirect(303, '/q2/authorisation');
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors = formErrors(req, err);
      if (err.code === 'DOCUMENT_TOO_LARGE')
        errors.document = req.t('q2.auth.error.document_too_large', {
          mb: Math.round(deps.documentMaxBytes / 1048576),
        });
      await renderAuthorisation(req, res, 422, { values, errors, formError: req.t('error.form'), errorCode: err.code });
    }
  });
  r.get('/authorisation/:id/document', async (req, res) => {
    await sendDocument(req, res, await authorisationDocument(deps.documents, idParam(req), req.user!));
  });

  // Workshop
  r.get('/workshop', async (req, res) => {
    const data = await workshopsForLotse(req.user!.id);
    const registered = data.upcoming.find((w) => w.myStatus === 'registered');
    res.render('enrolment/workshop', {
      title: req.t('q2.workshop.title'),
      styles: STYLES,
      ...data,
      registered,
      attended: data.history.some((h) => h.status === 'attended'),
    });
  });
  r.post('/workshop/:id/register', async (req, res) => {
    try {
      await registerForWorkshop(idParam(req), req.user!.id);
      flash(req, 'success', req.t('q2.workshop.registered'));
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 409) throw err;
      flash(req, 'error', err.text(req.locale));
    }
    res.redirect(303, '/q2/workshop');
  });
  r.post('/workshop/:id/unregister', async (req, res) => {
    await unregisterFromWorkshop(idParam(req), req.user!.id);
    flash(req, 'info', req.t('q2.workshop.unregistered'));
    res.redirect(303, '/q2/workshop');
  });
  return r;
}
