import { Router } from 'express';
import { z } from 'zod';
import { ValidationError } from '../shared/errors';
import { requestEnrolment } from './enrol';
import { evaluateGate } from './gate-records';
import { getQ2Status } from '../curriculum';

const enrolmentBody = z.object({ cohortId: z.coerce.number().int().positive() });

/** JSON API for Lotsen and their scripts (session or bearer token). Mounted at /api/v1/q2 behind requireLotse. */
export function q2ApiRoutes(): Router {
  const r = Router();

  // 201 {status: 'enrolled'|'waitlisted', cohortId, waitlistPosition}; 422 Q2_PREREQUISITES_NOT_MET with `missing`.
  r.post('/enrolments', async (req, res) => {
    const parsed = enrolmentBody.safeParse(req.body ?? {});
    if (!parsed.success) throw new ValidationError('q2.error.cohort_id_required', { cohortId: 'error.invalid_value' });
    const placement = await requestEnrolment(parsed.data.cohortId, req.user!.id, req.locale);
    res.status(201).json(placement);
  });

  r.get('/status', async (req, res) => {
    const gate = await evaluateGate(req.user!.id, req.locale);
    const status = (await getQ2Status([req.user!.id])).get(req.user!.id)!;
    res.json({ gate: { ok: gate.ok, met: gate.met, total: gate.total, missing: gate.missing }, q2: status });
  });
  return r;
}
