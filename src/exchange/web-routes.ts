import { Router, type Request, type Response } from 'express';
import { AppError, NotFoundError, ValidationError } from '../shared/errors';
import { flash } from '../shared/web/locals';
import { formErrors, idParam, page as pageSchema } from '../shared/web/input';
import type { ExchangeService } from './exchange-service';
import type { PostAction, ThreadAction } from './moderation';
import { SPACE_KINDS } from './space-keys';
import { documentUpload, sendDocument, uploadedFiles } from '../shared/documents';
import { ATTACHMENTS_PER_POST, type Upload } from './attachments';
import { DURATIONS } from './consultations';
import { REGIONS } from '../shared/regions';
import { TITLE_MAX, BODY_MAX } from './threads';
import './messages';
import './messages-extras';

const STYLES = ['/static/css/exchange.css'];
const THREAD_ACTIONS: ThreadAction[] = ['pin', 'unpin', 'lock', 'unlock', 'delete'];
const POST_ACTIONS: (PostAction | 'report')[] = ['hide', 'unhide', 'delete', 'report'];
// `?page=last` after a reply: the page that holds the new post (clamped by the thread).
const pageOf = (req: Request) =>
  req.query.page === 'last' ? Number.MAX_SAFE_INTEGER : pageSchema.parse(req.query.page);

/** Actions taken on the moderators' page go back there. */
const fromModeration = (req: Request) => (req.body as { back?: unknown } | undefined)?.back === 'moderation';

/** The files a multipart form brought (field `attachment`), with multer's refusals as flags. */
export function uploadOf(req: Request): Upload {
  const flags = req as Request & { documentTooLarge?: boolean; tooManyDocuments?: boolean };
  return { files: uploadedFiles(req), tooLarge: flags.documentTooLarge, tooMany: flags.tooManyDocuments };
}

/** German pages of the exchange, mounted at /austausch behind requireLogin. */
export function exchangeWebRoutes(exchange: ExchangeService): Router {
  const r = Router();
  // The CSRF check ran before this (multipart forms carry the token in the action URL).
  const upload = documentUpload(exchange.attachmentMaxBytes, 'attachment', ATTACHMENTS_PER_POST);
  const fileHints = () => ({
    attachmentMax: ATTACHMENTS_PER_POST,
    attachmentMb: Math.round(exchange.attachmentMaxBytes / 1048576),
  });

  r.get('/', async (req, res) => {
    const spaces = await exchange.listSpaces(req.user!, req.locale);
    const groups = SPACE_KINDS.map((kind) => ({
      kind,
      label: req.t(`exchange.kind.${kind}`),
      spaces: spaces.filter((s) => s.kind === kind),
    })).filter((g) => g.spaces.length > 0);
    res.render('exchange/index', {
      title: req.t('exchange.title'),
      styles: STYLES,
      groups,
      moderates: req.user!.role === 'tutor' || req.user!.role === 'admin',
      // Consultation hours belong to Q1: not for people from firms.
      consultations: req.user!.role !== 'teilnehmer',
      openReports: await exchange.openReportCount(req.user!, req.locale),
      empty: spaces.length === 0,
    });
  });

  // Moderators' page: open reports of the spaces one moderates (tutors and admins; 403 for others).
  r.get('/moderation', async (req, res) => {
    const reports = await exchange.openReports(req.user!, req.locale);
    res.render('exchange/moderation', { title: req.t('exchange.reports.title'), styles: STYLES, reports });
  });
  r.post('/reports/:id/resolve', async (req, res) => {
    await exchange.resolveReport(idParam(req), req.user!, req.locale);
    flash(req, 'success', req.t('exchange.reports.resolved'));
    res.redirect(303, '/austausch/moderation');
  });

  // Klassenzimmer: consultation hours per region with meeting link and calendar file.
  async function renderConsultations(req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) {
    const person = req.user!;
    const staff = person.role === 'tutor' || person.role === 'admin';
    res.status(status).render('exchange/consultations', {
      title: req.t('exchange.consult.title'),
      styles: STYLES,
      consultations: await exchange.consultationsFor(person),
      canCreate: staff && (person.role === 'admin' || Boolean(person.region)),
      regions: REGIONS.filter((r) => person.role === 'admin' || r.key === person.region),
      durations: DURATIONS,
      values: { minutes: '60', region: person.region ?? '' },
      ...extra,
    });
  }
  r.get('/sprechstunden', (req, res) => renderConsultations(req, res));
  r.post('/sprechstunden', async (req, res) => {
    try {
      await exchange.createConsultation(req.user!, req.body);
      flash(req, 'success', req.t('exchange.consult.created'));
      res.redirect(303, '/austausch/sprechstunden');
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await renderConsultations(req, res, 422, {
        errors: formErrors(req, err),
        values: req.body,
        formError: req.t('error.form'),
      });
    }
  });
  r.get('/sprechstunden/:id/kalender.ics', async (req, res) => {
    const ics = await exchange.consultationCalendar(idParam(req), req.user!);
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="sprechstunde-${idParam(req)}.ics"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(ics);
  });

  r.get('/suche', async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    const hits = await exchange.searchThreads(req.user!, req.locale, q);
    res.render('exchange/search', { title: req.t('exchange.search.title'), styles: STYLES, q, hits });
  });

  async function renderThread(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
    const thread = await exchange.readThread(idParam(req), req.user!, req.locale, pageOf(req));
    // The counter was taken before this page moved the read mark.
    if (thread.becameRead && typeof res.locals.exchangeUnread === 'number')
      res.locals.exchangeUnread = Math.max(0, res.locals.exchangeUnread - 1);
    res.status(status).render('exchange/thread', {
      title: thread.title,
      styles: STYLES,
      thread,
      bodyMax: BODY_MAX,
      ...fileHints(),
      ...extra,
    });
  }
  r.get('/threads/:id', (req, res) => renderThread(req, res, 200));

  r.get('/anhaenge/:id', async (req, res) => {
    await sendDocument(req, res, await exchange.attachment(idParam(req), req.user!, req.locale));
  });

  r.post('/threads/:id/posts', upload, async (req, res) => {
    try {
      const { postId, threadId } = await exchange.reply(idParam(req), req.user!, req.locale, req.body, uploadOf(req));
      res.redirect(303, `/austausch/threads/${threadId}?page=last#post-${postId}`);
    } catch (err) {
      if (err instanceof ValidationError)
        return renderThread(req, res, 422, { errors: formErrors(req, err), values: req.body });
      if (err instanceof AppError && (err.status === 409 || err.status === 429)) {
        flash(req, 'error', err.text(req.locale));
        return res.redirect(303, `/austausch/threads/${idParam(req)}`);
      }
      throw err;
    }
  });

  r.post('/threads/:id/:action', async (req, res) => {
    const action = req.params.action as ThreadAction;
    if (!THREAD_ACTIONS.includes(action)) throw new NotFoundError();
    try {
      const spaceKey = await exchange.moderateThread(idParam(req), action, req.user!, req.locale, req.body);
      flash(req, 'success', req.t(`exchange.moderation.done_${action}`));
      if (fromModeration(req)) return res.redirect(303, '/austausch/moderation');
      res.redirect(303, action === 'delete' ? `/austausch/${spaceKey}` : `/austausch/threads/${idParam(req)}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      flash(req, 'error', req.t('exchange.error.reason_empty'));
      res.redirect(303, fromModeration(req) ? '/austausch/moderation' : `/austausch/threads/${idParam(req)}`);
    }
  });

  r.post('/posts/:id/:action', async (req, res) => {
    const action = req.params.action as PostAction | 'report';
    if (!POST_ACTIONS.includes(action)) throw new NotFoundError();
    const postId = idParam(req);
    try {
      const threadId =
        action === 'report'
          ? await exchange.reportPost(postId, req.user!, req.locale, req.body)
          : await exchange.moderatePost(postId, action, req.user!, req.locale, req.body);
      flash(req, 'success', req.t(`exchange.moderation.done_${action}`));
      if (fromModeration(req)) return res.redirect(303, '/austausch/moderation');
      res.redirect(303, `/austausch/threads/${threadId}#post-${postId}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      flash(req, 'error', req.t('exchange.error.reason_empty'));
      res.redirect(303, fromModeration(req) ? '/austausch/moderation' : '/austausch');
    }
  });

  async function renderSpace(req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) {
    const data = await exchange.spacePage(req.params.key, req.user!, req.locale, pageOf(req));
    res.status(status).render('exchange/space', {
      title: data.space.title,
      styles: STYLES,
      ...data,
      titleMax: TITLE_MAX,
      bodyMax: BODY_MAX,
      ...fileHints(),
      ...extra,
    });
  }
  r.get('/:key', (req, res) => renderSpace(req, res, 200));

  r.post('/:key/threads', upload, async (req, res) => {
    try {
      const made = await exchange.startThread(req.params.key, req.user!, req.locale, req.body, uploadOf(req));
      flash(req, 'success', req.t('exchange.thread.created'));
      res.redirect(303, `/austausch/threads/${made.threadId}`);
    } catch (err) {
      if (err instanceof ValidationError)
        return renderSpace(req, res, 422, { errors: formErrors(req, err), values: req.body });
      if (err instanceof AppError && err.status === 429)
        return renderSpace(req, res, 429, { formError: err.text(req.locale), values: req.body });
      throw err;
    }
  });

  return r;
}
