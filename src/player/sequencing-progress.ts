/**
 * Saving the activity tree of a sequenced attempt (scorm-again's serialized sequencing state, sent
 * by the player after every navigation step and on suspend) and deriving the attempt's status from
 * it: for sequenced packages the root activity's rolled-up status IS the package status — the
 * per-SCO roll-up in commit.ts only keeps time and progress for them.
 *
 * Order: the page numbers its saves per page load, and every state carries the page's ISO
 * timestamp; a state older than the stored one is answered but ignored (a late beacon after a newer
 * fetch). One transaction, the attempt row locked.
 */
import { Attempt } from './tracking-models';
import { recordEarnedCompletion } from './commit-store';
import { enqueueAttemptResultChanged } from './completion-events';
import { reportResultChange } from './learning-events';
import type { PlayerRuntime } from './player-settings';
import { summarizeSequencingState } from '../scorm';
import { AppError, NoPermissionError, NotFoundError } from '../shared/errors';

export interface SequencingSaveOutcome {
  result: true;
  stale?: true;
  attempt: { completion: string; success: string; progress: number; scoreScaled: number | null };
  earned?: { userId: number; packageId: number; moduleKey: string | null };
}

function readBody(body: string): { state: string; timestamp: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = null;
  }
  const state = parsed && typeof parsed === 'object' ? (parsed as { state?: unknown }).state : undefined;
  if (typeof state !== 'string')
    throw new AppError(400, 'SEQUENCING_STATE_INVALID', 'player.error.sequencing_state_missing');
  let timestamp: string;
  try {
    const t = (JSON.parse(state) as { timestamp?: unknown }).timestamp;
    timestamp = typeof t === 'string' ? t : '';
  } catch {
    throw new AppError(400, 'SEQUENCING_STATE_INVALID', 'player.error.sequencing_state_not_json');
  }
  return { state, timestamp };
}

function storedTimestamp(state: string | null): string {
  if (!state) return '';
  try {
    const t = (JSON.parse(state) as { timestamp?: unknown }).timestamp;
    return typeof t === 'string' ? t : '';
  } catch {
    return '';
  }
}

/** `userId`: the user the launch token was issued to (token-routes.ts checked the token). */
export async function saveSequencingState(
  rt: PlayerRuntime,
  input: {
    attemptId: number;
    userId: number;
    body: string;
  },
): Promise<SequencingSaveOutcome> {
  const { state, timestamp } = readBody(input.body);
  // Before the transaction (see version-catalog.ts): a package with a mastery rule is complete only when passed.
  const masteryRule = (await rt.catalogs.ofAttempt(input.attemptId))?.scos.some((s) => s.hasMasteryRule) ?? false;
  const sequelize = Attempt.sequelize!;
  return sequelize.transaction(async (transaction) => {
    const attempt = Number.isSafeInteger(input.attemptId)
      ? await Attempt.findByPk(input.attemptId, { transaction, lock: transaction.LOCK.UPDATE })
      : null;
    if (!attempt) throw new NotFoundError('player.error.attempt_not_found', 'ATTEMPT_NOT_FOUND');
    if (attempt.userId !== input.userId)
      throw new NoPermissionError('player.error.attempt_not_yours', 'ATTEMPT_NOT_YOURS');
    const sequencing = await rt.sequencing(attempt.versionId);
    if (!sequencing) throw new AppError(409, 'ATTEMPT_NOT_SEQUENCED', 'player.error.not_sequenced');
    const summary = summarizeSequencingState(state, sequencing.rootId);
    if (!summary) throw new AppError(400, 'SEQUENCING_STATE_INVALID', 'player.error.sequencing_state_mismatch');
    const current = {
      completion: attempt.completionStatus,
      success: attempt.successStatus,
      progress: Number(attempt.progress ?? 0),
      scoreScaled: attempt.scoreScaled,
    };
    if (timestamp !== '' && timestamp < storedTimestamp(attempt.sequencingState))
      return { result: true, stale: true, attempt: current };

    const root = summary.root;
    // The root says 'unknown' until rollup has something; the attempt has begun all the same.
    // What the attempt earned stays, whatever a later tree says (see commit.ts).
    const keptCompletion = attempt.completedAt !== null || attempt.completionStatus === 'completed';
    const keptPass = attempt.successStatus === 'passed' && root.success !== 'passed';
    const completion = root.completion === 'completed' || keptCompletion ? 'completed' : 'incomplete';
    const success = keptPass ? 'passed' : root.success;
    const now = new Date();
    const earnsNow =
      completion === 'completed' &&
      success !== 'failed' &&
      (!masteryRule || success === 'passed') &&
      attempt.completedAt === null;
    const changes: Record<string, unknown> = {
      sequencingState: state,
      completionStatus: completion,
      successStatus: success,
      lastActivityAt: now,
    };
    if (root.scaled !== null && !keptPass) changes.scoreScaled = root.scaled;
    if (completion === 'completed') changes.progress = 1;
    if (earnsNow) changes.completedAt = now;
    await Attempt.update(changes, { where: { id: attempt.id }, transaction });

    let earned: SequencingSaveOutcome['earned'];
    if (earnsNow && attempt.credit !== 'no-credit')
      earned = await recordEarnedCompletion(sequelize, transaction, {
        attemptId: attempt.id,
        userId: attempt.userId,
        packageId: attempt.packageId,
        passed: success === 'passed' ? true : null,
        scoreScaled: root.scaled,
        at: now,
      });
    const scoreScaled = keptPass ? current.scoreScaled : (root.scaled ?? current.scoreScaled);
    if (
      attempt.credit !== 'no-credit' &&
      (completion !== attempt.completionStatus ||
        success !== attempt.successStatus ||
        scoreScaled !== attempt.scoreScaled)
    )
      await enqueueAttemptResultChanged(transaction, {
        userId: attempt.userId,
        packageId: attempt.packageId,
        attemptId: attempt.id,
        completion,
        success,
        scoreScaled,
      });
    await reportResultChange(
      rt.events,
      transaction,
      {
        userId: attempt.userId,
        packageId: attempt.packageId,
        attemptId: attempt.id,
        credit: attempt.credit,
        scoreScaled,
        at: now,
      },
      { completion: attempt.completionStatus, success: attempt.successStatus },
      { completion, success },
    );
    return {
      result: true,
      attempt: {
        completion,
        success,
        progress: completion === 'completed' ? 1 : current.progress,
        scoreScaled,
      },
      ...(earned ? { earned } : {}),
    };
  });
}
