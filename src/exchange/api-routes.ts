import { Router } from 'express';
import { idParam, page as pageSchema } from '../shared/web/input';
import type { ExchangeService } from './exchange-service';
import { documentUpload } from '../shared/documents';
import { ATTACHMENTS_PER_POST } from './attachments';
import { uploadOf } from './web-routes';
import './messages';
import './messages-extras';

/**
 * JSON API of the exchange (session + `x-csrf-token`, or a bearer token). 403
 * `EXCHANGE_SPACE_FORBIDDEN` for a space one may not see, 404 for a key naming no space, 422
 * `VALIDATION_FAILED` with `fields` for an empty title or body, 429 `EXCHANGE_RATE_LIMITED`. A post may
 * come as multipart/form-data with up to three files in `attachment` (422 `EXCHANGE_ATTACHMENT_REFUSED`
 * with `fields.attachment` for a type other than PDF/PNG/JPEG, too large or too many).
 */
const uploadFor = (exchange: ExchangeService) =>
  documentUpload(exchange.attachmentMaxBytes, 'attachment', ATTACHMENTS_PER_POST);

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
  r.post('/:key/threads', uploadFor(exchange), async (req, res) => {
    const made = await exchange.startThread(req.params.key, req.user!, req.locale, req.body, uploadOf(req));
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
        attachments: p.attachments,
      })),
    });
  });
  r.post('/:id/posts', uploadFor(exchange), async (req, res) => {
    const made = await exchange.reply(idParam(req), req.user!, req.locale, req.body, uploadOf(req));
    res.status(201).json({ id: made.postId, threadId: made.threadId });
  });
  return r;
}
