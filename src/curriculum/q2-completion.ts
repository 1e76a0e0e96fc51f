import { Op, type Transaction } from 'sequelize';
import { Cohort, CohortEnrolment, CohortSession, SessionAttendance } from './cohort-models';
import { writeAudit } from '../shared/audit';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { berlinDate } from '../shared/berlin-time';
import { isFinished } from './cohorts';
import { enqueueQ2Completed } from './q2-events';

/**
 * When Q2 counts as completed: the cohort is finished (end date passed or marked finished by an
 * admin) and the Lotse attended at least the cohort's required share of its sessions — or an admin
 * marked it completed with a written reason. Completion is stored once and then kept.
 */
export async function attendanceCounts(cohortId: number, userIds: number[], transaction?: Transaction) {
  const sessions = await CohortSession.findAll({ where: { cohortId }, attributes: ['id'], transaction });
  const attended = new Map<number, number>(userIds.map((id) => [id, 0]));
  if (sessions.length && userIds.length) {
    const rows = await SessionAttendance.findAll({
      where: { sessionId: sessions.map((s) => s.id), userId: userIds, attended: true },
      attributes: ['userId'],
      transaction,
    });
    for (const r of rows) attended.set(r.userId, (attended.get(r.userId) ?? 0) + 1);
  }
  return { sessions: sessions.length, attended };
}

export function meetsAttendance(attended: number, sessions: number, required: number): boolean {
  return sessions > 0 && attended / sessions >= required - 1e-9;
}

/** Stores completion for everyone in a finished cohort who attended enough; the outbox tells the certificates. */
export async function settleCohort(cohortId: number, actorId: number | null): Promise<number[]> {
  return Cohort.sequelize!.transaction(async (transaction) => {
    const cohort = await Cohort.findByPk(cohortId, { transaction, lock: transaction.LOCK.UPDATE });
    if (!cohort || !isFinished(cohort)) return [];
    const open = await CohortEnrolment.findAll({
      where: { cohortId, status: 'enrolled', completedAt: null },
      transaction,
    });
    if (!open.length) return [];
    const { sessions, attended } = await attendanceCounts(
      cohortId,
      open.map((e) => e.userId),
      transaction,
    );
    const done: number[] = [];
    for (const e of open) {
      const n = attended.get(e.userId) ?? 0;
      if (!meetsAttendance(n, sessions, cohort.requiredAttendance)) continue;
      const completedAt = new Date();
      await e.update({ completedAt }, { transaction });
      await writeAudit(
        {
          actorId,
          action: 'q2.completed',
          subjectType: 'cohort',
          subjectId: cohortId,
          subjectUserId: e.userId,
          after: { attended: n, sessions, share: n / sessions, required: cohort.requiredAttendance },
        },
        transaction,
      );
      await enqueueQ2Completed(transaction, {
        userId: e.userId,
        cohortId,
        completedAt: completedAt.toISOString(),
        byAdmin: false,
      });
      done.push(e.userId);
    }
    return done;
  });
}

/** Settles every cohort whose end date has passed and that still has open enrolments (the catch-up
 * job in src/jobs runs it at start and on a timer). Returns how many completions it stored. */
export async function settleDueCohorts(): Promise<number> {
  const due = await Cohort.findAll({
    where: { [Op.or]: [{ endsOn: { [Op.lt]: berlinDate() } }, { finishedAt: { [Op.ne]: null } }] },
    attributes: ['id'],
  });
  if (!due.length) return 0;
  const open = await CohortEnrolment.findAll({
    where: { cohortId: due.map((c) => c.id), status: 'enrolled', completedAt: null },
    attributes: ['cohortId'],
    group: ['cohortId'],
  });
  let completed = 0;
  for (const row of open) completed += (await settleCohort(row.cohortId, null)).length;
  return completed;
}

export async function markCohortFinished(cohortId: number, actorId: number): Promise<number[]> {
  await Cohort.sequelize!.transaction(async (transaction) => {
    const cohort = await Cohort.findByPk(cohortId, { transaction, lock: transaction.LOCK.UPDATE });
    if (!cohort) throw new NotFoundError('q2.error.cohort_not_found', 'COHORT_NOT_FOUND');
    if (cohort.finishedAt) return;
    await cohort.update({ finishedAt: new Date() }, { transaction });
    // Nobody moves up from the waiting list any more; they stay listed as waiting.
    await writeAudit(
      {
        actorId,
        action: 'cohort.finished',
        subjectType: 'cohort',
        subjectId: cohortId,
        before: { finishedAt: null },
        after: { finishedAt: cohort.finishedAt },
      },
      transaction,
    );
  });
  return settleCohort(cohortId, actorId);
}

/** An admin marks a Lotse's Q2 as completed regardless of attendance, with a written reason. */
export async function markQ2Completed(
  cohortId: number,
  userId: number,
  actorId: number,
  reasonInput: unknown,
): Promise<boolean> {
  const reason = typeof reasonInput === 'string' ? reasonInput.trim() : '';
  if (!reason)
    throw new ValidationError('q2.error.reason_missing', { reason: 'q2.error.reason_required' }, 'REASON_REQUIRED');
  return Cohort.sequelize!.transaction(async (transaction) => {
    await Cohort.findByPk(cohortId, { transaction, lock: transaction.LOCK.UPDATE });
    const e = await CohortEnrolment.findOne({ where: { cohortId, userId }, transaction });
    if (!e || e.status !== 'enrolled') throw new ConflictError('q2.error.not_enrolled', 'ENROLMENT_NOT_FOUND');
    if (e.completedAt) return false;
    const completedAt = new Date();
    await e.update({ completedAt, completionReason: reason.slice(0, 2000), completedBy: actorId }, { transaction });
    await writeAudit(
      {
        actorId,
        action: 'q2.completion_marked',
        subjectType: 'cohort',
        subjectId: cohortId,
        subjectUserId: userId,
        before: { completed: false },
        after: { completed: true },
        reason,
      },
      transaction,
    );
    await enqueueQ2Completed(transaction, { userId, cohortId, completedAt: completedAt.toISOString(), byAdmin: true });
    return true;
  });
}
