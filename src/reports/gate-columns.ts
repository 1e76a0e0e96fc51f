import { getGateRecords, getQ2Status } from '../enrolment';

/** The three Q2 gate conditions and the Q2 state of a Lotse, as the dashboard shows them. */
export interface GateColumns {
  q1: boolean;
  authorisation: 'none' | 'pending' | 'verified' | 'rejected';
  workshop: 'none' | 'registered' | 'attended' | 'absent';
  q2: 'none' | 'enrolled' | 'waitlisted' | 'completed';
  cohort: { id: number; title: string } | null;
}

/**
 * Asks the enrolment component (its own rules: gate records and Q2 status) for a batch of Lotsen:
 * a fixed number of queries per call, whatever the batch size.
 */
export async function gateColumns(userIds: number[]): Promise<Map<number, GateColumns>> {
  if (!userIds.length) return new Map();
  const [gates, q2] = await Promise.all([getGateRecords(userIds), getQ2Status(userIds)]);
  return new Map(
    userIds.map((id) => {
      const g = gates.get(id);
      const s = q2.get(id);
      return [
        id,
        {
          // Same rule as the gate: every module completed and none failed (passed is null without a mastery rule).
          q1: Boolean(g && g.q1.every((m) => m.completed && m.passed !== false)),
          authorisation: g?.authorisation.status ?? 'none',
          workshop: g?.workshop.status ?? 'none',
          q2: s?.status ?? 'none',
          cohort: s?.cohort ? { id: s.cohort.id, title: s.cohort.title } : null,
        },
      ];
    }),
  );
}
