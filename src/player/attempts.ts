/**
 * Attempts: which attempt a learner plays, on which version, with which commit token.
 * - A learner's current attempt is their newest one. It stays on the version it started on, even
 *   after a new upload; a new attempt (only offered once the current one is completed) takes the
 *   newest version. A completion once earned stays in package_completions.
 * - Tutors and admins may open any package too (preview). Their attempts are tracked like any other
 *   (so they can resume) but carry credit 'no-credit' and never create a package completion.
 */
import type { Transaction } from 'sequelize';
import { Attempt, ScoAttempt } from './tracking-models';
import type { VersionCatalogs } from './version-catalog';
import { newAttemptToken, attemptTokenMatches } from './attempt-token';
import { getPackage } from '../packages';
import { NoPermissionError, NotFoundError } from '../shared/errors';
import type { UserView } from '../auth';

declare module 'express-session' {
  interface SessionData {
    /** attempt id → plain commit token of the attempts this session opened (see tokenForAttempt). */
    attemptTokens?: Record<string, string>;
  }
}

export interface AttemptRef {
  id: number;
  userId: number;
  packageId: number;
  versionId: number;
  number: number;
  credit: 'credit' | 'no-credit';
  completionStatus: string;
  successStatus: string;
  progress: number;
  scoreScaled: number | null;
  currentScoId: number | null;
  completedAt: Date | null;
}

export function toAttemptRef(a: Attempt): AttemptRef {
  return {
    id: a.id,
    userId: a.userId,
    packageId: a.packageId,
    versionId: a.versionId,
    number: a.number,
    credit: a.credit === 'no-credit' ? 'no-credit' : 'credit',
    completionStatus: a.completionStatus,
    successStatus: a.successStatus,
    progress: Number(a.progress ?? 0),
    scoreScaled: a.scoreScaled,
    currentScoId: a.currentScoId,
    completedAt: a.completedAt,
  };
}

/** Learners' attempts count: Lotsen and people from firms (offerings); staff previews do not. */
export const creditFor = (user: Pick<UserView, 'role'>): 'credit' | 'no-credit' =>
  user.role === 'lotse' || user.role === 'teilnehmer' ? 'credit' : 'no-credit';

export async function findCurrentAttempt(userId: number, packageId: number): Promise<AttemptRef | null> {
  const a = await Attempt.findOne({ where: { userId, packageId }, order: [['number', 'DESC']] });
  return a ? toAttemptRef(a) : null;
}

/**
 * Starts attempt n+1 on the package's newest version, with one tracking row per SCO (so a commit
 * never has to create one, and reports see every SCO). Returns the new attempt's token once.
 */
export async function startAttempt(
  catalogs: VersionCatalogs,
  user: UserView,
  packageId: number,
): Promise<{ attempt: AttemptRef; token: string }> {
  const pkg = await getPackage(packageId);
  if (pkg.latestVersionId === null)
    throw new NotFoundError('player.error.package_no_version', 'PACKAGE_VERSION_NOT_FOUND');
  const catalog = await catalogs.ofVersion(pkg.latestVersionId);
  const { token, hash } = newAttemptToken();
  const sequelize = Attempt.sequelize!;
  const attempt = await sequelize.transaction(async (transaction) => {
    const last = await Attempt.max<number, Attempt>('number', { where: { userId: user.id, packageId }, transaction });
    const now = new Date();
    const created = await Attempt.create(
      {
        userId: user.id,
        packageId,
        versionId: catalog.versionId,
        number: (last ?? 0) + 1,
        tokenHash: hash,
        credit: creditFor(user),
        startedAt: now,
      },
      { transaction },
    );
    await ScoAttempt.bulkCreate(
      catalog.scos.map((sco) => ({ attemptId: created.id, scoId: sco.id, userId: user.id })),
      { transaction },
    );
    return created;
  });
  return { attempt: toAttemptRef(attempt), token };
}

/**
 * Gives the page a usable token for an existing attempt. Tokens are random and only their hash is
 * stored, so the plain token lives in the learner's server-side session; a new session (another
 * login) gets a fresh token, which retires the old one.
 */
export async function tokenForAttempt(
  attempt: AttemptRef,
  session: { attemptTokens?: Record<string, string> },
): Promise<string> {
  const known = session.attemptTokens?.[attempt.id];
  const row = await Attempt.findByPk(attempt.id, { attributes: ['id', 'tokenHash'] });
  if (!row) throw new NotFoundError();
  if (known && attemptTokenMatches(known, row.tokenHash)) return known;
  const { token, hash } = newAttemptToken();
  await Attempt.update({ tokenHash: hash }, { where: { id: attempt.id } });
  rememberToken(session, attempt.id, token);
  return token;
}

export function rememberToken(
  session: { attemptTokens?: Record<string, string> },
  attemptId: number,
  token: string,
): void {
  const entries = Object.entries(session.attemptTokens ?? {})
    .filter(([id]) => Number(id) !== attemptId)
    .slice(-9);
  session.attemptTokens = Object.fromEntries([...entries, [String(attemptId), token]]);
}

/**
 * The authorisation of every runtime request: the attempt must belong to the logged-in user AND
 * the URL token must match. Another learner's attempt is a 403 whatever token comes with it.
 */
export function checkAttemptAccess(
  attempt: Pick<Attempt, 'userId' | 'tokenHash'> | null,
  userId: number | undefined,
  token: unknown,
): void {
  if (!attempt) throw new NotFoundError('player.error.attempt_not_found', 'ATTEMPT_NOT_FOUND');
  if (userId === undefined || attempt.userId !== userId)
    throw new NoPermissionError('player.error.attempt_not_yours', 'ATTEMPT_NOT_YOURS');
  if (!attemptTokenMatches(token, attempt.tokenHash))
    throw new NoPermissionError('player.error.attempt_token_invalid', 'ATTEMPT_TOKEN_INVALID');
}

export async function loadAttemptFor(
  attemptId: number,
  userId: number | undefined,
  token: unknown,
  transaction?: Transaction,
): Promise<Attempt> {
  const attempt = Number.isSafeInteger(attemptId)
    ? await Attempt.findByPk(attemptId, { transaction, lock: transaction ? transaction.LOCK.UPDATE : undefined })
    : null;
  checkAttemptAccess(attempt, userId, token);
  return attempt!;
}
