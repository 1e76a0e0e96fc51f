/**
 * `/api/v1/lti` (behind requireAdmin): the tool's URLs to enter at a platform, and the registered
 * platforms — list, one, add, remove. The same service as /admin/lti and `lti:platform:add`
 * (platforms.ts; audited `lti.platform.added` / `lti.platform.removed`).
 */
import { Router } from 'express';
import type { Sequelize } from 'sequelize';
import { z } from 'zod';
import { idParam, parseBody } from '../shared/web/input';
import { addPlatform, getPlatform, listPlatforms, removePlatform } from './platforms';

/** Known keys only (a typo must not pass silently); the values are checked by platformSchema. */
const platformBody = z
  .object({
    issuer: z.unknown(),
    clientId: z.unknown(),
    name: z.unknown(),
    deploymentIds: z.unknown(),
    authUrl: z.unknown(),
    tokenUrl: z.unknown(),
    jwksUrl: z.unknown(),
  })
  .partial()
  .strict();

export function ltiApiRoutes(opts: { sequelize: Sequelize; baseUrl: string }): Router {
  const r = Router();
  const base = opts.baseUrl.replace(/\/$/, '');

  r.get('/tool', (_req, res) => {
    res.json({ loginUrl: `${base}/lti/login`, launchUrl: `${base}/lti/launch`, jwksUrl: `${base}/lti/jwks` });
  });
  r.get('/platforms', async (_req, res) => {
    res.json({ platforms: await listPlatforms() });
  });
  r.post('/platforms', async (req, res) => {
    const body = parseBody(req, platformBody, 'LTI_PLATFORM_INVALID');
    res.status(201).json(await addPlatform(opts.sequelize, body, req.user!.id));
  });
  r.get('/platforms/:id', async (req, res) => {
    res.json(await getPlatform(idParam(req)));
  });
  r.delete('/platforms/:id', async (req, res) => {
    await removePlatform(opts.sequelize, idParam(req), req.user!.id);
    res.status(204).end();
  });
  return r;
}
