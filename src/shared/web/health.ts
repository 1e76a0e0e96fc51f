import { Router } from 'express';
import type { Sequelize } from 'sequelize';

/** 200 when the database answers a query within 3 s, 503 otherwise. No session, no auth. */
export function healthRoutes(sequelize: Sequelize): Router {
  const r = Router();
  r.get('/healthz', async (_req, res) => {
    try {
      await Promise.race([
        sequelize.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref()),
      ]);
      res.status(200).json({ status: 'ok', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });
  return r;
}
