/**
 * Staff actions of the enrolment component with every side effect they carry, so the HTML forms and
 * the JSON API (src/enrolment/staff-api-routes.ts) do exactly the same: the decision or attendance,
 * then the "gate met" notice (the Lotse's mail about the decision is an outbox message of the decision itself).
 */
import { decideAuthorisation } from './authorisations';
import { recordWorkshopAttendance, type Viewer } from './workshops';
import { notifyIfGateMet, type NoticeDeps } from './gate-notice';

/** Verifies or rejects an authorisation (its mail goes through the outbox); when verified, checks the gate. */
export async function reviewAuthorisation(
  deps: NoticeDeps,
  id: number,
  actorId: number,
  decision: 'verified' | 'rejected',
  reason: unknown,
): Promise<{ changed: boolean; userId: number }> {
  const result = await decideAuthorisation(id, actorId, decision, reason);
  if (result.changed && decision === 'verified') await notifyIfGateMet(deps, result.userId);
  return result;
}

/** Records a workshop's attendance list, then tells each attendee whose gate is now complete. */
export async function takeWorkshopAttendance(
  deps: NoticeDeps,
  workshopId: number,
  viewer: Viewer,
  listed: number[],
  present: number[],
): Promise<{ changed: number; attended: number[] }> {
  const result = await recordWorkshopAttendance(workshopId, viewer, listed, present);
  for (const userId of result.attended) await notifyIfGateMet(deps, userId);
  return result;
}
