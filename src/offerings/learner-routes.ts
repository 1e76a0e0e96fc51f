/**
 * "Weitere Angebote" under /angebote (mounted behind requireLogin): the list, one offering, enrolment
 * and the participation confirmation. Offerings not meant for the person answer 404.
 */
import { Router, type Request, type RequestHandler } from 'express';
import { AppError, NoPermissionError } from '../shared/errors';
import { flash } from '../shared/web/locals';
import { idParam } from '../shared/web/input';
import type { CertificateIssuer } from '../certificates';
import {
  enrol,
  offeringFor,
  offeringsFor,
  requestConfirmation,
  teilnehmerMayPlay,
  type OfferingCard,
} from './learner-offerings';
import { offeringSummary } from './offering-labels';
import './messages';

const PAGE = { styles: ['/static/css/offerings.css'] };

const learnerOf = (req: Request) => ({ id: req.user!.id, role: req.user!.role, region: req.user!.region ?? null });

/** What a card shows: summary texts, the action and the progress bar. */
export function offeringCardView(req: Request, o: OfferingCard) {
  const status = o.standing?.status ?? 'not_started';
  const done = status === 'completed' || status === 'passed';
  return {
    ...o,
    ...offeringSummary(req, o),
    statusKey: status,
    percent: o.standing?.percent ?? 0,
    done,
    actionKey:
      o.enrolled || !o.canEnrol
        ? status === 'not_started'
          ? 'offerings.start'
          : done
            ? 'offerings.review'
            : 'offerings.continue'
        : 'offerings.enrol',
    canPlay: o.enrolled && o.phase !== 'upcoming',
    isPreview: req.user!.role === 'admin' || req.user!.role === 'tutor',
  };
}

export function offeringLearnerRoutes(deps: { issuer: CertificateIssuer }): Router {
  const r = Router();

  r.get('/', async (req, res) => {
    const cards = (await offeringsFor(learnerOf(req))).map((o) => offeringCardView(req, o));
    const isPreview = req.user!.role === 'admin' || req.user!.role === 'tutor';
    res.render('offerings/list', {
      ...PAGE,
      title: req.t('offerings.title'),
      isPreview,
      mine: cards.filter((c) => c.enrolled),
      available: cards.filter((c) => !c.enrolled),
      empty: cards.length === 0,
    });
  });

  r.get('/:id', async (req, res) => {
    const card = offeringCardView(req, await offeringFor(learnerOf(req), idParam(req)));
    res.render('offerings/detail', { ...PAGE, title: card.title, offering: card });
  });

  r.post('/:id/enrol', async (req, res) => {
    const id = idParam(req);
    try {
      const offering = await enrol(learnerOf(req), id);
      flash(req, 'success', req.t('offerings.enrolled_flash', { title: offering.title }));
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 404 || err.status >= 500) throw err;
      flash(req, 'error', err.text(req.locale));
    }
    res.redirect(303, `/angebote/${id}`);
  });

  r.post('/:id/confirmation', async (req, res) => {
    const id = idParam(req);
    try {
      await requestConfirmation(learnerOf(req), id, deps.issuer);
      flash(req, 'success', req.t('offerings.confirmation.issued'));
    } catch (err) {
      if (!(err instanceof AppError) || err.status === 404 || err.status >= 500) throw err;
      flash(req, 'error', err.text(req.locale));
    }
    res.redirect(303, `/angebote/${id}#confirmation`);
  });

  return r;
}

/**
 * In front of the player (/play) and the learning page (/learning): people from firms reach a package
 * only through an offering they are enrolled in; the Q1 learning page is not theirs. Everyone else
 * passes through unchanged.
 */
export const teilnehmerPlayGuard: RequestHandler = async (req, res, next) => {
  if (req.user?.role !== 'teilnehmer') return next();
  const match = /^\/(\d{1,15})(?:\/|$)/.exec(req.path);
  if (match && (await teilnehmerMayPlay(learnerOf(req), Number(match[1])))) return next();
  next(new NoPermissionError('offerings.error.not_for_firms', 'NOT_FOR_FIRMS'));
};

/**
 * Whether a package may appear in someone's own progress (`/api/v1/me/progress`): for people from firms
 * only the packages of offerings they may play, so no Q1 module shows up there; for everyone else all.
 */
export async function packageListedFor(req: Request, packageId: number): Promise<boolean> {
  return req.user?.role !== 'teilnehmer' || teilnehmerMayPlay(learnerOf(req), packageId);
}

/** /learning is the Q1 learning page: people from firms find their offerings at /angebote instead. */
export const teilnehmerToOfferings: RequestHandler = (req, res, next) => {
  if (req.user?.role !== 'teilnehmer') return next();
  res.redirect(303, '/angebote');
};
