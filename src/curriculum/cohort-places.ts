import type { Transaction } from 'sequelize';
import { Cohort, CohortEnrolment, type EnrolmentStatus } from './cohort-models';
import { writeAudit } from '../shared/audit';
import { ConflictError, NotFoundError } from '../shared/errors';
import { berlinDate } from '../shared/berlin-time';
import { enqueue } from '../outbox';
import { MOVED_UP_MAIL, type MovedUpPayload } from './cohort-mail';

/**
 * Places in a cohort and its waiting list. Every change runs inside the caller's transaction with
 * the cohort row locked first (SELECT … FOR UPDATE on MariaDB; SQLite transactions are IMMEDIATE),
 * so two requests for the last place are serialised: one gets it, the other waits in line.
 */
export async function lockCohort(cohortId: number, transaction: Transaction): Promise<Cohort> {
  const cohort = await Cohort.findByPk(cohortId, { transaction, lock: transaction.LOCK.UPDATE });
  if (!cohort) throw new NotFoundError('q2.error.cohort_not_found', 'COHORT_NOT_FOUND');
  return cohort;
}

export interface Placement {
  status: 'enrolled' | 'waitlisted';
  cohortId: number;
  waitlistPosition: number | null;
}

async function waitlistPosition(cohortId: number, row: CohortEnrolment, transaction: Transaction): Promise<number> {
  const ahead = await CohortEnrolment.findAll({
    where: { cohortId, status: 'waitlisted' },
    order: [
      ['requestedAt', 'ASC'],
      ['id', 'ASC'],
    ],
    attributes: ['id'],
    transaction,
  });
  return ahead.findIndex((r) => r.id === row.id) + 1;
}

/** Enrols, or puts on the waiting list when the cohort is full. The caller has checked the gate. */
export async function placeInCohort(
  cohortId: number,
  userId: number,
  opts: { actorId: number; overrideReason?: string | null; transaction: Transaction },
): Promise<Placement> {
  const { transaction } = opts;
  const cohort = await lockCohort(cohortId, transaction);
  if (cohort.finishedAt || cohort.endsOn < berlinDate())
    throw new ConflictError('q2.error.cohort_finished', 'COHORT_FINISHED');
  const mine = await CohortEnrolment.findAll({ where: { userId }, transaction });
  if (mine.some((e) => e.status === 'enrolled' && e.completedAt))
    throw new ConflictError('q2.error.q2_completed_self', 'Q2_ALREADY_COMPLETED');
  const active = mine.find((e) => e.status === 'enrolled' || e.status === 'waitlisted');
  if (active) {
    const same = active.cohortId === cohortId;
    throw new ConflictError(
      same ? 'q2.error.already_enrolled' : 'q2.error.already_in_cohort',
      same ? 'Q2_ALREADY_ENROLLED' : 'Q2_ALREADY_IN_COHORT',
      { cohortId: active.cohortId, status: active.status },
    );
  }
  const taken = await CohortEnrolment.count({ where: { cohortId, status: 'enrolled' }, transaction });
  const status: EnrolmentStatus = taken < cohort.capacity ? 'enrolled' : 'waitlisted';
  const now = new Date();
  const values = {
    status,
    requestedAt: now,
    enrolledAt: status === 'enrolled' ? now : null,
    overrideReason: opts.overrideReason ?? null,
    completedAt: null,
    completionReason: null,
    completedBy: null,
  };
  let row = mine.find((e) => e.cohortId === cohortId);
  const before = row ? { status: row.status } : undefined;
  if (row) await row.update(values, { transaction });
  else row = await CohortEnrolment.create({ cohortId, userId, ...values }, { transaction });
  await writeAudit(
    {
      actorId: opts.actorId,
      action: status === 'enrolled' ? 'q2.enrolled' : 'q2.waitlisted',
      subjectType: 'cohort',
      subjectId: cohortId,
      subjectUserId: userId,
      before,
      after: { status, ...(opts.overrideReason ? { override: true } : {}) },
      reason: opts.overrideReason ?? null,
    },
    transaction,
  );
  return {
    status,
    cohortId,
    waitlistPosition: status === 'waitlisted' ? await waitlistPosition(cohortId, row, transaction) : null,
  };
}

/**
 * Moves people up from the waiting list while there are free places. Returns who moved up; the mail
 * that tells each of them is an outbox message of the same transaction (sent by cohort-mail.ts).
 */
export async function fillFreePlaces(
  cohort: Cohort,
  actorId: number | null,
  transaction: Transaction,
): Promise<number[]> {
  if (cohort.finishedAt) return [];
  const taken = await CohortEnrolment.count({ where: { cohortId: cohort.id, status: 'enrolled' }, transaction });
  const free = cohort.capacity - taken;
  if (free <= 0) return [];
  const next = await CohortEnrolment.findAll({
    where: { cohortId: cohort.id, status: 'waitlisted' },
    order: [
      ['requestedAt', 'ASC'],
      ['id', 'ASC'],
    ],
    limit: free,
    transaction,
  });
  for (const row of next) {
    await row.update({ status: 'enrolled', enrolledAt: new Date() }, { transaction });
    await writeAudit(
      {
        actorId,
        action: 'q2.moved_up',
        subjectType: 'cohort',
        subjectId: cohort.id,
        subjectUserId: row.userId,
        before: { status: 'waitlisted' },
        after: { status: 'enrolled' },
      },
      transaction,
    );
    await enqueue(transaction, MOVED_UP_MAIL, { cohortId: cohort.id, userId: row.userId } satisfies MovedUpPayload);
  }
  return next.map((r) => r.userId);
}

/**
 * A Lotse withdraws or an admin removes someone. A freed place goes to the first on the waiting
 * list in the same transaction. Returns who moved up, so the caller can tell them.
 */
export async function releasePlace(
  cohortId: number,
  userId: number,
  opts: { actorId: number; kind: 'withdrawn' | 'removed'; reason?: string | null },
): Promise<number[]> {
  return Cohort.sequelize!.transaction(async (transaction) => {
    const cohort = await lockCohort(cohortId, transaction);
    const row = await CohortEnrolment.findOne({
      where: { cohortId, userId, status: ['enrolled', 'waitlisted'] },
      transaction,
    });
    if (!row) throw new NotFoundError('q2.error.enrolment_gone', 'ENROLMENT_NOT_FOUND');
    if (row.completedAt) throw new ConflictError('q2.error.q2_completed_person', 'Q2_ALREADY_COMPLETED');
    const before = { status: row.status };
    await row.update({ status: opts.kind }, { transaction });
    await writeAudit(
      {
        actorId: opts.actorId,
        action: opts.kind === 'withdrawn' ? 'q2.withdrawn' : 'q2.removed',
        subjectType: 'cohort',
        subjectId: cohortId,
        subjectUserId: userId,
        before,
        after: { status: opts.kind },
        reason: opts.reason ?? null,
      },
      transaction,
    );
    return before.status === 'enrolled' ? fillFreePlaces(cohort, opts.actorId, transaction) : [];
  });
}
