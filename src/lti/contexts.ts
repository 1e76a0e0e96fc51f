/**
 * LTI contexts (a platform's course) and who belongs to them here: an instructor (launched as
 * Instructor, or imported as one) or a learner (launched as Learner, or imported). A tutor who is an
 * instructor of a context sees its learners in the reports (src/reports/report-scope.ts reads
 * `lti_context_members`) and may import its NRPS member list. The memberships URL is only ever taken
 * from a signed launch, never from a form.
 */
import { Op, UniqueConstraintError, type Transaction } from 'sequelize';
import { LtiContext, LtiContextMember, LtiPlatform, type ContextRole } from './lti-models';
import { CLAIM, isInstructor, isLearner } from './claims';
import { ltiError } from './launch-validation';

const str = (v: unknown, max: number) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : null);

function httpUrl(v: unknown): string | null {
  if (typeof v !== 'string' || v.length > 1000) return null;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null;
  } catch {
    return null;
  }
}

/** Creates or refreshes the context row of a launch; null when the launch names no context. */
export async function contextOfLaunch(
  platform: LtiPlatform,
  claims: Record<string, unknown>,
): Promise<LtiContext | null> {
  const ctx = claims[CLAIM.context] as { id?: unknown; title?: unknown; label?: unknown } | undefined;
  const contextId = str(ctx?.id, 191);
  if (!contextId) return null;
  const nrps = claims[CLAIM.nrps] as { context_memberships_url?: unknown; service_versions?: unknown } | undefined;
  const versions = Array.isArray(nrps?.service_versions) ? nrps.service_versions : ['2.0'];
  const membershipsUrl = versions.includes('2.0') ? httpUrl(nrps?.context_memberships_url) : null;
  const values = {
    title: str(ctx?.title, 255),
    label: str(ctx?.label, 100),
    ...(membershipsUrl ? { membershipsUrl } : {}),
  };
  const where = { platformId: platform.id, contextId };
  const existing = await LtiContext.findOne({ where });
  if (existing) {
    existing.set(values);
    existing.changed('updatedAt', true);
    return existing.save();
  }
  try {
    return await LtiContext.create({ ...where, ...values });
  } catch (err) {
    if (!(err instanceof UniqueConstraintError)) throw err;
    return (await LtiContext.findOne({ where }))!;
  }
}

/** Records that a user is an instructor or learner of a context (idempotent). True when new. */
export async function addContextMember(
  contextRowId: number,
  userId: number,
  role: ContextRole,
  source: 'launch' | 'nrps',
  transaction?: Transaction,
): Promise<boolean> {
  const where = { ltiContextId: contextRowId, userId, role };
  const existing = await LtiContextMember.findOne({ where, transaction });
  if (existing) {
    existing.changed('updatedAt', true);
    await existing.save({ transaction });
    return false;
  }
  try {
    await LtiContextMember.create({ ...where, source }, { transaction });
    return true;
  } catch (err) {
    if (!(err instanceof UniqueConstraintError)) throw err;
    return false;
  }
}

/** The platform says this person left the context (NRPS Inactive/Deleted): no longer its learner here. */
export async function removeContextLearner(contextRowId: number, userId: number): Promise<boolean> {
  return (await LtiContextMember.destroy({ where: { ltiContextId: contextRowId, userId, role: 'learner' } })) > 0;
}

/** After a resource-link launch of a known account: the context and this person's role in it. */
export async function recordLaunchContext(
  platform: LtiPlatform,
  claims: Record<string, unknown>,
  userId: number,
): Promise<void> {
  const roles = claims[CLAIM.roles];
  const role: ContextRole | null = isInstructor(roles) ? 'instructor' : isLearner(roles) ? 'learner' : null;
  const context = await contextOfLaunch(platform, claims);
  if (context && role) await addContextMember(context.id, userId, role, 'launch');
}

export interface ContextView {
  id: number;
  contextId: string;
  title: string;
  label: string | null;
  platformName: string;
  issuer: string;
  hasMemberships: boolean;
  learners: number;
  lastSeen: Date;
}

/** Contexts a viewer may import from: admins all, anyone else those they are an instructor of. */
export async function contextsFor(viewer: { id: number; role: string }): Promise<ContextView[]> {
  let where = {};
  if (viewer.role !== 'admin') {
    const mine = await LtiContextMember.findAll({ where: { userId: viewer.id, role: 'instructor' } });
    where = { id: mine.map((m) => m.ltiContextId) };
  }
  const rows = await LtiContext.findAll({ where, order: [['updatedAt', 'DESC']], limit: 200 });
  if (!rows.length) return [];
  const platforms = await LtiPlatform.findAll({ where: { id: [...new Set(rows.map((r) => r.platformId))] } });
  const learners = await LtiContextMember.findAll({
    where: { ltiContextId: rows.map((r) => r.id), role: 'learner' },
    attributes: ['ltiContextId'],
  });
  return rows.map((r) => {
    const p = platforms.find((x) => x.id === r.platformId);
    return {
      id: r.id,
      contextId: r.contextId,
      title: r.title ?? r.label ?? r.contextId,
      label: r.label,
      platformName: p?.name || p?.issuer || '–',
      issuer: p?.issuer ?? '',
      hasMemberships: Boolean(r.membershipsUrl),
      learners: learners.filter((l) => l.ltiContextId === r.id).length,
      lastSeen: r.updatedAt,
    };
  });
}

/** The context row if the viewer may import it (admin, or an instructor of it); 404/403 otherwise. */
export async function contextForImport(
  viewer: { id: number; role: string },
  id: number,
): Promise<{ context: LtiContext; platform: LtiPlatform }> {
  const context = await LtiContext.findByPk(id);
  const platform = context ? await LtiPlatform.findByPk(context.platformId) : null;
  if (!context || !platform) throw ltiError('LTI_CONTEXT_UNKNOWN', 404);
  if (viewer.role !== 'admin') {
    const taught = await LtiContextMember.findOne({
      where: { ltiContextId: id, userId: viewer.id, role: 'instructor' },
    });
    if (!taught) throw ltiError('LTI_CONTEXT_NOT_YOURS', 403);
  }
  return { context, platform };
}

/** Which of these users are recorded as learners of the context. */
export async function learnerRowsOf(contextRowId: number, userIds: number[]): Promise<Set<number>> {
  if (!userIds.length) return new Set();
  const rows = await LtiContextMember.findAll({
    where: { ltiContextId: contextRowId, role: 'learner', userId: { [Op.in]: userIds } },
  });
  return new Set(rows.map((r) => r.userId));
}
