/**
 * JSON under /api/v1 behind the login (session or bearer token):
 *   GET /api/v1/attempts/:attemptId/scos/:scoId/launch?token=…[&mode=review] → launch data
 *   GET /api/v1/me/progress → the learner's progress
 * The commit and keepalive routes live in token-routes.ts (before the CSRF check).
 */
import { Router } from 'express';
import { launchSco } from './launch';
import { getProgressForUser } from './progress';
import { idParam } from '../shared/web/input';
import type { PlayerRuntime } from './player-settings';

/** Mounted at /api/v1/attempts. */
export function attemptApiRoutes(rt: PlayerRuntime): Router {
  const r = Router();
  r.get('/:attemptId/scos/:scoId/launch', async (req, res) => {
    const result = await launchSco(rt, {
      attemptId: idParam(req, 'attemptId'),
      scoId: idParam(req, 'scoId'),
      user: req.user!,
      token: req.query.token,
      review: req.query.mode === 'review',
    });
    res.setHeader('Cache-Control', 'no-store');
    res.json(result);
  });
  return r;
}

/** Mounted at /api/v1/me. */
export function myProgressApiRoutes(rt: PlayerRuntime): Router {
  const r = Router();
  r.get('/progress', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await getProgressForUser(rt.catalogs, req.user!.id));
  });
  return r;
}
