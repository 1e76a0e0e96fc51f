import { Router } from 'express';
import { z } from 'zod';
import * as users from '../auth';
import { REGION_KEYS, ROLES } from '../shared/regions';
import { idParam, page, parseBody, parseQuery } from '../shared/web/input';
import { inviteUser, type InvitationDeps } from './invitations';

const listQuery = z.object({
  q: z.string().max(100).optional(),
  role: z.enum(ROLES).optional(),
  region: z.enum(REGION_KEYS).optional(),
  page: page.optional(),
});

/** PATCH: only the fields given change; the rest is taken from the account as it is. */
const userPatch = z
  .object({
    firstName: z.string(),
    lastName: z.string(),
    role: z.enum(ROLES, { message: 'error.role_invalid' }),
    region: z.enum(REGION_KEYS, { message: 'error.region_required' }).nullable(),
    active: z.boolean(),
  })
  .partial()
  .strict();

const invitationBody = z.object({}).passthrough();

/**
 * Users and invitations for integrators: /api/v1/users (requireAdmin). The same functions as the pages
 * at /admin/users (auth/users, admin/invitations); the answers are UserViews (never a hash).
 */
export function userApiRoutes(deps: InvitationDeps & { standings: users.TokenStandings }): Router {
  const r = Router();

  r.get('/', async (req, res) => {
    const f = parseQuery(req, listQuery);
    res.json(await users.listUsers({ q: f.q, role: f.role, region: f.region, page: f.page }));
  });

  // 201 {user, link, expiresAt, mailed}: the link is what the admin page shows when no mail server is set.
  r.post('/invitations', async (req, res) => {
    const body = parseBody(req, invitationBody);
    const { user, link, expiresAt, mailed } = await inviteUser(deps, body, req.user!.id, req.locale);
    res.status(201).json({ user, link, expiresAt, mailed });
  });

  r.get('/:id', async (req, res) => {
    const user = await users.getUser(idParam(req));
    res.json({ ...user, sessions: await users.countSessions(user.id) });
  });

  r.patch('/:id', async (req, res) => {
    const id = idParam(req);
    const patch = parseBody(req, userPatch);
    const current = await users.getUser(id);
    const input = {
      firstName: current.firstName,
      lastName: current.lastName,
      role: current.role,
      region: current.region,
      active: current.active,
      ...patch,
    };
    res.json(await users.updateUser(id, input, req.user!.id, deps.standings));
  });

  r.post('/:id/sessions/end', async (req, res) => {
    res.json({ ended: await users.endSessionsByAdmin(idParam(req), req.user!.id, deps.standings) });
  });
  return r;
}
