/**
 * Admin changes to a cohort that can move people up from the waiting list, with the mail to those who
 * moved up — one place for the HTML forms and the JSON API (src/curriculum/api-routes.ts).
 */
import type { Mailer } from '../shared/mailer';
import { updateCohort } from './cohorts';
import { releasePlace } from './cohort-places';
import { tellMovedUp } from './cohort-mail';

export interface CohortMailDeps {
  mailer: Mailer;
  baseUrl: string;
}

/** Changes the cohort (data, tutors, capacity); returns who moved up and has been told. */
export async function changeCohort(
  deps: CohortMailDeps,
  id: number,
  input: Record<string, unknown>,
  actorId: number,
): Promise<number[]> {
  const moved = await updateCohort(id, input, actorId);
  await tellMovedUp(deps.mailer, deps.baseUrl, id, moved);
  return moved;
}

/** Removes someone from a cohort (with an optional reason); the freed place goes to the waiting list. */
export async function removeFromCohort(
  deps: CohortMailDeps,
  cohortId: number,
  userId: number,
  actorId: number,
  reason: unknown,
): Promise<number[]> {
  const moved = await releasePlace(cohortId, userId, {
    actorId,
    kind: 'removed',
    reason: typeof reason === 'string' ? reason.trim().slice(0, 2000) || null : null,
  });
  await tellMovedUp(deps.mailer, deps.baseUrl, cohortId, moved);
  return moved;
}
