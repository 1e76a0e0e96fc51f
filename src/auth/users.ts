import { Op, UniqueConstraintError, type Transaction, type WhereOptions } from 'sequelize';
import { User, AuthToken, toUserView, type UserView } from './user-model';
import { hashPassword, checkPassword, hashToken } from './passwords';
import { assertPasswordAcceptable } from './password-policy';
import { issueLinkToken } from './link-token';
import { endSessionsOf } from '../shared/web/session-store';
import { parseInput, newUserSchema, userUpdateSchema, passwordResetSchema } from './user-input';
import { ValidationError, NotFoundError, AppError } from '../shared/errors';
import { writeAudit } from '../shared/audit';
import type { TokenStandings } from './token-epoch';
import type { Role } from '../shared/regions';

const INVITATION_DAYS = 14;
const RESET_HOURS = 2;

function emailTaken(): ValidationError {
  return new ValidationError('error.check_input', { email: 'error.email_taken' }, 'EMAIL_TAKEN');
}

/**
 * Runs inside the transaction that writes a one-time link, with the link's token: the caller writes the
 * mail that carries it into the outbox there, so the link and its mail exist together or not at all.
 */
export type LinkMailHook<R> = (transaction: Transaction, result: R) => Promise<void>;

async function insertUser(data: Partial<User>, transaction?: Transaction): Promise<User> {
  try {
    return await User.create(data, { transaction });
  } catch (err) {
    if (err instanceof UniqueConstraintError) throw emailTaken();
    throw err;
  }
}

/** Creates a user directly (CLI, admin, start-up admin). Without a password the account waits for an invitation. */
export async function createUser(
  input: unknown,
  actorId: number | null = null,
  transaction?: Transaction,
): Promise<UserView> {
  const v = parseInput(newUserSchema, input);
  if (v.password) assertPasswordAcceptable(v.password, v);
  if (await User.findOne({ where: { email: v.email }, transaction })) throw emailTaken();
  const user = await insertUser(
    {
      email: v.email,
      firstName: v.firstName,
      lastName: v.lastName,
      role: v.role,
      region: v.region ?? null,
      passwordHash: v.password ? await hashPassword(v.password) : null,
      // Created by an admin, the CLI or the start-up: the address is trusted (an invitation proves it anyway).
      emailConfirmedAt: new Date(),
    },
    transaction,
  );
  await writeAudit(
    {
      actorId,
      action: 'user.created',
      subjectType: 'user',
      subjectId: user.id,
      subjectUserId: user.id,
      after: { role: v.role, region: v.region ?? null },
    },
    transaction,
  );
  return toUserView(user);
}

export async function verifyCredentials(email: string, password: string): Promise<UserView | null> {
  const user = await User.findOne({ where: { email: String(email).trim().toLowerCase() } });
  const ok = await checkPassword(password, user?.passwordHash ?? null);
  if (!user || !ok || !user.active) return null;
  // Only someone who knows the password learns that the address still waits for its confirmation.
  if (!user.emailConfirmedAt) throw new AppError(403, 'EMAIL_UNCONFIRMED', 'error.email_unconfirmed');
  user.lastLoginAt = new Date();
  await user.save({ fields: ['lastLoginAt'] });
  return toUserView(user);
}

export async function findUser(id: number): Promise<UserView | null> {
  const user = await User.findByPk(id);
  return user && user.active ? toUserView(user) : null;
}

/** The active account with this (already normalised) email address, or null. */
export async function findActiveUserByEmail(email: string): Promise<UserView | null> {
  const user = await User.findOne({ where: { email, active: true } });
  return user ? toUserView(user) : null;
}

export async function getUser(id: number): Promise<UserView> {
  const user = await User.findByPk(id);
  if (!user) throw new NotFoundError('error.user_not_found', 'USER_NOT_FOUND');
  return toUserView(user);
}

export async function countAdmins(): Promise<number> {
  return User.count({ where: { role: 'admin', active: true } });
}

export interface UserListFilter {
  q?: string;
  role?: Role;
  region?: string;
  page?: number;
  perPage?: number;
}

export async function listUsers(filter: UserListFilter) {
  const where: WhereOptions = {};
  if (filter.role) Object.assign(where, { role: filter.role });
  if (filter.region) Object.assign(where, { region: filter.region });
  if (filter.q) {
    const like = `%${filter.q.trim()}%`;
    Object.assign(where, {
      [Op.or]: [{ email: { [Op.like]: like } }, { firstName: { [Op.like]: like } }, { lastName: { [Op.like]: like } }],
    });
  }
  const perPage = filter.perPage ?? 50;
  const page = Math.max(1, filter.page ?? 1);
  const { rows, count } = await User.findAndCountAll({
    where,
    order: [
      ['lastName', 'ASC'],
      ['firstName', 'ASC'],
    ],
    limit: perPage,
    offset: (page - 1) * perPage,
  });
  return { users: rows.map(toUserView), total: count, page, pages: Math.max(1, Math.ceil(count / perPage)) };
}

export async function updateUser(
  id: number,
  input: unknown,
  actorId: number,
  standings: TokenStandings,
): Promise<UserView> {
  const v = parseInput(userUpdateSchema, input);
  const sequelize = User.sequelize!;
  return sequelize.transaction(async (transaction) => {
    const user = await User.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE });
    if (!user) throw new NotFoundError('error.user_not_found', 'USER_NOT_FOUND');
    if (user.role === 'admin' && (v.role !== 'admin' || !v.active) && id === actorId) {
      throw new AppError(422, 'CANNOT_DEMOTE_SELF', 'error.cannot_demote_self');
    }
    const before = {
      role: user.role,
      region: user.region,
      active: user.active,
      firstName: user.firstName,
      lastName: user.lastName,
    };
    await user.update(
      { firstName: v.firstName, lastName: v.lastName, role: v.role, region: v.region, active: v.active },
      { transaction },
    );
    // A deactivated account's open players must stop writing at once (launch tokens, see token-epoch.ts).
    if (before.active && !v.active) await standings.bump(id, transaction);
    const after = {
      role: user.role,
      region: user.region,
      active: user.active,
      firstName: user.firstName,
      lastName: user.lastName,
    };
    const action = before.role !== after.role ? 'user.role_changed' : 'user.updated';
    await writeAudit(
      { actorId, action, subjectType: 'user', subjectId: id, subjectUserId: id, before, after },
      transaction,
    );
    return toUserView(user);
  });
}

/** An invitation is a one-time link that lets the invited person set their password. */
export async function createInvitation(
  input: unknown,
  actorId: number,
  mail?: LinkMailHook<{ user: UserView; token: string; expiresAt: Date }>,
): Promise<{ user: UserView; token: string; expiresAt: Date }> {
  return User.sequelize!.transaction(async (transaction) => {
    const user = await createUser({ ...(input as object), password: undefined }, actorId, transaction);
    const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86400_000);
    const token = await issueLinkToken(
      { userId: user.id, purpose: 'invitation', expiresAt, createdBy: actorId },
      transaction,
    );
    const result = { user, token, expiresAt };
    await mail?.(transaction, result);
    return result;
  });
}

export async function createPasswordReset(
  email: string,
  mail?: LinkMailHook<{ user: UserView; token: string }>,
): Promise<{ user: UserView; token: string } | null> {
  const user = await User.findOne({
    where: {
      email: String(email ?? '')
        .trim()
        .toLowerCase(),
      active: true,
    },
  });
  if (!user) return null;
  return User.sequelize!.transaction(async (transaction) => {
    const token = await issueLinkToken(
      { userId: user.id, purpose: 'password_reset', expiresAt: new Date(Date.now() + RESET_HOURS * 3600_000) },
      transaction,
    );
    const result = { user: toUserView(user), token };
    await mail?.(transaction, result);
    return result;
  });
}

/** Looks a link token up; returns the user when it is unused and unexpired. */
export async function peekLinkToken(token: string, purpose: 'invitation' | 'password_reset'): Promise<UserView | null> {
  const row = await AuthToken.findOne({ where: { tokenHash: hashToken(String(token)), purpose } });
  if (!row || row.usedAt || (row.expiresAt && row.expiresAt < new Date())) return null;
  const user = await User.findByPk(row.userId);
  return user && user.active ? toUserView(user) : null;
}

/** Sets the password through a link; the token is spent in the same transaction, so a link works once. */
export async function setPasswordWithToken(
  token: string,
  purpose: 'invitation' | 'password_reset',
  input: unknown,
  standings: TokenStandings,
): Promise<UserView> {
  const v = parseInput(passwordResetSchema, input);
  const owner = await peekLinkToken(token, purpose);
  if (owner) assertPasswordAcceptable(v.password, owner);
  const passwordHash = await hashPassword(v.password);
  return User.sequelize!.transaction(async (transaction) => {
    const row = await AuthToken.findOne({
      where: { tokenHash: hashToken(String(token)), purpose },
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
    if (!row || row.usedAt || (row.expiresAt && row.expiresAt < new Date())) {
      throw new AppError(410, 'LINK_INVALID', 'error.link_invalid');
    }
    const user = await User.findByPk(row.userId, { transaction });
    if (!user || !user.active) throw new AppError(410, 'LINK_INVALID', 'error.link_invalid');
    // Following a mailed link proves the address; a new password ends every session of the account.
    await user.update({ passwordHash, emailConfirmedAt: user.emailConfirmedAt ?? new Date() }, { transaction });
    await endSessionsOf(user.id, { transaction });
    if (purpose === 'password_reset') await standings.bump(user.id, transaction);
    await row.update({ usedAt: new Date() }, { transaction });
    // A reset also ends other pending reset links of this account.
    await AuthToken.update({ usedAt: new Date() }, { where: { userId: user.id, purpose, usedAt: null }, transaction });
    await writeAudit(
      {
        actorId: user.id,
        action: purpose === 'invitation' ? 'user.invitation_accepted' : 'user.password_reset',
        subjectType: 'user',
        subjectId: user.id,
        subjectUserId: user.id,
      },
      transaction,
    );
    return toUserView(user);
  });
}

/** API tokens live in api-tokens.ts; these two stay importable from here for existing scripts and tests. */
export { createApiToken, userForApiToken } from './api-tokens';

/** Scheduled clean-up (src/jobs): invitation, reset and confirmation tokens expired or used before `before`. API tokens stay. */
export async function deleteStaleTokens(before: Date): Promise<number> {
  return AuthToken.destroy({
    where: {
      purpose: { [Op.ne]: 'api' },
      [Op.or]: [{ expiresAt: { [Op.lt]: before } }, { usedAt: { [Op.lt]: before } }],
    },
  });
}
