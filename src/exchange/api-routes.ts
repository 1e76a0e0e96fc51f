import { Router } from 'express';
import { idParam, page as pageSchema } from '../shared/web/input';
import type { ExchangeService } from './exchange-service';
import './messages';

/**
 * JSON API of the exchange (session + `x-csrf-token`, or a bearer token). 403
 * `EXCHANGE_SPACE_FORBIDDEN` for a space one may not see, 404 for a key naming no space, 422
 * `VALIDATION_FAILED` with `fields` for an empty title or body, 429 `EXCHANGE_RATE_LIMITED`.
 */
export function exchangeSpaceApiRoutes(exchange: ExchangeService): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const spaces = await exchange.listSpaces(req.user!, req.locale);
    res.json(spaces.map(({ key, title, unread }) => ({ key, title, unread })));
  });
  r.get('/:key/threads', async (req, res) => {
    const data = await exchange.spacePage(req.params.key, req.user!, req.locale, pageSchema.parse(req.query.page));
    res.json({
      key: data.space.key,
      title: data.space.title,
      page: data.page,
      pages: data.pages,
      total: data.total,
      threads: data.threads,
    });
  });
  r.post('/:key/threads', async (req, res) => {
    const made = await exchange.startThread(req.params.key, req.user!, req.locale, req.body);
    res.status(201).json({ id: made.threadId, postId: made.postId, key: made.space.key, title: made.title });
  });
  return r;
}

export function exchangeThreadApiRoutes(exchange: ExchangeService): Router {
  const r = Router();
  r.get('/:id', async (req, res) => {
    const t = await exchange.readThread(idParam(req), req.user!, req.locale, pageSchema.parse(req.query.page));
    res.json({
      id: t.id,
      key: t.space.key,
      title: t.title,
      pinned: t.pinned,
      locked: t.locked,
      page: t.page,
      pages: t.pages,
      posts: t.posts.map((p) => ({
        id: p.id,
        author: { id: p.authorId, name: p.authorName },
        body: p.body,
        html: p.html,
        createdAt: p.createdAt,
        hidden: p.hidden,
        deleted: p.deleted,
      })),
    });
  });
  r.post('/:id/posts', async (req, res) => {
    const made = await exchange.reply(idParam(req), req.user!, req.locale, req.body);
    res.status(201).json({ id: made.postId, threadId: made.threadId });
  });
  return r;
}
