import { Op, fn, col } from 'sequelize';
import {
  Cohort,
  CohortTutor,
  CohortSession,
  CohortEnrolment,
  SessionAttendance,
  COHORT_FORMATS,
} from './cohort-models';

export { COHORT_FORMATS };
import { User } from '../auth';
import { writeAudit } from '../shared/audit';
import { NoPermissionError, NotFoundError, ValidationError } from '../shared/errors';
import { REGION_KEYS } from '../shared/regions';
import { berlinDate, isValidDate, parseBerlinLocal } from '../shared/berlin-time';
import { fillFreePlaces } from './cohort-places';

/** Cohorts, their sessions and tutors. Admins change them; tutors see the cohorts they are assigned to. */
export interface Viewer {
  id: number;
  role: string;
}

export interface CohortView {
  id: number;
  title: string;
  region: string;
  format: string;
  startsOn: string;
  endsOn: string;
  capacity: number;
  requiredAttendance: number;
  finished: boolean;
  finishedAt: Date | null;
  started: boolean;
  enrolled: number;
  waitlisted: number;
  free: number;
  sessionCount: number;
  meetingUrl: string | null;
}

export function isFinished(c: Cohort): boolean {
  return Boolean(c.finishedAt) || c.endsOn < berlinDate();
}

async function counts(ids: number[]) {
  const none = {
    enrolled: new Map<number, number>(),
    waitlisted: new Map<number, number>(),
    sessions: new Map<number, number>(),
  };
  if (!ids.length) return none;
  const e = (await CohortEnrolment.findAll({
    where: { cohortId: ids, status: ['enrolled', 'waitlisted'] },
    attributes: ['cohortId', 'status', [fn('COUNT', col('id')), 'n']],
    group: ['cohortId', 'status'],
    raw: true,
  })) as unknown as { cohortId: number; status: string; n: number }[];
  for (const r of e) none[r.status === 'enrolled' ? 'enrolled' : 'waitlisted'].set(Number(r.cohortId), Number(r.n));
  const s = (await CohortSession.findAll({
    where: { cohortId: ids },
    attributes: ['cohortId', [fn('COUNT', col('id')), 'n']],
    group: ['cohortId'],
    raw: true,
  })) as unknown as { cohortId: number; n: number }[];
  for (const r of s) none.sessions.set(Number(r.cohortId), Number(r.n));
  return none;
}

export async function cohortViews(rows: Cohort[]): Promise<CohortView[]> {
  const c = await counts(rows.map((r) => r.id));
  const today = berlinDate();
  return rows.map((r) => {
    const enrolled = c.enrolled.get(r.id) ?? 0;
    return {
      id: r.id,
      title: r.title,
      region: r.region,
      format: r.format,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      capacity: r.capacity,
      requiredAttendance: r.requiredAttendance,
      finished: isFinished(r),
      finishedAt: r.finishedAt,
      started: r.startsOn < today,
      enrolled,
      waitlisted: c.waitlisted.get(r.id) ?? 0,
      free: Math.max(0, r.capacity - enrolled),
      sessionCount: c.sessions.get(r.id) ?? 0,
      meetingUrl: r.meetingUrl ?? null,
    };
  });
}

export async function isCohortTutor(cohortId: number, userId: number): Promise<boolean> {
  return Boolean(await CohortTutor.findOne({ where: { cohortId, userId } }));
}

/** Admins: every cohort; tutors: the cohorts they are assigned to. */
export async function listCohortsForStaff(viewer: Viewer): Promise<CohortView[]> {
  let where = {};
  if (viewer.role !== 'admin') {
    const mine = await CohortTutor.findAll({ where: { userId: viewer.id }, attributes: ['cohortId'] });
    where = { id: mine.map((m) => m.cohortId) };
  }
  return cohortViews(
    await Cohort.findAll({
      where,
      order: [
        ['startsOn', 'DESC'],
        ['id', 'DESC'],
      ],
      limit: 300,
    }),
  );
}

/** Cohorts a Lotse can still ask to join: not finished, not started yet. */
export async function listOpenCohorts(): Promise<CohortView[]> {
  const rows = await Cohort.findAll({
    where: { finishedAt: null, startsOn: { [Op.gte]: berlinDate() } },
    order: [['startsOn', 'ASC']],
    limit: 100,
  });
  return cohortViews(rows);
}

export async function getCohort(id: number, viewer: Viewer) {
  const row = await Cohort.findByPk(id);
  if (!row) throw new NotFoundError('q2.error.cohort_not_found', 'COHORT_NOT_FOUND');
  if (viewer.role !== 'admin' && !(await isCohortTutor(id, viewer.id)))
    throw new NoPermissionError('q2.error.not_cohort_tutor', 'NOT_COHORT_TUTOR');
  const [cohort] = await cohortViews([row]);
  const sessions = await CohortSession.findAll({
    where: { cohortId: id },
    order: [
      ['startsAt', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  const tutorRows = await CohortTutor.findAll({ where: { cohortId: id } });
  const tutors = tutorRows.length
    ? await User.findAll({ where: { id: tutorRows.map((t) => t.userId) }, order: [['lastName', 'ASC']] })
    : [];
  return {
    cohort,
    sessions: sessions.map((s) => ({
      id: s.id,
      startsAt: s.startsAt,
      title: s.title,
      past: s.startsAt.getTime() <= Date.now(),
    })),
    tutors: tutors.map((t) => ({ id: t.id, name: t.displayName, email: t.email })),
  };
}

export async function tutorChoices() {
  const rows = await User.findAll({
    where: { role: 'tutor', active: true },
    order: [
      ['lastName', 'ASC'],
      ['firstName', 'ASC'],
    ],
  });
  return rows.map((u) => ({ id: u.id, name: u.displayName, region: u.region }));
}

/** A video room: an http(s) address without spaces or markup characters, at most 500 characters. */
function isMeetingUrl(u: string): boolean {
  return u.length <= 500 && /^https?:\/\/[^\s"<>]+$/i.test(u) && URL.canParse(u);
}

function parseCohort(input: Record<string, unknown>) {
  const v = {
    title: typeof input.title === 'string' ? input.title.trim() : '',
    region: String(input.region ?? ''),
    format: String(input.format ?? ''),
    startsOn: String(input.startsOn ?? ''),
    endsOn: String(input.endsOn ?? ''),
    capacity: Number(input.capacity),
    meetingUrl: typeof input.meetingUrl === 'string' && input.meetingUrl.trim() ? input.meetingUrl.trim() : null,
  };
  const errors: Record<string, string> = {};
  if (v.meetingUrl !== null && !isMeetingUrl(v.meetingUrl)) errors.meetingUrl = 'q2.cohort.error.meeting_url';
  if (!v.title || v.title.length > 200) errors.title = 'q2.cohort.error.title';
  if (!(REGION_KEYS as string[]).includes(v.region)) errors.region = 'error.region_required';
  if (!(COHORT_FORMATS as string[]).includes(v.format)) errors.format = 'q2.cohort.error.format';
  if (!isValidDate(v.startsOn)) errors.startsOn = 'q2.error.date_invalid';
  if (!isValidDate(v.endsOn)) errors.endsOn = 'q2.error.date_invalid';
  else if (isValidDate(v.startsOn) && v.endsOn < v.startsOn) errors.endsOn = 'q2.cohort.error.end_before_start';
  if (!Number.isInteger(v.capacity) || v.capacity < 1 || v.capacity > 500)
    errors.capacity = 'q2.error.capacity_invalid';
  const sessionTexts = ([] as unknown[])
    .concat(input.sessions ?? [])
    .map((s) => String(s).trim())
    .filter(Boolean);
  const sessions = sessionTexts.map(parseBerlinLocal);
  if (sessions.some((s) => !s)) errors.sessions = 'q2.error.datetime_invalid';
  const tutorIds = ([] as unknown[])
    .concat(input.tutorIds ?? [])
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  return { v, errors, sessions: sessions as Date[], tutorIds };
}

async function checkTutors(ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await User.findAll({ where: { id: ids, role: 'tutor' }, attributes: ['id'] });
  return rows.map((r) => r.id);
}

export async function createCohort(
  input: Record<string, unknown>,
  actorId: number,
  requiredAttendance: number,
): Promise<number> {
  const { v, errors, sessions, tutorIds } = parseCohort(input);
  if (Object.keys(errors).length) throw new ValidationError('error.check_input', errors);
  const tutors = await checkTutors(tutorIds);
  return Cohort.sequelize!.transaction(async (transaction) => {
    const c = await Cohort.create({ ...v, requiredAttendance, createdBy: actorId }, { transaction });
    for (const startsAt of sessions) await CohortSession.create({ cohortId: c.id, startsAt }, { transaction });
    for (const userId of tutors) await CohortTutor.create({ cohortId: c.id, userId }, { transaction });
    await writeAudit(
      {
        actorId,
        action: 'cohort.created',
        subjectType: 'cohort',
        subjectId: c.id,
        after: { ...v, requiredAttendance, sessions: sessions.length, tutors },
      },
      transaction,
    );
    return c.id;
  });
}

/** Changes the cohort's data and tutors; a larger capacity lets people move up from the waiting list. */
export async function updateCohort(id: number, input: Record<string, unknown>, actorId: number): Promise<number[]> {
  const { v, errors, tutorIds } = parseCohort(input);
  if (Object.keys(errors).length) throw new ValidationError('error.check_input', errors);
  const tutors = await checkTutors(tutorIds);
  return Cohort.sequelize!.transaction(async (transaction) => {
    const c = await Cohort.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE });
    if (!c) throw new NotFoundError('q2.error.cohort_not_found', 'COHORT_NOT_FOUND');
    const oldTutors = (await CohortTutor.findAll({ where: { cohortId: id }, transaction })).map((t) => t.userId).sort();
    const before = {
      title: c.title,
      region: c.region,
      format: c.format,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      capacity: c.capacity,
      meetingUrl: c.meetingUrl,
      tutors: oldTutors,
    };
    await c.update(v, { transaction });
    await CohortTutor.destroy({ where: { cohortId: id }, transaction });
    for (const userId of tutors) await CohortTutor.create({ cohortId: id, userId }, { transaction });
    await writeAudit(
      {
        actorId,
        action: 'cohort.updated',
        subjectType: 'cohort',
        subjectId: id,
        before,
        after: { ...v, tutors: [...tutors].sort() },
      },
      transaction,
    );
    return fillFreePlaces(c, actorId, transaction);
  });
}

export async function addSession(cohortId: number, input: Record<string, unknown>, actorId: number): Promise<void> {
  const startsAt = parseBerlinLocal(input.startsAt);
  const title = typeof input.title === 'string' ? input.title.trim().slice(0, 200) : '';
  if (!startsAt) throw new ValidationError('error.check_input', { startsAt: 'q2.error.datetime_invalid' });
  await Cohort.sequelize!.transaction(async (transaction) => {
    if (!(await Cohort.findByPk(cohortId, { transaction })))
      throw new NotFoundError('q2.error.cohort_not_found', 'COHORT_NOT_FOUND');
    const s = await CohortSession.create({ cohortId, startsAt, title: title || null }, { transaction });
    await writeAudit(
      {
        actorId,
        action: 'cohort.session_added',
        subjectType: 'cohort',
        subjectId: cohortId,
        after: { sessionId: s.id, startsAt, title },
      },
      transaction,
    );
  });
}

/** Removing a session also removes its attendance records; the audit keeps what the session was. */
export async function removeSession(cohortId: number, sessionId: number, actorId: number): Promise<void> {
  await Cohort.sequelize!.transaction(async (transaction) => {
    const s = await CohortSession.findOne({ where: { id: sessionId, cohortId }, transaction });
    if (!s) throw new NotFoundError('q2.error.session_not_found', 'SESSION_NOT_FOUND');
    await SessionAttendance.destroy({ where: { sessionId }, transaction });
    await s.destroy({ transaction });
    await writeAudit(
      {
        actorId,
        action: 'cohort.session_removed',
        subjectType: 'cohort',
        subjectId: cohortId,
        before: { sessionId, startsAt: s.startsAt, title: s.title },
      },
      transaction,
    );
  });
}
