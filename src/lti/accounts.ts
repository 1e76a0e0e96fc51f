/**
 * Who a launch is: matched by (issuer, sub) to a linked account; otherwise a new Lotse account made
 * from the name and email claims. When an account with that email already exists, the link waits
 * (`pending_user_id`) until that person logs in here once and confirms it — an LMS saying "this is
 * anna@…" is not proof enough to hand over Anna's account. Instructors get a tutor account; nothing
 * here ever grants admin, and an existing account's role is never changed by a launch.
 */
import crypto from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import { LtiAccountLink, type LtiPlatform } from './lti-models';
import { User, createUser, findUser, type UserView } from '../auth';
import { writeAudit } from '../shared/audit';
import { ltiError } from './launch-validation';

export type LaunchAccount = { kind: 'user'; user: UserView; created: boolean } | { kind: 'confirm'; linkId: number };

const str = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

function namesOf(claims: Record<string, unknown>): { firstName: string; lastName: string } {
  let firstName = str(claims.given_name, 100);
  let lastName = str(claims.family_name, 100);
  const full = str(claims.name, 201);
  if ((!firstName || !lastName) && full) {
    const parts = full.split(/\s+/);
    lastName ||= parts.length > 1 ? parts.pop()!.slice(0, 100) : '';
    firstName ||= parts.join(' ').slice(0, 100);
  }
  return { firstName: firstName || 'LTI', lastName: lastName || 'Teilnehmende' };
}

function emailOf(claims: Record<string, unknown>): string | null {
  const e = str(claims.email, 191).toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) ? e : null;
}

export async function accountForLaunch(
  platform: LtiPlatform,
  claims: Record<string, unknown>,
  instructor: boolean,
  /** Who caused it: null for a launch, the importing tutor or admin for an NRPS import. */
  actorId: number | null = null,
): Promise<LaunchAccount> {
  const sub = String(claims.sub);
  const existing = await LtiAccountLink.findOne({ where: { issuer: platform.issuer, sub } });
  if (existing?.userId) {
    const user = await findUser(existing.userId);
    if (!user) throw ltiError('LTI_ACCOUNT_INACTIVE', 403);
    return { kind: 'user', user, created: false };
  }
  const email = emailOf(claims);
  const owner = email ? await User.findOne({ where: { email } }) : null;
  if (owner) {
    const link = existing ?? (await linkRow(platform.issuer, sub, { pendingUserId: owner.id, email }));
    if (link.pendingUserId !== owner.id) await link.update({ pendingUserId: owner.id, email });
    return { kind: 'confirm', linkId: link.id };
  }
  const hash = crypto.createHash('sha256').update(`${platform.issuer}\n${sub}`).digest('hex').slice(0, 16);
  const user = await createUser({
    ...namesOf(claims),
    email: email ?? `lti-${hash}@lti.gezu.invalid`,
    role: instructor ? 'tutor' : 'lotse',
    region: null,
  });
  if (existing) await existing.update({ userId: user.id, pendingUserId: null });
  else await linkRow(platform.issuer, sub, { userId: user.id, email });
  await writeAudit({
    actorId,
    action: 'lti.account.created',
    subjectType: 'lti_platform',
    subjectId: platform.id,
    subjectUserId: user.id,
    after: { issuer: platform.issuer, sub, role: user.role },
  });
  return { kind: 'user', user, created: true };
}

async function linkRow(issuer: string, sub: string, values: Partial<LtiAccountLink>): Promise<LtiAccountLink> {
  try {
    return await LtiAccountLink.create({ issuer, sub, ...values });
  } catch (err) {
    // Two launches of a new person at once: the other one made the row.
    if (!(err instanceof UniqueConstraintError)) throw err;
    const row = await LtiAccountLink.findOne({ where: { issuer, sub } });
    if (!row) throw err;
    return row;
  }
}

/** The person logged in as the account the link waits for: link it (audited). Anyone else: refused. */
export async function confirmLink(linkId: number, userId: number): Promise<void> {
  const link = await LtiAccountLink.findByPk(linkId);
  if (!link || link.pendingUserId !== userId) throw ltiError('LTI_LINK_NOT_YOURS', 403);
  await link.update({ userId, pendingUserId: null });
  await writeAudit({
    actorId: userId,
    action: 'lti.account.linked',
    subjectType: 'lti_link',
    subjectId: link.id,
    subjectUserId: userId,
    after: { issuer: link.issuer, sub: link.sub },
  });
}
