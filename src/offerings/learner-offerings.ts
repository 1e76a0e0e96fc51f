/**
 * What a learner (Lotse or person from a firm) sees of the offerings, enrolment, the player check for
 * people from firms, and the participation confirmation. Every decision goes through offering-rules.
 */
import { Op } from 'sequelize';
import { berlinDate } from '../shared/berlin-time';
import { writeAudit } from '../shared/audit';
import { AppError, NotFoundError } from '../shared/errors';
import { authorisationStatuses } from '../enrolment';
import { getPackageStandings, standingKey, type PackageStanding } from '../player';
import { listCertificatesOfUser, type CertificateIssuer, type CertificateView } from '../certificates';
import type { Role } from '../shared/regions';
import { Offering, OfferingParticipant } from './offering-models';
import { toOfferingView, factsOfOffering, type OfferingView } from './offering-views';
import { canPlay, canSeeOffering, enrolBlocker, phaseOf, type LearnerFacts, type Phase } from './offering-rules';

export interface Learner {
  id: number;
  role: Role;
  region: string | null;
}

export interface OfferingCard extends OfferingView {
  phase: Phase;
  invited: boolean;
  enrolled: boolean;
  canEnrol: boolean;
  standing: PackageStanding | null;
  confirmation: CertificateView | null;
  playUrl: string;
}

const isStaff = (p: Learner) => p.role === 'admin' || p.role === 'tutor';

async function omBerater(userId: number): Promise<boolean> {
  return (await authorisationStatuses([userId])).get(userId)?.status === 'verified';
}

async function ties(userId: number, offeringIds?: number[]) {
  const rows = await OfferingParticipant.findAll({
    where: { userId, ...(offeringIds ? { offeringId: offeringIds } : {}) },
  });
  return new Map(rows.map((r) => [r.offeringId, r]));
}

function factsFor(p: Learner, om: boolean, tie: OfferingParticipant | undefined): LearnerFacts {
  return { role: p.role, region: p.region, omBerater: om, invited: !!tie?.invitedAt, enrolled: !!tie?.enrolledAt };
}

/**
 * The offerings a person sees: learners those meant for them (audience × region × dates × open or
 * invited) plus every one they are enrolled in; staff every offering that is not archived (preview).
 */
export async function offeringsFor(p: Learner, today = berlinDate()): Promise<OfferingCard[]> {
  const mine = await ties(p.id);
  const enrolledIds = [...mine.values()].filter((t) => t.enrolledAt).map((t) => t.offeringId);
  const rows = await Offering.findAll({
    where: { [Op.or]: [{ archivedAt: null }, ...(enrolledIds.length ? [{ id: enrolledIds }] : [])] },
    order: [
      ['startsOn', 'ASC'],
      ['title', 'ASC'],
    ],
  });
  const om = p.role === 'lotse' ? await omBerater(p.id) : false;
  const visible = rows
    .map(toOfferingView)
    .filter((o) => isStaff(p) || canSeeOffering(factsOfOffering(o), factsFor(p, om, mine.get(o.id)), today));
  const enrolledPackages = visible.filter((o) => mine.get(o.id)?.enrolledAt).map((o) => o.packageId);
  const [standings, certificates] = await Promise.all([
    getPackageStandings([p.id], [...new Set(enrolledPackages)]),
    listCertificatesOfUser(p.id),
  ]);
  return visible.map((o) => {
    const facts = factsFor(p, om, mine.get(o.id));
    return {
      ...o,
      phase: phaseOf(o, today),
      invited: facts.invited,
      enrolled: facts.enrolled,
      canEnrol: !isStaff(p) && enrolBlocker(factsOfOffering(o), facts, today) === null,
      standing: facts.enrolled ? (standings.get(standingKey(p.id, o.packageId)) ?? null) : null,
      confirmation:
        certificates.find((c) => c.kind === 'offering' && c.moduleKey === `offering:${o.id}` && c.valid) ?? null,
      playUrl: `/play/${o.packageId}`,
    };
  });
}

/** One offering as the person sees it; 404 when it is not meant for them (its existence stays hidden). */
export async function offeringFor(p: Learner, id: number, today = berlinDate()): Promise<OfferingCard> {
  const card = (await offeringsFor(p, today)).find((o) => o.id === id);
  if (!card) throw new NotFoundError('offerings.error.not_found', 'OFFERING_NOT_FOUND');
  return card;
}

export async function enrol(p: Learner, id: number, today = berlinDate()): Promise<OfferingView> {
  const row = id > 0 ? await Offering.findByPk(id) : null;
  if (!row || isStaff(p)) throw new NotFoundError('offerings.error.not_found', 'OFFERING_NOT_FOUND');
  const offering = toOfferingView(row);
  const tie = (await ties(p.id, [id])).get(id);
  const om = p.role === 'lotse' ? await omBerater(p.id) : false;
  const blocker = enrolBlocker(factsOfOffering(offering), factsFor(p, om, tie), today);
  if (blocker === 'OFFERING_NOT_FOUND') throw new NotFoundError('offerings.error.not_found', blocker);
  if (blocker === 'OFFERING_NOT_STARTED') throw new AppError(409, blocker, 'offerings.error.not_started');
  if (blocker === 'OFFERING_ALREADY_ENROLLED') return offering;
  await Offering.sequelize!.transaction(async (transaction) => {
    if (tie) await tie.update({ enrolledAt: new Date() }, { transaction });
    else await OfferingParticipant.create({ offeringId: id, userId: p.id, enrolledAt: new Date() }, { transaction });
    await writeAudit(
      { actorId: p.id, action: 'offering.enrol', subjectType: 'offering', subjectId: id, subjectUserId: p.id },
      transaction,
    );
  });
  return offering;
}

/**
 * Whether a person from a firm may open a package in the player: only through an offering they are
 * enrolled in and that has started. (Lotsen and staff keep the player's own rules.)
 */
export async function teilnehmerMayPlay(p: Learner, packageId: number, today = berlinDate()): Promise<boolean> {
  const rows = await Offering.findAll({ where: { packageId } });
  if (rows.length === 0) return false;
  const mine = await ties(
    p.id,
    rows.map((r) => r.id),
  );
  return rows.some((r) => canPlay(factsOfOffering(toOfferingView(r)), factsFor(p, false, mine.get(r.id)), today));
}

/** Issues (once) the participation confirmation of a completed offering and returns it. */
export async function requestConfirmation(p: Learner, id: number, issuer: CertificateIssuer) {
  const card = await offeringFor(p, id);
  if (!card.enrolled) throw new NotFoundError('offerings.error.not_found', 'OFFERING_NOT_FOUND');
  const s = card.standing;
  const completion = {
    completed: !!s?.completed,
    passed: s?.passed ?? null,
    completedAt: s?.completedAt ?? null,
    scoreScaled: s?.scoreScaled ?? null,
  };
  return issuer.issueOfferingConfirmation(p.id, { id: card.id, title: card.title, completion });
}
