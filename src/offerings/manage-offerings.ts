/**
 * Admins publish packages as offerings, change and archive them, and invite people. Every change is
 * one transaction with its audit entry (`offering.create`, `offering.update`, `offering.archive`,
 * `offering.invite`).
 */
import { Op } from 'sequelize';
import { getPackage, listPackages } from '../packages';
import { User, toUserView, type UserView } from '../auth';
import { writeAudit } from '../shared/audit';
import { AppError, NotFoundError, ValidationError } from '../shared/errors';
import { parseInput } from '../shared/web/input';
import { getPackageStandings, standingKey, type PackageStanding } from '../player';
import { authorisationStatuses } from '../enrolment';
import { Offering, OfferingParticipant } from './offering-models';
import { offeringSchema, emailsFrom } from './offering-input';
import { toOfferingView, type OfferingView } from './offering-views';
import { fitsAudience } from './offering-rules';

export async function getOffering(id: number): Promise<OfferingView> {
  const row = id > 0 ? await Offering.findByPk(id) : null;
  if (!row) throw new NotFoundError('offerings.error.not_found', 'OFFERING_NOT_FOUND');
  return toOfferingView(row);
}

/** Packages an admin may publish: every imported package with a version that is not a Q1 module. */
export async function publishablePackages(): Promise<{ id: number; title: string }[]> {
  return (await listPackages())
    .filter((p) => !p.moduleKey && p.latestVersionId !== null)
    .map((p) => ({ id: p.id, title: p.title }));
}

async function checkPackage(packageId: number): Promise<void> {
  let pkg;
  try {
    pkg = await getPackage(packageId);
  } catch {
    throw new ValidationError('error.check_input', { packageId: 'offerings.error.package_required' });
  }
  if (pkg.moduleKey) throw new ValidationError('error.check_input', { packageId: 'offerings.error.q1_package' });
  if (pkg.latestVersionId === null)
    throw new ValidationError('error.check_input', { packageId: 'offerings.error.package_required' });
}

type Columns = Pick<OfferingView, 'packageId' | 'title' | 'description' | 'enrolment' | 'startsOn' | 'endsOn'> & {
  audiences: readonly string[];
  regions: readonly string[];
};
const columns = (v: Columns) => ({
  packageId: v.packageId,
  title: v.title,
  description: v.description,
  audiences: v.audiences.join(','),
  regions: v.regions.join(','),
  enrolment: v.enrolment,
  startsOn: v.startsOn,
  endsOn: v.endsOn,
});

export async function createOffering(input: unknown, actorId: number): Promise<OfferingView> {
  const v = parseInput(offeringSchema, input);
  await checkPackage(v.packageId);
  return Offering.sequelize!.transaction(async (transaction) => {
    const row = await Offering.create({ ...columns(v), createdBy: actorId }, { transaction });
    await writeAudit(
      { actorId, action: 'offering.create', subjectType: 'offering', subjectId: row.id, after: columns(v) },
      transaction,
    );
    return toOfferingView(row);
  });
}

export async function updateOffering(id: number, input: unknown, actorId: number): Promise<OfferingView> {
  const v = parseInput(offeringSchema, input);
  const current = await getOffering(id);
  if (current.packageId !== v.packageId) await checkPackage(v.packageId);
  return Offering.sequelize!.transaction(async (transaction) => {
    const row = (await Offering.findByPk(id, { transaction }))!;
    const before = columns(current);
    await row.update(columns(v), { transaction });
    await writeAudit(
      { actorId, action: 'offering.update', subjectType: 'offering', subjectId: id, before, after: columns(v) },
      transaction,
    );
    return toOfferingView(row);
  });
}

/** Archived offerings disappear for everyone not enrolled; enrolled people keep their progress and confirmation. */
export async function setArchived(id: number, archived: boolean, actorId: number): Promise<OfferingView> {
  await getOffering(id);
  return Offering.sequelize!.transaction(async (transaction) => {
    const row = (await Offering.findByPk(id, { transaction }))!;
    await row.update({ archivedAt: archived ? new Date() : null }, { transaction });
    await writeAudit(
      {
        actorId,
        action: archived ? 'offering.archive' : 'offering.restore',
        subjectType: 'offering',
        subjectId: id,
      },
      transaction,
    );
    return toOfferingView(row);
  });
}

export interface AdminOfferingRow extends OfferingView {
  packageTitle: string;
  enrolled: number;
  invited: number;
}

export async function listOfferingsForAdmin(opts: { archived: boolean }): Promise<AdminOfferingRow[]> {
  const rows = await Offering.findAll({
    where: { archivedAt: opts.archived ? { [Op.ne]: null } : null },
    order: [['createdAt', 'DESC']],
  });
  const packages = new Map((await listPackages()).map((p) => [p.id, p.title]));
  const ties = rows.length
    ? await OfferingParticipant.findAll({
        where: { offeringId: rows.map((r) => r.id) },
        attributes: ['offeringId', 'enrolledAt', 'invitedAt'],
      })
    : [];
  return rows.map((r) => {
    const mine = ties.filter((t) => t.offeringId === r.id);
    return {
      ...toOfferingView(r),
      packageTitle: packages.get(r.packageId) ?? '–',
      enrolled: mine.filter((t) => t.enrolledAt).length,
      invited: mine.filter((t) => t.invitedAt && !t.enrolledAt).length,
    };
  });
}

export interface ParticipantRow {
  user: UserView;
  invitedAt: Date | null;
  enrolledAt: Date | null;
  standing: PackageStanding | null;
}

/** Who is invited to or enrolled in an offering, with their progress in its package. */
export async function participantsOf(offering: OfferingView): Promise<ParticipantRow[]> {
  const ties = await OfferingParticipant.findAll({ where: { offeringId: offering.id }, order: [['id', 'ASC']] });
  if (ties.length === 0) return [];
  const users = new Map(
    (await User.findAll({ where: { id: ties.map((t) => t.userId) } })).map((u) => [u.id, toUserView(u)]),
  );
  const standings = await getPackageStandings(
    ties.map((t) => t.userId),
    [offering.packageId],
  );
  return ties
    .filter((t) => users.has(t.userId))
    .map((t) => ({
      user: users.get(t.userId)!,
      invitedAt: t.invitedAt,
      enrolledAt: t.enrolledAt,
      standing: t.enrolledAt ? (standings.get(standingKey(t.userId, offering.packageId)) ?? null) : null,
    }))
    .sort((a, b) => a.user.lastName.localeCompare(b.user.lastName, 'de'));
}

export interface InvitationOutcome {
  invited: string[];
  already: string[];
  unknown: string[];
  unfit: string[];
}

/**
 * Invites existing accounts by email. People outside the offering's audience (a Lotse to an offering
 * for firms, a tutor) are refused and named; an invitation stands for the region (the admin chose
 * the person).
 */
export async function inviteToOffering(id: number, emailsText: unknown, actorId: number): Promise<InvitationOutcome> {
  const offering = await getOffering(id);
  if (offering.archived) throw new AppError(409, 'OFFERING_ARCHIVED', 'offerings.error.archived');
  const emails = emailsFrom(emailsText);
  if (emails.length === 0)
    throw new ValidationError('error.check_input', { emails: 'offerings.error.emails_required' });
  const users = await User.findAll({ where: { email: emails, active: true } });
  const auth = await authorisationStatuses(users.map((u) => u.id));
  const out: InvitationOutcome = { invited: [], already: [], unknown: [], unfit: [] };
  const byEmail = new Map(users.map((u) => [u.email, u]));
  await Offering.sequelize!.transaction(async (transaction) => {
    for (const email of emails) {
      const u = byEmail.get(email);
      if (!u) {
        out.unknown.push(email);
        continue;
      }
      const name = `${u.firstName} ${u.lastName}`.trim();
      if (!fitsAudience(offering, { role: u.role, omBerater: auth.get(u.id)?.status === 'verified' })) {
        out.unfit.push(name);
        continue;
      }
      const existing = await OfferingParticipant.findOne({ where: { offeringId: id, userId: u.id }, transaction });
      if (existing?.invitedAt || existing?.enrolledAt) {
        out.already.push(name);
        continue;
      }
      if (existing) await existing.update({ invitedAt: new Date(), invitedBy: actorId }, { transaction });
      else
        await OfferingParticipant.create(
          { offeringId: id, userId: u.id, invitedAt: new Date(), invitedBy: actorId },
          { transaction },
        );
      await writeAudit(
        { actorId, action: 'offering.invite', subjectType: 'offering', subjectId: id, subjectUserId: u.id },
        transaction,
      );
      out.invited.push(name);
    }
  });
  return out;
}
