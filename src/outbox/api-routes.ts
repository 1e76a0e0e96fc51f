/**
 * `/api/v1/outbox` (behind requireAdmin): the after-commit work as JSON — counts, messages by status
 * (`dead` lists the dead letters), one message, and "send again" for a dead or waiting one (the same
 * service as the button on /admin/outbox, audited `outbox.retried`).
 */
import { Router } from 'express';
import type { Sequelize } from 'sequelize';
import { z } from 'zod';
import { idParam, page, parseQuery } from '../shared/web/input';
import { outboxMessage, outboxMessages, retryMessage } from './admin-outbox';

const listQuery = z.object({
  status: z.enum(['pending', 'running', 'done', 'dead']).optional(),
  type: z.string().max(64).optional(),
  page: page.optional(),
  perPage: z.coerce.number().int().min(1).max(200).optional(),
});

export function outboxApiRoutes(deps: { sequelize: Sequelize }): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const f = parseQuery(req, listQuery);
    res.json(await outboxMessages(deps.sequelize, { ...f, page: f.page ?? 1, perPage: f.perPage ?? 50 }));
  });
  r.get('/:id', async (req, res) => {
    res.json(await outboxMessage(deps.sequelize, idParam(req)));
  });
  r.post('/:id/retry', async (req, res) => {
    const id = idParam(req);
    await retryMessage(deps.sequelize, id, req.user!.id);
    res.json(await outboxMessage(deps.sequelize, id));
  });
  return r;
}
