/**
 * The tutors' view of the offerings (read only, for src/reports): every participant within the
 * viewer's scope — admins everyone, tutors the people of their region — with their standing in the
 * offering's package. A fixed number of queries: participants, offerings, users, standings.
 */
import { Op } from 'sequelize';
import { User } from '../auth';
import { getPackageStandings, standingKey, type PackageStanding } from '../player';
import type { Role } from '../shared/regions';
import { Offering, OfferingParticipant } from './offering-models';

export interface ReportViewer {
  role: Role;
  region: string | null;
}

export interface OfferingReportFilter {
  offeringId?: number;
  region?: string;
  /** `enrolled` (not yet done), `done` (completed or passed), `invited` (not enrolled yet). */
  state?: 'enrolled' | 'done' | 'invited';
}

export interface OfferingReportRow {
  offeringId: number;
  offeringTitle: string;
  userId: number;
  firstName: string;
  lastName: string;
  email: string;
  role: Role;
  region: string | null;
  invitedAt: Date | null;
  enrolledAt: Date | null;
  standing: PackageStanding | null;
}

export async function offeringReport(viewer: ReportViewer, f: OfferingReportFilter): Promise<OfferingReportRow[]> {
  if (viewer.role !== 'admin' && viewer.role !== 'tutor') return [];
  const region = viewer.role === 'tutor' ? viewer.region : (f.region ?? null);
  if (viewer.role === 'tutor' && (!region || (f.region && f.region !== region))) return [];
  const ties = await OfferingParticipant.findAll({
    where: f.offeringId ? { offeringId: f.offeringId } : {},
    order: [['id', 'ASC']],
  });
  if (ties.length === 0) return [];
  const [offerings, users] = await Promise.all([
    Offering.findAll({ where: { id: [...new Set(ties.map((t) => t.offeringId))] } }),
    User.findAll({
      where: { id: [...new Set(ties.map((t) => t.userId))], ...(region ? { region } : {}), role: { [Op.ne]: 'admin' } },
    }),
  ]);
  const offeringOf = new Map(offerings.map((o) => [o.id, o]));
  const userOf = new Map(users.map((u) => [u.id, u]));
  const standings = await getPackageStandings(
    users.map((u) => u.id),
    [...new Set(offerings.map((o) => o.packageId))],
  );
  const rows = ties
    .filter((t) => userOf.has(t.userId) && offeringOf.has(t.offeringId))
    .map((t): OfferingReportRow => {
      const u = userOf.get(t.userId)!;
      const o = offeringOf.get(t.offeringId)!;
      return {
        offeringId: o.id,
        offeringTitle: o.title,
        userId: u.id,
        firstName: u.firstName,
        lastName: u.lastName,
        email: u.email,
        role: u.role,
        region: u.region,
        invitedAt: t.invitedAt,
        enrolledAt: t.enrolledAt,
        standing: t.enrolledAt ? (standings.get(standingKey(u.id, o.packageId)) ?? null) : null,
      };
    })
    .filter((r) => {
      if (!f.state) return true;
      if (f.state === 'invited') return !r.enrolledAt;
      const done = !!r.standing?.completed;
      return f.state === 'done' ? done : !!r.enrolledAt && !done;
    });
  return rows.sort(
    (a, b) =>
      a.offeringTitle.localeCompare(b.offeringTitle, 'de') ||
      a.lastName.localeCompare(b.lastName, 'de') ||
      a.firstName.localeCompare(b.firstName, 'de'),
  );
}

/** Every offering (also archived) for the report's filter list. */
export async function offeringChoices(): Promise<{ id: number; title: string }[]> {
  const rows = await Offering.findAll({ attributes: ['id', 'title'], order: [['title', 'ASC']] });
  return rows.map((r) => ({ id: r.id, title: r.title }));
}

/** Per person: offerings they are enrolled in and how many of those they completed (the matrix's column). */
export interface OfferingTally {
  enrolled: number;
  done: number;
}

/**
 * The "Weitere Angebote" column of the Lotsen × Q1 matrix and its CSV, for the Lotsen of one page or
 * batch: two reads (their enrolments with the offerings' packages, then the standings of those packages).
 */
export async function offeringTallies(userIds: number[]): Promise<Map<number, OfferingTally>> {
  const result = new Map<number, OfferingTally>();
  if (userIds.length === 0) return result;
  const ties = await OfferingParticipant.findAll({
    where: { userId: userIds, enrolledAt: { [Op.ne]: null } },
    attributes: ['userId', 'offeringId'],
  });
  if (ties.length === 0) return result;
  const offerings = await Offering.findAll({
    where: { id: [...new Set(ties.map((t) => t.offeringId))] },
    attributes: ['id', 'packageId'],
  });
  const packageOf = new Map(offerings.map((o) => [o.id, o.packageId]));
  const standings = await getPackageStandings(
    [...new Set(ties.map((t) => t.userId))],
    [...new Set(offerings.map((o) => o.packageId))],
  );
  for (const t of ties) {
    const packageId = packageOf.get(t.offeringId);
    if (packageId === undefined) continue;
    const tally = result.get(t.userId) ?? { enrolled: 0, done: 0 };
    tally.enrolled += 1;
    if (standings.get(standingKey(t.userId, packageId))?.completed) tally.done += 1;
    result.set(t.userId, tally);
  }
  return result;
}
