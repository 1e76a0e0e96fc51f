import { Op, fn, col } from 'sequelize';
import { Workshop, WorkshopRegistration, type RegistrationStatus } from './enrolment-models';
import { User } from '../auth';
import { writeAudit } from '../shared/audit';
import { ConflictError, NoPermissionError, NotFoundError, ValidationError } from '../shared/errors';
import { REGION_KEYS } from '../shared/regions';
import { parseBerlinLocal } from '../shared/berlin-time';
import type { WorkshopGateStatus } from './q2-gate';

/**
 * Dates of the workshop "Gemeinsames Beratungsverständnis". Admins create them; Lotsen register;
 * attendance is recorded afterwards by an admin or by a tutor of the workshop's region
 * (a tutor's region is users.region — no separate assignment, see README).
 */
export interface Viewer {
  id: number;
  role: string;
  region: string | null;
}

export function canRecordWorkshop(viewer: Viewer, workshop: { region: string }): boolean {
  return viewer.role === 'admin' || (viewer.role === 'tutor' && viewer.region === workshop.region);
}

export interface WorkshopView {
  id: number;
  startsAt: Date;
  online: boolean;
  place: string | null;
  region: string;
  capacity: number;
  registered: number;
  free: number;
  past: boolean;
}

async function registeredCounts(ids: number[]): Promise<Map<number, number>> {
  if (!ids.length) return new Map();
  const rows = (await WorkshopRegistration.findAll({
    where: { workshopId: ids },
    attributes: ['workshopId', [fn('COUNT', col('id')), 'n']],
    group: ['workshopId'],
    raw: true,
  })) as unknown as { workshopId: number; n: number }[];
  return new Map(rows.map((r) => [Number(r.workshopId), Number(r.n)]));
}

function view(w: Workshop, registered: number): WorkshopView {
  return {
    id: w.id,
    startsAt: w.startsAt,
    online: Boolean(w.online),
    place: w.place,
    region: w.region,
    capacity: w.capacity,
    registered,
    free: Math.max(0, w.capacity - registered),
    past: w.startsAt.getTime() <= Date.now(),
  };
}

export async function createWorkshop(input: Record<string, unknown>, actorId: number): Promise<WorkshopView> {
  const startsAt = parseBerlinLocal(input.startsAt);
  const online = input.online === 'on' || input.online === 'true' || input.online === true;
  const place = typeof input.place === 'string' ? input.place.trim().slice(0, 255) : '';
  const region = String(input.region ?? '');
  const capacity = Number(input.capacity);
  const errors: Record<string, string> = {};
  if (!startsAt) errors.startsAt = 'q2.error.datetime_invalid';
  if (!online && !place) errors.place = 'q2.workshop.error.place_required';
  if (!(REGION_KEYS as string[]).includes(region)) errors.region = 'error.region_required';
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 500) errors.capacity = 'q2.error.capacity_invalid';
  if (Object.keys(errors).length) throw new ValidationError('error.check_input', errors);
  return Workshop.sequelize!.transaction(async (transaction) => {
    const w = await Workshop.create(
      { startsAt, online, place: place || null, region, capacity, createdBy: actorId },
      { transaction },
    );
    await writeAudit(
      {
        actorId,
        action: 'workshop.created',
        subjectType: 'workshop',
        subjectId: w.id,
        after: { startsAt, online, place, region, capacity },
      },
      transaction,
    );
    return view(w, 0);
  });
}

/** Staff list: admins see every date, tutors the dates of their region. Newest first. */
export async function listWorkshopsForStaff(viewer: Viewer): Promise<WorkshopView[]> {
  const where = viewer.role === 'admin' ? {} : { region: viewer.region ?? '-' };
  const rows = await Workshop.findAll({ where, order: [['startsAt', 'DESC']], limit: 200 });
  const counts = await registeredCounts(rows.map((w) => w.id));
  return rows.map((w) => view(w, counts.get(w.id) ?? 0));
}

export async function getWorkshopForStaff(id: number, viewer: Viewer) {
  const w = await Workshop.findByPk(id);
  if (!w) throw new NotFoundError('q2.error.workshop_not_found', 'WORKSHOP_NOT_FOUND');
  if (!canRecordWorkshop(viewer, w)) throw new NoPermissionError();
  const regs = await WorkshopRegistration.findAll({
    where: { workshopId: id },
    include: [{ model: User, as: 'user' }],
  });
  const people = regs
    .map((r) => {
      const u = (r as unknown as { user: User }).user;
      return {
        userId: r.userId,
        name: u.displayName,
        sortName: `${u.lastName} ${u.firstName}`,
        email: u.email,
        status: r.status,
        recordedAt: r.recordedAt,
      };
    })
    .sort((a, b) => a.sortName.localeCompare(b.sortName, 'de'));
  return { workshop: view(w, regs.length), people };
}

/** Upcoming dates for a Lotse with their own registration, and their past registrations. */
export async function workshopsForLotse(userId: number) {
  const upcoming = await Workshop.findAll({
    where: { startsAt: { [Op.gt]: new Date() } },
    order: [['startsAt', 'ASC']],
    limit: 100,
  });
  const counts = await registeredCounts(upcoming.map((w) => w.id));
  const mine = await WorkshopRegistration.findAll({
    where: { userId },
    include: [{ model: Workshop, as: 'workshop' }],
    order: [['id', 'DESC']],
  });
  const mineBy = new Map(mine.map((r) => [r.workshopId, r.status]));
  return {
    upcoming: upcoming.map((w) => ({ ...view(w, counts.get(w.id) ?? 0), myStatus: mineBy.get(w.id) ?? null })),
    history: mine.map((r) => ({
      status: r.status,
      workshop: view((r as unknown as { workshop: Workshop }).workshop, 0),
    })),
  };
}

/** Registration holds a lock on the workshop row, so two Lotsen never both get the last place. */
export async function registerForWorkshop(workshopId: number, userId: number): Promise<void> {
  await Workshop.sequelize!.transaction(async (transaction) => {
    const w = await Workshop.findByPk(workshopId, { transaction, lock: transaction.LOCK.UPDATE });
    if (!w) throw new NotFoundError('q2.error.workshop_not_found', 'WORKSHOP_NOT_FOUND');
    if (w.startsAt.getTime() <= Date.now()) throw new ConflictError('q2.error.workshop_past', 'WORKSHOP_PAST');
    const mine = await WorkshopRegistration.findAll({
      where: { userId },
      include: [{ model: Workshop, as: 'workshop' }],
      transaction,
    });
    if (mine.some((r) => r.status === 'attended'))
      throw new ConflictError('q2.error.workshop_attended', 'WORKSHOP_ALREADY_ATTENDED');
    if (mine.some((r) => r.workshopId === workshopId))
      throw new ConflictError('q2.error.workshop_registered', 'WORKSHOP_ALREADY_REGISTERED');
    if (
      mine.some(
        (r) =>
          r.status === 'registered' &&
          (r as unknown as { workshop: Workshop }).workshop.startsAt.getTime() > Date.now(),
      )
    ) {
      throw new ConflictError('q2.error.workshop_registered_other', 'WORKSHOP_ALREADY_REGISTERED');
    }
    const taken = await WorkshopRegistration.count({ where: { workshopId }, transaction });
    if (taken >= w.capacity) throw new ConflictError('q2.error.workshop_full', 'WORKSHOP_FULL');
    await WorkshopRegistration.create({ workshopId, userId, status: 'registered' }, { transaction });
    await writeAudit(
      {
        actorId: userId,
        action: 'workshop.registered',
        subjectType: 'workshop',
        subjectId: workshopId,
        subjectUserId: userId,
        after: { status: 'registered' },
      },
      transaction,
    );
  });
}

export async function unregisterFromWorkshop(workshopId: number, userId: number): Promise<void> {
  await Workshop.sequelize!.transaction(async (transaction) => {
    const w = await Workshop.findByPk(workshopId, { transaction, lock: transaction.LOCK.UPDATE });
    const reg = await WorkshopRegistration.findOne({ where: { workshopId, userId }, transaction });
    if (!w || !reg) throw new NotFoundError('q2.error.workshop_not_registered', 'WORKSHOP_NOT_REGISTERED');
    if (w.startsAt.getTime() <= Date.now())
      throw new ConflictError('q2.error.workshop_unregister_past', 'WORKSHOP_PAST');
    await reg.destroy({ transaction });
    await writeAudit(
      {
        actorId: userId,
        action: 'workshop.unregistered',
        subjectType: 'workshop',
        subjectId: workshopId,
        subjectUserId: userId,
        before: { status: reg.status },
      },
      transaction,
    );
  });
}

/**
 * Attendance from the list in one go: every listed person is attended (ticked) or absent (not
 * ticked). One audit entry per person whose status changes. Returns who now attended.
 */
export async function recordWorkshopAttendance(
  workshopId: number,
  viewer: Viewer,
  listed: number[],
  present: number[],
): Promise<{ changed: number; attended: number[] }> {
  return Workshop.sequelize!.transaction(async (transaction) => {
    const w = await Workshop.findByPk(workshopId, { transaction, lock: transaction.LOCK.UPDATE });
    if (!w) throw new NotFoundError('q2.error.workshop_not_found', 'WORKSHOP_NOT_FOUND');
    if (!canRecordWorkshop(viewer, w)) throw new NoPermissionError();
    if (w.startsAt.getTime() > Date.now())
      throw new ConflictError('q2.error.workshop_not_started', 'WORKSHOP_NOT_STARTED');
    const presentSet = new Set(present);
    const regs = await WorkshopRegistration.findAll({ where: { workshopId, userId: listed }, transaction });
    let changed = 0;
    const now = new Date();
    for (const reg of regs) {
      const status: RegistrationStatus = presentSet.has(reg.userId) ? 'attended' : 'absent';
      if (reg.status === status) continue;
      const before = { status: reg.status };
      await reg.update({ status, recordedBy: viewer.id, recordedAt: now }, { transaction });
      await writeAudit(
        {
          actorId: viewer.id,
          action: 'workshop.attendance',
          subjectType: 'workshop',
          subjectId: workshopId,
          subjectUserId: reg.userId,
          before,
          after: { status },
        },
        transaction,
      );
      changed++;
    }
    return { changed, attended: regs.filter((r) => r.status === 'attended').map((r) => r.userId) };
  });
}

/** The gate's view of the workshop: attended beats registered beats absent. */
export async function workshopStatuses(userIds: number[]): Promise<Map<number, WorkshopGateStatus>> {
  const rows = userIds.length
    ? await WorkshopRegistration.findAll({ where: { userId: userIds }, attributes: ['userId', 'status'] })
    : [];
  const rank: Record<WorkshopGateStatus, number> = { none: 0, absent: 1, registered: 2, attended: 3 };
  const result = new Map<number, WorkshopGateStatus>();
  for (const r of rows) {
    const current = result.get(r.userId) ?? 'none';
    if (rank[r.status] > rank[current]) result.set(r.userId, r.status);
  }
  return result;
}
