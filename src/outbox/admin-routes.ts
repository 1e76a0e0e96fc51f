import { Router } from 'express';
import type { Sequelize } from 'sequelize';
import { flash } from '../shared/web/locals';
import { AppError } from '../shared/errors';
import { idParam } from '../shared/web/input';
import { outboxOverview, retryMessage } from './admin-outbox';
import './messages';

/**
 * `/admin/outbox` (behind requireAdmin): how much after-commit work waits and how old the oldest is,
 * which messages failed (with their error) or are dead, and a button to send one again (CSRF, audited).
 */
export function adminOutboxRoutes(deps: { sequelize: Sequelize; maxAttempts: number }): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const overview = await outboxOverview(deps.sequelize);
    res.render('outbox/admin', {
      title: req.t('outbox.title'),
      wide: true,
      styles: ['/static/css/outbox.css'],
      maxAttempts: deps.maxAttempts,
      ...overview,
      messages: overview.messages.map((m) => ({
        ...m,
        statusLabel: req.t(`outbox.status.${m.status}`),
        createdAt: new Date(m.createdAt),
        availableAt: new Date(m.availableAt),
      })),
    });
  });
  r.post('/:id/retry', async (req, res) => {
    const id = idParam(req);
    try {
      await retryMessage(deps.sequelize, id, req.user!.id);
      flash(req, 'success', req.t('outbox.retried', { id }));
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      flash(req, 'error', err.text(req.locale));
    }
    res.redirect(303, '/admin/outbox');
  });
  return r;
}
