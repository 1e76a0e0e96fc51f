import { Router, type Request, type Response } from 'express';
import { AppError, NotFoundError, ValidationError } from '../shared/errors';
import { flash } from '../shared/web/locals';
import { formErrors, idParam, page as pageSchema } from '../shared/web/input';
import type { ExchangeService } from './exchange-service';
import type { PostAction, ThreadAction } from './moderation';
import { spaceTitleParts, parseSpaceKey, SPACE_KINDS } from './space-keys';
import { TITLE_MAX, BODY_MAX } from './threads';
import './messages';

const STYLES = ['/static/css/exchange.css'];
const THREAD_ACTIONS: ThreadAction[] = ['pin', 'unpin', 'lock', 'unlock', 'delete'];
const POST_ACTIONS: (PostAction | 'report')[] = ['hide', 'unhide', 'delete', 'report'];
// `?page=last` after a reply: the page that holds the new post (clamped by the thread).
const pageOf = (req: Request) =>
  req.query.page === 'last' ? Number.MAX_SAFE_INTEGER : pageSchema.parse(req.query.page);

/** German pages of the exchange, mounted at /austausch behind requireLogin. */
export function exchangeWebRoutes(exchange: ExchangeService): Router {
  const r = Router();

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
      empty: spaces.length === 0,
    });
  });

  r.get('/suche', async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    const hits = await exchange.searchThreads(req.user!, q);
    const titled = hits.map((h) => {
      const ref = parseSpaceKey(h.spaceKey);
      const parts = ref && ref.kind !== 'cohort' ? spaceTitleParts(ref) : null;
      return { ...h, spaceTitle: parts ? req.t(parts.key, parts.params) : h.spaceKey };
    });
    res.render('exchange/search', { title: req.t('exchange.search.title'), styles: STYLES, q, hits: titled });
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
      ...extra,
    });
  }
  r.get('/threads/:id', (req, res) => renderThread(req, res, 200));

  r.post('/threads/:id/posts', async (req, res) => {
    try {
      const { postId, threadId } = await exchange.reply(idParam(req), req.user!, req.locale, req.body);
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
      res.redirect(303, action === 'delete' ? `/austausch/${spaceKey}` : `/austausch/threads/${idParam(req)}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      flash(req, 'error', req.t('exchange.error.reason_empty'));
      res.redirect(303, `/austausch/threads/${idParam(req)}`);
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
      res.redirect(303, `/austausch/threads/${threadId}#post-${postId}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      flash(req, 'error', req.t('exchange.error.reason_empty'));
      res.redirect(303, '/austausch');
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
      ...extra,
    });
  }
  r.get('/:key', (req, res) => renderSpace(req, res, 200));

  r.post('/:key/threads', async (req, res) => {
    try {
      const made = await exchange.startThread(req.params.key, req.user!, req.locale, req.body);
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
