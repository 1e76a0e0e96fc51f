import { UniqueConstraintError, type Transaction } from 'sequelize';
import { User, AuthToken, toUserView, type UserView } from './user-model';
import { hashPassword, hashToken } from './passwords';
import { issueLinkToken } from './link-token';
import { parseInput, registrationSchema } from './user-input';
import { assertPasswordAcceptable } from './password-policy';
import { AppError } from '../shared/errors';
import { writeAudit } from '../shared/audit';

const CONFIRM_DAYS = 2;

/**
 * What a registration leads to. The page answers the same in both cases ("check your mail"), so the
 * form does not tell whether an address has an account; only the mail differs, and only the owner
 * of the mailbox reads it.
 */
export type RegistrationOutcome =
  | { kind: 'confirm'; user: UserView; token: string } // new (or still unconfirmed) account: mail the confirmation link
  | { kind: 'known'; user: UserView }; // the address has an account: tell its owner someone tried

/** Self-registration as Lotse. The account can log in once the mailed link has been followed. */
export async function registerLotse(
  input: unknown,
  mail?: (transaction: Transaction, outcome: RegistrationOutcome) => Promise<void>,
): Promise<RegistrationOutcome> {
  const v = parseInput(registrationSchema, input);
  assertPasswordAcceptable(v.password, v);
  // Hashed in every case, so the answer takes as long for a known address as for a new one.
  const passwordHash = await hashPassword(v.password);
  const data = { firstName: v.firstName, lastName: v.lastName, region: v.region, passwordHash };
  return User.sequelize!.transaction(async (transaction) => {
    let user = await User.findOne({ where: { email: v.email }, transaction, lock: transaction.LOCK.UPDATE });
    if (user?.emailConfirmedAt) {
      const known: RegistrationOutcome = { kind: 'known', user: toUserView(user) };
      await mail?.(transaction, known);
      return known;
    }
    if (user) {
      // An unconfirmed registration is replaced by the newest one; only the mailbox owner can confirm it.
      await user.update(data, { transaction });
      await AuthToken.update(
        { usedAt: new Date() },
        { where: { userId: user.id, purpose: 'email_confirmation', usedAt: null }, transaction },
      );
    } else {
      try {
        user = await User.create({ ...data, email: v.email, role: 'lotse', emailConfirmedAt: null }, { transaction });
      } catch (err) {
        if (err instanceof UniqueConstraintError) throw new AppError(409, 'REGISTRATION_CONFLICT', 'error.try_again');
        throw err;
      }
    }
    const token = await issueLinkToken(
      { userId: user.id, purpose: 'email_confirmation', expiresAt: new Date(Date.now() + CONFIRM_DAYS * 86400_000) },
      transaction,
    );
    const outcome: RegistrationOutcome = { kind: 'confirm', user: toUserView(user), token };
    await mail?.(transaction, outcome);
    return outcome;
  });
}

/** Follows a confirmation link: the account may log in from now on. A link works once. */
export async function confirmEmail(token: string): Promise<UserView> {
  return User.sequelize!.transaction(async (transaction) => {
    const row = await AuthToken.findOne({
      where: { tokenHash: hashToken(String(token)), purpose: 'email_confirmation' },
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
    const user =
      row && !row.usedAt && (!row.expiresAt || row.expiresAt > new Date())
        ? await User.findByPk(row.userId, { transaction })
        : null;
    if (!row || !user || !user.active) throw new AppError(410, 'LINK_INVALID', 'error.link_invalid');
    await row.update({ usedAt: new Date() }, { transaction });
    if (!user.emailConfirmedAt) {
      await user.update({ emailConfirmedAt: new Date() }, { transaction });
      await writeAudit(
        {
          actorId: user.id,
          action: 'user.registered',
          subjectType: 'user',
          subjectId: user.id,
          subjectUserId: user.id,
          after: { role: user.role, region: user.region },
        },
        transaction,
      );
    }
    return toUserView(user);
  });
}
