import { Router } from 'express';
import { z } from 'zod';
import { requireAdmin } from '../shared/web/auth-guard';
import { idParam, parseBody } from '../shared/web/input';
import { attendanceBody, reasonBody } from '../shared/web/api-input';
import { listCohortsForStaff, getCohort, createCohort, addSession, removeSession } from './cohorts';
import { cohortMembers, attendanceSheet, recordSessionAttendance } from './attendance';
import { markCohortFinished, markQ2Completed } from './q2-completion';
import { changeCohort, removeFromCohort } from './cohort-actions';
import type { CurriculumDeps } from './staff-cohort-routes';
import './messages';

/** The cohort's fields; their rules (dates, region, capacity) are checked by the service as for the form. */
const cohortBody = z
  .object({
    title: z.string(),
    region: z.string(),
    format: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    capacity: z.number().int(),
    meetingUrl: z.string().max(500).nullable().optional(),
    sessions: z.array(z.string()).max(200).optional(),
    tutorIds: z.array(z.number().int().positive()).max(200).optional(),
  })
  .strict();
const sessionBody = z.object({ startsAt: z.string(), title: z.string().max(200).optional() }).strict();

/**
 * Q2 cohorts, sessions, members and attendance for integrators: /api/v1/cohorts (requireStaff; writes
 * to the cohort itself are requireAdmin per route, as on /staff/cohorts). Tutors see and record only the
 * cohorts they are assigned to — the services check it, as for the pages.
 */
export function cohortApiRoutes(deps: CurriculumDeps): Router {
  const r = Router();

  r.get('/', async (req, res) => {
    res.json({ cohorts: await listCohortsForStaff(req.user!) });
  });
  r.post('/', requireAdmin, async (req, res) => {
    const id = await createCohort(parseBody(req, cohortBody), req.user!.id, deps.requiredAttendance);
    res.status(201).json(await getCohort(id, req.user!));
  });

  r.get('/:id', async (req, res) => {
    const id = idParam(req);
    const data = await getCohort(id, req.user!);
    res.json({ ...data, members: await cohortMembers(id) });
  });
  r.put('/:id', requireAdmin, async (req, res) => {
    const id = idParam(req);
    const movedUp = await changeCohort(deps, id, parseBody(req, cohortBody), req.user!.id);
    res.json({ ...(await getCohort(id, req.user!)), movedUp });
  });

  r.post('/:id/sessions', requireAdmin, async (req, res) => {
    const id = idParam(req);
    await addSession(id, parseBody(req, sessionBody), req.user!.id);
    res.status(201).json(await getCohort(id, req.user!));
  });
  r.delete('/:id/sessions/:sid', requireAdmin, async (req, res) => {
    await removeSession(idParam(req), idParam(req, 'sid'), req.user!.id);
    res.status(204).end();
  });

  r.get('/:id/sessions/:sid/attendance', async (req, res) => {
    res.json(await attendanceSheet(idParam(req), idParam(req, 'sid'), req.user!));
  });
  r.put('/:id/sessions/:sid/attendance', async (req, res) => {
    const id = idParam(req);
    const sid = idParam(req, 'sid');
    const { listed, present } = parseBody(req, attendanceBody);
    const changed = await recordSessionAttendance(id, sid, req.user!, listed, present);
    res.json({ changed, ...(await attendanceSheet(id, sid, req.user!)) });
  });

  r.post('/:id/members/:uid/remove', requireAdmin, async (req, res) => {
    const { reason } = parseBody(req, reasonBody);
    const movedUp = await removeFromCohort(deps, idParam(req), idParam(req, 'uid'), req.user!.id, reason);
    res.json({ removed: true, movedUp });
  });
  r.post('/:id/members/:uid/complete', requireAdmin, async (req, res) => {
    const { reason } = parseBody(req, reasonBody);
    res.json({ changed: await markQ2Completed(idParam(req), idParam(req, 'uid'), req.user!.id, reason) });
  });
  r.post('/:id/finish', requireAdmin, async (req, res) => {
    res.json({ completed: await markCohortFinished(idParam(req), req.user!.id) });
  });
  return r;
}
