/**
 * Launch data for one SCO: the object the page hands to scorm-again's `loadFromJSON` before
 * `Initialize` (built by scorm/cmi `buildLaunchData` from the stored CMI), plus the launch number
 * the page puts into its commit URL. A normal launch counts a session (session_count, first/last
 * launch); a review launch changes nothing.
 */
import { Attempt, ScoAttempt } from './tracking-models';
import { loadAttemptFor } from './attempts';
import { buildLaunchData, type LaunchMode } from '../scorm';
import { AppError, NotFoundError } from '../shared/errors';
import type { UserView } from '../auth';
import type { PlayerRuntime } from './player-settings';
import { contentBaseFor } from '../packages';

export interface LaunchResult {
  attemptId: number;
  scoId: number;
  scormVersion: '1.2' | '2004';
  mode: LaunchMode;
  credit: 'credit' | 'no-credit';
  /** session_count after this launch; 0 for review (no commits). */
  launch: number;
  /** Signed launch token for this SCO and launch (commits, keep-alive, sequencing saves); absent in review. */
  token?: string;
  tokenExpiresAt?: number;
  cmi: Record<string, unknown>;
  /** `<content origin>/c/<capability>/`: a fresh capability with every launch (the player renews it so). */
  contentBase: string;
}

export async function launchSco(
  rt: PlayerRuntime,
  input: {
    attemptId: number;
    scoId: number;
    user: UserView;
    token: unknown;
    review: boolean;
  },
): Promise<LaunchResult> {
  const { user } = input;
  const catalog = await rt.catalogs.ofAttempt(input.attemptId);
  if (!catalog) throw new NotFoundError('player.error.attempt_not_found', 'ATTEMPT_NOT_FOUND');
  const standing = input.review ? null : await rt.standings.of(user.id);
  const sequelize = Attempt.sequelize!;
  return sequelize.transaction(async (transaction) => {
    const attempt = await loadAttemptFor(input.attemptId, user.id, input.token, transaction);
    const sco = catalog.byId.get(input.scoId);
    if (!sco) throw new NotFoundError('player.error.sco_not_in_attempt', 'SCO_NOT_IN_ATTEMPT');
    if (sco.scormType !== 'sco') throw new AppError(409, 'SCO_IS_ASSET', 'player.error.sco_is_asset');
    const row = await ScoAttempt.findOne({
      where: { attemptId: attempt.id, scoId: sco.id },
      transaction,
      lock: transaction.LOCK.UPDATE,
    });
    if (!row) throw new NotFoundError('player.error.sco_attempt_not_found', 'SCO_ATTEMPT_NOT_FOUND');

    const review = input.review;
    const credit = review || attempt.credit === 'no-credit' ? 'no-credit' : 'credit';
    const mode: LaunchMode = review ? 'review' : 'normal';
    const cmi = buildLaunchData(catalog.scormVersion, {
      previousCmi: row.cmiJson ? JSON.parse(row.cmiJson) : undefined,
      totalTimeCs: row.totalTimeCs,
      learner: { id: String(user.id), firstName: user.firstName, lastName: user.lastName },
      sco: {
        dataFromLms: sco.dataFromLms,
        masteryScore: sco.rules.masteryScore,
        maxTimeAllowed: sco.maxTimeAllowed,
        timeLimitAction: sco.timeLimitAction,
        completionThreshold: sco.rules.completionThreshold,
        scaledPassingScore: sco.rules.scaledPassingScore,
      },
      mode,
      credit,
    });

    let launch = 0;
    if (!review) {
      const now = new Date();
      launch = row.sessionCount + 1;
      await ScoAttempt.update(
        { sessionCount: launch, firstLaunchAt: row.firstLaunchAt ?? now, lastLaunchAt: now },
        { where: { id: row.id }, transaction },
      );
      await Attempt.update({ currentScoId: sco.id, lastActivityAt: now }, { where: { id: attempt.id }, transaction });
      if (rt.events && credit === 'credit')
        await rt.events.launched(transaction, {
          userId: user.id,
          packageId: attempt.packageId,
          attemptId: attempt.id,
          scoAttemptId: row.id,
          scoIdentifier: sco.identifier,
          scoTitle: sco.title,
          launch,
          at: now,
        });
    }
    const signed = standing
      ? rt.tokens.sign({ userId: user.id, attemptId: attempt.id, scoId: sco.id, launch, epoch: standing.epoch })
      : null;
    const { base: contentBase } = contentBaseFor(rt.packages.content, catalog.versionId, user.id);
    return {
      attemptId: attempt.id,
      scoId: sco.id,
      scormVersion: catalog.scormVersion,
      mode,
      credit,
      launch,
      cmi,
      contentBase,
      ...(signed ? { token: signed.token, tokenExpiresAt: signed.expiresAt } : {}),
    };
  });
}
