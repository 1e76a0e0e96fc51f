/**
 * `GET /api/v1/audit` (behind requireAdmin; a `read` token of an admin may call it): the audit log as
 * JSON, newest first, paged, filtered like /admin/audit (action, person by name or email, Berlin
 * days) and more narrowly by actor id, person concerned and instants. Read only.
 */
import { Router } from 'express';
import { z } from 'zod';
import { DATE_RE } from '../shared/berlin-time';
import { id, page, parseQuery } from '../shared/web/input';
import { auditApiPage } from './audit-queries';

const day = z.string().regex(DATE_RE, 'error.invalid_value');
const instant = z
  .string()
  .datetime({ offset: true, message: 'error.invalid_value' })
  .transform((s) => new Date(s));
const positiveId = id.refine((n) => n > 0, 'error.invalid_value');

const listQuery = z.object({
  action: z.string().max(64).optional(),
  q: z.string().max(100).optional(),
  actorId: positiveId.optional(),
  subjectUserId: positiveId.optional(),
  from: day.optional(),
  to: day.optional(),
  since: instant.optional(),
  until: instant.optional(),
  page: page.optional(),
  perPage: z.coerce.number().int().min(1).max(200).optional(),
});

export function auditApiRoutes(): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const f = parseQuery(req, listQuery);
    const filter = { ...f, action: f.action ?? '', q: f.q ?? '', from: f.from ?? '', to: f.to ?? '' };
    res.json(await auditApiPage(filter, f.page ?? 1, f.perPage ?? 50));
  });
  return r;
}
