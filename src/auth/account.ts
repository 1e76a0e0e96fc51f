import { User, toUserView, type UserView } from './user-model';
import { hashPassword, checkPassword } from './passwords';
import { parseInput, passwordChangeSchema } from './user-input';
import { assertPasswordAcceptable } from './password-policy';
import { NotFoundError, ValidationError } from '../shared/errors';
import { writeAudit } from '../shared/audit';
import { endSessionsOf, countSessionsOf } from '../shared/web/session-store';
import type { TokenStandings } from './token-epoch';
import { addMessages } from '../shared/i18n';

addMessages({
  de: {
    'audit.action.user.password_changed': 'Passwort geändert',
    'audit.action.user.sessions_ended': 'Sitzungen beendet',
    'audit.action.user.registered': 'Registrierung bestätigt',
  },
  en: {
    'audit.action.user.password_changed': 'Password changed',
    'audit.action.user.sessions_ended': 'Sessions ended',
    'audit.action.user.registered': 'Registration confirmed',
  },
});

/**
 * A person's own account: change the password (which ends their other sessions) and end all their
 * sessions ("Überall abmelden"); admins end someone else's sessions. Ending a session deletes its row,
 * so the next request on any device finds no session and asks for a login.
 */
export async function changePassword(
  userId: number,
  input: unknown,
  currentSid: string,
  standings: TokenStandings,
): Promise<UserView> {
  const v = parseInput(passwordChangeSchema, input);
  const user = await User.findByPk(userId);
  if (!user || !user.active) throw new NotFoundError('error.user_not_found', 'USER_NOT_FOUND');
  if (!(await checkPassword(v.currentPassword, user.passwordHash))) {
    throw new ValidationError(
      'error.check_input',
      { currentPassword: 'error.current_password_wrong' },
      'CURRENT_PASSWORD_WRONG',
    );
  }
  assertPasswordAcceptable(v.password, user);
  const passwordHash = await hashPassword(v.password);
  return User.sequelize!.transaction(async (transaction) => {
    await user.update({ passwordHash }, { transaction });
    const ended = await endSessionsOf(userId, { exceptSid: currentSid, transaction });
    // Launch tokens of players still open elsewhere stop too (this device's player asks for a new one).
    await standings.bump(userId, transaction);
    await writeAudit(
      {
        actorId: userId,
        action: 'user.password_changed',
        subjectType: 'user',
        subjectId: userId,
        subjectUserId: userId,
        after: { sessionsEnded: ended },
      },
      transaction,
    );
    return toUserView(user);
  });
}

/** "Überall abmelden": every session of the account ends, this one included. */
export async function endAllMySessions(userId: number, standings: TokenStandings): Promise<number> {
  const ended = await endSessionsOf(userId);
  await standings.bump(userId);
  await writeAudit({
    actorId: userId,
    action: 'user.sessions_ended',
    subjectType: 'user',
    subjectId: userId,
    subjectUserId: userId,
    after: { sessionsEnded: ended },
  });
  return ended;
}

/** An admin ends all sessions of an account (a lost laptop, a leaving colleague); audited. */
export async function endSessionsByAdmin(userId: number, actorId: number, standings: TokenStandings): Promise<number> {
  if (!Number.isSafeInteger(userId) || !(await User.findByPk(userId)))
    throw new NotFoundError('error.user_not_found', 'USER_NOT_FOUND');
  const ended = await endSessionsOf(userId);
  await standings.bump(userId);
  await writeAudit({
    actorId,
    action: 'user.sessions_ended',
    subjectType: 'user',
    subjectId: userId,
    subjectUserId: userId,
    after: { sessionsEnded: ended },
  });
  return ended;
}

export { countSessionsOf as countSessions };
