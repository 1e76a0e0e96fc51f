import { Cohort, CohortEnrolment, CohortSession, SessionAttendance } from './cohort-models';
import { isFinished } from './cohorts';
import { meetsAttendance } from './q2-completion';

export interface Q2Status {
  status: 'none' | 'enrolled' | 'waitlisted' | 'completed';
  cohort: {
    id: number;
    title: string;
    region: string;
    format: string;
    startsOn: string;
    endsOn: string;
    finished: boolean;
  } | null;
  waitlisted: boolean;
  waitlistPosition: number | null;
  sessions: number;
  attended: number;
  attendanceShare: number | null;
  requiredAttendance: number | null;
  completed: boolean;
  completedAt: Date | null;
  completionReason: string | null;
}

const NONE: Q2Status = {
  status: 'none',
  cohort: null,
  waitlisted: false,
  waitlistPosition: null,
  sessions: 0,
  attended: 0,
  attendanceShare: null,
  requiredAttendance: null,
  completed: false,
  completedAt: null,
  completionReason: null,
};

/**
 * Q2 per Lotse for other components (dashboard, certificates, home page): the cohort they are in
 * or waiting for, their attendance share and whether Q2 is completed. Read only. A finished cohort
 * whose completions are not stored yet (end date just passed) already counts here.
 */
export async function getQ2Status(userIds: number[]): Promise<Map<number, Q2Status>> {
  const result = new Map<number, Q2Status>(userIds.map((id) => [id, NONE]));
  if (!userIds.length) return result;
  const rows = await CohortEnrolment.findAll({
    where: { userId: userIds, status: ['enrolled', 'waitlisted'] },
    order: [['id', 'ASC']],
  });
  if (!rows.length) return result;
  const cohortIds = [...new Set(rows.map((r) => r.cohortId))];
  const cohorts = new Map((await Cohort.findAll({ where: { id: cohortIds } })).map((c) => [c.id, c]));
  const sessions = await CohortSession.findAll({ where: { cohortId: cohortIds }, attributes: ['id', 'cohortId'] });
  const sessionCohort = new Map(sessions.map((s) => [s.id, s.cohortId]));
  const sessionCount = new Map<number, number>();
  for (const s of sessions) sessionCount.set(s.cohortId, (sessionCount.get(s.cohortId) ?? 0) + 1);
  const marks = sessions.length
    ? await SessionAttendance.findAll({
        where: { userId: userIds, sessionId: sessions.map((s) => s.id), attended: true },
        attributes: ['userId', 'sessionId'],
      })
    : [];
  const attendedKey = (userId: number, cohortId: number) => `${userId}:${cohortId}`;
  const attended = new Map<string, number>();
  for (const m of marks) {
    const k = attendedKey(m.userId, sessionCohort.get(m.sessionId)!);
    attended.set(k, (attended.get(k) ?? 0) + 1);
  }
  const waitlists = new Map<number, CohortEnrolment[]>();
  const allWaiting = await CohortEnrolment.findAll({
    where: { cohortId: cohortIds, status: 'waitlisted' },
    order: [
      ['requestedAt', 'ASC'],
      ['id', 'ASC'],
    ],
    attributes: ['id', 'cohortId'],
  });
  for (const w of allWaiting) waitlists.set(w.cohortId, [...(waitlists.get(w.cohortId) ?? []), w]);

  for (const r of rows) {
    const c = cohorts.get(r.cohortId)!;
    const n = sessionCount.get(c.id) ?? 0;
    const a = attended.get(attendedKey(r.userId, c.id)) ?? 0;
    const finished = isFinished(c);
    const derived = r.status === 'enrolled' && finished && meetsAttendance(a, n, c.requiredAttendance);
    const completed = r.status === 'enrolled' && (Boolean(r.completedAt) || derived);
    const status: Q2Status = {
      status: completed ? 'completed' : r.status === 'enrolled' ? 'enrolled' : 'waitlisted',
      cohort: {
        id: c.id,
        title: c.title,
        region: c.region,
        format: c.format,
        startsOn: c.startsOn,
        endsOn: c.endsOn,
        finished,
      },
      waitlisted: r.status === 'waitlisted',
      waitlistPosition:
        r.status === 'waitlisted' ? (waitlists.get(c.id) ?? []).findIndex((w) => w.id === r.id) + 1 : null,
      sessions: n,
      attended: a,
      attendanceShare: n ? a / n : null,
      requiredAttendance: c.requiredAttendance,
      completed,
      completedAt: r.completedAt ?? (derived ? (c.finishedAt ?? new Date(`${c.endsOn}T23:59:59Z`)) : null),
      completionReason: r.completionReason,
    };
    // A completed cohort outranks an active one; otherwise the newest active enrolment counts.
    if (!result.get(r.userId)!.completed) result.set(r.userId, status);
  }
  return result;
}
