import { Cohort, CohortEnrolment, CohortSession, SessionAttendance } from './cohort-models';
import { User } from '../auth';
import { writeAudit } from '../shared/audit';
import { ConflictError, NoPermissionError, NotFoundError } from '../shared/errors';
import { isCohortTutor } from './cohorts';
import { attendanceCounts, settleCohort } from './q2-completion';

/** Session attendance: recorded by a tutor assigned to the cohort, or by an admin — nobody else. */
export interface Viewer {
  id: number;
  role: string;
}

async function assertMayRecord(cohortId: number, viewer: Viewer): Promise<void> {
  if (viewer.role === 'admin') return;
  if (viewer.role === 'tutor' && (await isCohortTutor(cohortId, viewer.id))) return;
  throw new NoPermissionError('q2.error.attendance_tutors_only', 'NOT_COHORT_TUTOR');
}

async function findSession(cohortId: number, sessionId: number) {
  const session = await CohortSession.findOne({ where: { id: sessionId, cohortId } });
  if (!session) throw new NotFoundError('q2.error.session_not_found', 'SESSION_NOT_FOUND');
  return session;
}

/** The people of a cohort (enrolled ones) with their attendance share; for the cohort page. */
export async function cohortMembers(cohortId: number) {
  const rows = await CohortEnrolment.findAll({
    where: { cohortId, status: ['enrolled', 'waitlisted'] },
    order: [
      ['requestedAt', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  const users = rows.length ? await User.findAll({ where: { id: rows.map((r) => r.userId) } }) : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  const enrolledIds = rows.filter((r) => r.status === 'enrolled').map((r) => r.userId);
  const { sessions, attended } = await attendanceCounts(cohortId, enrolledIds);
  const person = (r: CohortEnrolment) => {
    const u = byId.get(r.userId)!;
    return { userId: r.userId, name: u.displayName, email: u.email, sortName: `${u.lastName} ${u.firstName}` };
  };
  const enrolled = rows
    .filter((r) => r.status === 'enrolled')
    .map((r) => ({
      ...person(r),
      enrolledAt: r.enrolledAt,
      override: Boolean(r.overrideReason),
      attended: attended.get(r.userId) ?? 0,
      sessions,
      share: sessions ? (attended.get(r.userId) ?? 0) / sessions : null,
      completedAt: r.completedAt,
      completionReason: r.completionReason,
    }))
    .sort((a, b) => a.sortName.localeCompare(b.sortName, 'de'));
  const waitlist = rows
    .filter((r) => r.status === 'waitlisted')
    .map((r, i) => ({ ...person(r), position: i + 1, requestedAt: r.requestedAt }));
  return { enrolled, waitlist };
}

export async function attendanceSheet(cohortId: number, sessionId: number, viewer: Viewer) {
  await assertMayRecord(cohortId, viewer);
  const session = await findSession(cohortId, sessionId);
  const { enrolled } = await cohortMembers(cohortId);
  const marks = await SessionAttendance.findAll({ where: { sessionId } });
  const markOf = new Map(marks.map((m) => [m.userId, Boolean(m.attended)]));
  return {
    session: { id: session.id, startsAt: session.startsAt, title: session.title },
    people: enrolled.map((p) => ({
      userId: p.userId,
      name: p.name,
      email: p.email,
      recorded: markOf.has(p.userId),
      attended: markOf.get(p.userId) ?? false,
    })),
  };
}

/**
 * Records a whole session in one go: ticked people attended, the other listed people did not.
 * One audit entry per person whose mark changes. Completion is settled afterwards when the cohort
 * is already finished.
 */
export async function recordSessionAttendance(
  cohortId: number,
  sessionId: number,
  viewer: Viewer,
  listed: number[],
  present: number[],
): Promise<number> {
  await assertMayRecord(cohortId, viewer);
  const presentSet = new Set(present);
  const changed = await Cohort.sequelize!.transaction(async (transaction) => {
    const session = await CohortSession.findOne({
      where: { id: sessionId, cohortId },
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
    if (!session) throw new NotFoundError('q2.error.session_not_found', 'SESSION_NOT_FOUND');
    if (session.startsAt.getTime() > Date.now())
      throw new ConflictError('q2.error.session_not_started', 'SESSION_NOT_STARTED');
    const members = await CohortEnrolment.findAll({
      where: { cohortId, status: 'enrolled', userId: listed },
      attributes: ['userId'],
      transaction,
    });
    const marks = new Map(
      (await SessionAttendance.findAll({ where: { sessionId }, transaction })).map((m) => [m.userId, m]),
    );
    const now = new Date();
    let n = 0;
    for (const { userId } of members) {
      const attended = presentSet.has(userId);
      const mark = marks.get(userId);
      if (mark && Boolean(mark.attended) === attended) continue;
      if (mark) await mark.update({ attended, recordedBy: viewer.id, recordedAt: now }, { transaction });
      else
        await SessionAttendance.create(
          { sessionId, userId, attended, recordedBy: viewer.id, recordedAt: now },
          { transaction },
        );
      await writeAudit(
        {
          actorId: viewer.id,
          action: 'q2.attendance',
          subjectType: 'session',
          subjectId: sessionId,
          subjectUserId: userId,
          before: mark ? { attended: Boolean(mark.attended) } : undefined,
          after: { attended, cohortId },
        },
        transaction,
      );
      n++;
    }
    return n;
  });
  await settleCohort(cohortId, viewer.id);
  return changed;
}
