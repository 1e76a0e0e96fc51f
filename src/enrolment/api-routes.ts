import { Router } from 'express';
import { z } from 'zod';
import { requestEnrolment } from './enrol';
import { evaluateGate } from './gate-records';
import { getQ2Status } from '../curriculum';

import { id, parseBody } from '../shared/web/input';

const enrolmentBody = z.object({ cohortId: id.refine((n) => n > 0, 'q2.error.cohort_id_required') });

/** JSON API for Lotsen and their scripts (session or bearer token). Mounted at /api/v1/q2 behind requireLotse. */
export function q2ApiRoutes(): Router {
  const r = Router();

  // 201 {status: 'enrolled'|'waitlisted', cohortId, waitlistPosition}; 422 Q2_PREREQUISITES_NOT_MET with `missing`.
  r.post('/enrolments', async (req, res) => {
    const { cohortId } = parseBody(req, enrolmentBody);
    const placement = await requestEnrolment(cohortId, req.user!.id, req.locale);
    res.status(201).json(placement);
  });

  r.get('/status', async (req, res) => {
    const gate = await evaluateGate(req.user!.id, req.locale);
    const status = (await getQ2Status([req.user!.id])).get(req.user!.id)!;
    res.json({ gate: { ok: gate.ok, met: gate.met, total: gate.total, missing: gate.missing }, q2: status });
  });
  return r;
}
