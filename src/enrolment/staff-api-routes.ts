import { Router } from 'express';
import { z } from 'zod';
import { requireAdmin } from '../shared/web/auth-guard';
import { idParam, page, parseBody, parseQuery } from '../shared/web/input';
import { attendanceBody, reasonBody } from '../shared/web/api-input';
import { REGION_KEYS } from '../shared/regions';
import { createWorkshop, listWorkshopsForStaff, getWorkshopForStaff } from './workshops';
import { listAuthorisations, getAuthorisation, authorisationDocument } from './authorisations';
import { reviewAuthorisation, takeWorkshopAttendance } from './staff-actions';
import { bulkEnrol } from './enrol';
import { sendDocument } from '../shared/documents';
import type { EnrolmentDeps } from './deps';

const workshopBody = z
  .object({
    startsAt: z.string(),
    online: z.boolean().optional(),
    place: z.string().max(255).optional(),
    region: z.enum(REGION_KEYS, { message: 'error.region_required' }),
    capacity: z.number().int(),
  })
  .strict();

/**
 * Workshop dates and their attendance: /api/v1/workshops (requireStaff). Admins create dates; admins and
 * the tutors of a date's region see it and record attendance (checked by the service, as for the pages).
 */
export function workshopApiRoutes(deps: EnrolmentDeps): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    res.json({ workshops: await listWorkshopsForStaff(req.user!) });
  });
  r.post('/', requireAdmin, async (req, res) => {
    res.status(201).json(await createWorkshop(parseBody(req, workshopBody), req.user!.id));
  });
  r.get('/:id', async (req, res) => {
    res.json(await getWorkshopForStaff(idParam(req), req.user!));
  });
  r.put('/:id/attendance', async (req, res) => {
    const id = idParam(req);
    const { listed, present } = parseBody(req, attendanceBody);
    const { changed } = await takeWorkshopAttendance(deps, id, req.user!, listed, present);
    res.json({ changed, ...(await getWorkshopForStaff(id, req.user!)) });
  });
  return r;
}

const authorisationQuery = z.object({
  status: z.enum(['pending', 'verified', 'rejected']).optional(),
  q: z.string().max(100).optional(),
  page: page.optional(),
});

/** The review queue of OM-Berater authorisations: /api/v1/authorisations (requireAdmin). */
export function authorisationApiRoutes(deps: EnrolmentDeps): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    res.json(await listAuthorisations(parseQuery(req, authorisationQuery)));
  });
  r.get('/:id', async (req, res) => {
    res.json(await getAuthorisation(idParam(req)));
  });
  r.get('/:id/document', async (req, res) => {
    await sendDocument(req, res, await authorisationDocument(deps.documents, idParam(req), req.user!));
  });
  for (const decision of ['verified', 'rejected'] as const) {
    // 200 {changed, authorisation}; a repeated decision is {changed: false}; rejecting needs a reason (422 REASON_REQUIRED).
    r.post(`/:id/${decision === 'verified' ? 'verify' : 'reject'}`, async (req, res) => {
      const id = idParam(req);
      const { reason } = parseBody(req, reasonBody);
      const { changed } = await reviewAuthorisation(deps, id, req.user!.id, decision, reason);
      res.json({ changed, authorisation: await getAuthorisation(id) });
    });
  }
  return r;
}

const enrolBody = z
  .object({
    emails: z.array(z.string().trim().toLowerCase().max(191)).max(200).default([]),
    userIds: z.array(z.number().int().positive()).max(200).default([]),
    override: z.boolean().default(false),
    reason: z.string().max(2000).optional(),
  })
  .strict();

/**
 * Admin bulk enrolment into a cohort: POST /api/v1/cohorts/{id}/enrolments (mounted with the cohort
 * routes behind requireStaff; this route is admin only). Every person goes through the Q2 gate, as on
 * the page; 200 with one outcome per person (enrolled, waitlisted, refused with what is missing, failed).
 */
export function cohortEnrolmentApiRoutes(): Router {
  const r = Router();
  r.post('/:id/enrolments', requireAdmin, async (req, res) => {
    const input = parseBody(req, enrolBody);
    const outcomes = await bulkEnrol(idParam(req), req.user!.id, input, req.locale);
    res.json({ outcomes });
  });
  return r;
}
