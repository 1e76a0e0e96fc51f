/**
 * JSON under /api/v1 behind the login (session or bearer token):
 *   GET /api/v1/attempts/:attemptId/scos/:scoId/launch?token=…[&mode=review] → launch data
 *   GET /api/v1/me/progress → the learner's progress
 * The commit and keepalive routes live in token-routes.ts (before the CSRF check).
 */
import { Router, type Request } from 'express';
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

/**
 * Mounted at /api/v1/me. `listed` says which packages belong in a person's list (people from firms see
 * only their offerings' packages; the rule is the offerings component's).
 */
export function myProgressApiRoutes(
  rt: PlayerRuntime,
  listed: (req: Request, packageId: number) => Promise<boolean> = async () => true,
): Router {
  const r = Router();
  r.get('/progress', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const progress = await getProgressForUser(rt.catalogs, req.user!.id);
    const keep = await Promise.all(progress.packages.map((p) => listed(req, p.id)));
    res.json({ ...progress, packages: progress.packages.filter((_, i) => keep[i]) });
  });
  return r;
}
