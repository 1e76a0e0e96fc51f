/**
 * Admin changes to a cohort that can move people up from the waiting list — one place for the HTML forms
 * and the JSON API (src/curriculum/api-routes.ts). The mail to those who moved up is an outbox message
 * written in the change's own transaction (`fillFreePlaces`).
 */
import type { Mailer } from '../shared/mailer';
import { updateCohort } from './cohorts';
import { releasePlace } from './cohort-places';

export interface CohortMailDeps {
  mailer: Mailer;
  baseUrl: string;
}

/** Changes the cohort (data, tutors, capacity); returns who moved up (their mails are in the outbox). */
export async function changeCohort(
  _deps: CohortMailDeps,
  id: number,
  input: Record<string, unknown>,
  actorId: number,
): Promise<number[]> {
  return updateCohort(id, input, actorId);
}

/** Removes someone from a cohort (with an optional reason); the freed place goes to the waiting list. */
export async function removeFromCohort(
  _deps: CohortMailDeps,
  cohortId: number,
  userId: number,
  actorId: number,
  reason: unknown,
): Promise<number[]> {
  return releasePlace(cohortId, userId, {
    actorId,
    kind: 'removed',
    reason: typeof reason === 'string' ? reason.trim().slice(0, 2000) || null : null,
  });
}
