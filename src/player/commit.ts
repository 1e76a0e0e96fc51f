/**
 * One SCORM commit = one transaction: lock the attempt and its tracking rows, drop a stale commit,
 * validate the CMI, derive the columns, accumulate time, store, roll up, and record a completion.
 *
 * Sequence: scorm-again's counter restarts with every page load, so the page numbers its commits
 * itself (1, 2, … per launch) and the URL carries the launch number the server gave it (the SCO's
 * session_count after that launch). seq = launch × 1,000,000 + commitSequence is monotonic across
 * launches; a commit with seq ≤ the stored seq is stale (late, replayed or reordered): it is
 * answered with success, so the SCO shows no error, but changes nothing except a counter.
 *
 * Time: session_time grows within a session and is repeated in every commit. The row keeps the
 * session_time last applied for the launch in its seq; a commit of the same launch adds only the
 * difference, a commit of a newer launch adds its whole session_time. So an intermediate commit
 * plus the final one never count a session twice, and a lost final commit loses little.
 */
import { Attempt, PackageCompletion } from './tracking-models';
import { checkAttemptAccess } from './attempts';
import { lockAttemptWithRows, writeScoRow, countStaleCommit, type LockedRow, type RowChanges } from './commit-store';
import { catalogForAttempt } from './version-catalog';
import { rollupAttempt, type ScoState } from './rollup';
import { sequencingFor } from './sequencing-definition';
import { deriveTracking, readCommitBody, validateCmi, type CmiProblem } from '../scorm';
import { AppError, NotFoundError } from '../shared/errors';

export const LAUNCH_FACTOR = 1_000_000;
/** Attempt.last_activity_at is refreshed at most this often by commits (one write fewer per commit). */
const ACTIVITY_RESOLUTION_MS = 60_000;

export interface CommitInput {
  attemptId: number;
  scoId: number;
  userId: number | undefined;
  token: unknown;
  launch: unknown;
  /** The raw request body (JSON as text, whatever the content type said). */
  body: string;
}

export interface CommitOutcome {
  result: true;
  errorCode: 0;
  stale?: true;
  problems?: CmiProblem[];
  sco?: { id: number; completion: string; success: string };
  attempt?: { completion: string; success: string; progress: number; scoreScaled: number | null };
  /** Set when this commit earned the package completion (the caller emits the event after commit). */
  earned?: { userId: number; packageId: number };
}

/** The SCO-facing refusal: `{result: false, errorCode}` with an HTTP status; nothing was changed. */
export class CommitRejected extends AppError {
  constructor(status: number, code: string, key: string, readonly scormErrorCode = 101) {
    super(status, code, key);
  }
}

export async function applyCommit(input: CommitInput): Promise<CommitOutcome> {
  const { cmi, sequence } = readCommitBody(input.body);
  if (!cmi) throw new CommitRejected(400, 'COMMIT_BODY_NOT_JSON', 'player.error.commit_not_json');
  const launch = Number(input.launch);
  if (!Number.isSafeInteger(launch) || launch < 1) throw new CommitRejected(400, 'COMMIT_LAUNCH_INVALID', 'player.error.commit_launch_invalid');
  if (sequence !== null && (sequence < 1 || sequence >= LAUNCH_FACTOR)) throw new CommitRejected(400, 'COMMIT_SEQUENCE_INVALID', 'player.error.commit_sequence_invalid');

  const catalog = await catalogForAttempt(input.attemptId);
  if (!catalog) throw new NotFoundError('player.error.attempt_not_found', 'ATTEMPT_NOT_FOUND');
  const sequenced = (await sequencingFor(catalog.versionId)) !== null;
  const sequelize = Attempt.sequelize!;
  return sequelize.transaction(async (transaction) => {
    const { attempt, rows } = await lockAttemptWithRows(sequelize, input.attemptId, transaction);
    checkAttemptAccess(attempt, input.userId, input.token);
    const sco = catalog.byId.get(input.scoId);
    if (!attempt || !sco || sco.scormType !== 'sco') throw new NotFoundError('player.error.sco_not_in_attempt', 'SCO_NOT_IN_ATTEMPT');
    const row = rows.find((r) => r.scoId === sco.id);
    if (!row) throw new NotFoundError('player.error.sco_attempt_not_found', 'SCO_ATTEMPT_NOT_FOUND');
    if (launch > row.sessionCount) throw new CommitRejected(409, 'COMMIT_LAUNCH_UNKNOWN', 'player.error.commit_launch_unknown');

    // Without a commitSequence (not our page) the commit applies after everything stored so far.
    const seq = sequence === null ? Math.max(row.seq + 1, launch * LAUNCH_FACTOR + 1) : launch * LAUNCH_FACTOR + sequence;
    if (seq <= row.seq) {
      await countStaleCommit(sequelize, row.id, transaction);
      return { result: true, errorCode: 0, stale: true };
    }

    const { clean, problems } = validateCmi(catalog.scormVersion, cmi);
    const credit = attempt.credit === 'no-credit' ? 'no-credit' : 'credit';
    const tracking = deriveTracking(catalog.scormVersion, clean, sco.rules, credit);
    const sameLaunch = Math.floor(row.seq / LAUNCH_FACTOR) === launch;
    const totalTimeCs = Math.max(0, row.totalTimeCs + tracking.sessionTimeCs - (sameLaunch ? row.sessionTimeCs : 0));
    const now = new Date();
    const changes: RowChanges = {
      seq,
      cmiJson: JSON.stringify(clean),
      completionStatus: tracking.completion,
      successStatus: tracking.success,
      scoreRaw: tracking.scoreRaw,
      scoreMin: tracking.scoreMin,
      scoreMax: tracking.scoreMax,
      scoreScaled: tracking.scoreScaled,
      progressMeasure: tracking.progressMeasure,
      location: tracking.location.slice(0, 1000),
      exitMode: tracking.exit.slice(0, 16),
      totalTimeCs,
      sessionTimeCs: tracking.sessionTimeCs,
      lastCommitAt: now,
    };
    await writeScoRow(sequelize, row.id, changes, transaction);

    const states: ScoState[] = rows.map((r) => toState(r.id === row.id ? { ...r, ...changes } : r));
    const rollup = rollupAttempt(catalog.scos, states);
    // Sequenced packages: the root activity's rollup decides status and completion (sequencing-progress.ts).
    if (sequenced) Object.assign(rollup, { completion: attempt.completionStatus, success: attempt.successStatus, scoreScaled: attempt.scoreScaled, qualifies: false, progress: attempt.completionStatus === 'completed' ? 1 : rollup.progress });
    const earnsNow = rollup.qualifies && attempt.completedAt === null;
    const attemptChanges: Record<string, unknown> = {};
    if (attempt.completionStatus !== rollup.completion) attemptChanges.completionStatus = rollup.completion;
    if (attempt.successStatus !== rollup.success) attemptChanges.successStatus = rollup.success;
    if (attempt.scoreScaled !== rollup.scoreScaled) attemptChanges.scoreScaled = rollup.scoreScaled;
    if (attempt.progress !== rollup.progress) attemptChanges.progress = rollup.progress;
    if (attempt.totalTimeCs !== rollup.totalTimeCs) attemptChanges.totalTimeCs = rollup.totalTimeCs;
    if (earnsNow) attemptChanges.completedAt = now;
    if (Object.keys(attemptChanges).length > 0 || !attempt.lastActivityAt || now.getTime() - attempt.lastActivityAt.getTime() > ACTIVITY_RESOLUTION_MS) {
      await Attempt.update({ ...attemptChanges, lastActivityAt: now }, { where: { id: attempt.id }, transaction });
    }

    let earned: CommitOutcome['earned'];
    if (earnsNow && attempt.credit !== 'no-credit') {
      const existing = await PackageCompletion.findOne({ where: { userId: attempt.userId, packageId: attempt.packageId }, attributes: ['id'], transaction });
      if (!existing) {
        // The unique index (user, package) keeps it to one row even if two attempts race here.
        await PackageCompletion.bulkCreate(
          [{ userId: attempt.userId, packageId: attempt.packageId, attemptId: attempt.id, passed: rollup.passed, scoreScaled: rollup.scoreScaled, completedAt: now }],
          { transaction, ignoreDuplicates: true },
        );
        earned = { userId: attempt.userId, packageId: attempt.packageId };
      }
    }
    return {
      result: true,
      errorCode: 0,
      ...(problems.length ? { problems } : {}),
      sco: { id: sco.id, completion: tracking.completion, success: tracking.success },
      attempt: { completion: rollup.completion, success: rollup.success, progress: rollup.progress, scoreScaled: rollup.scoreScaled },
      ...(earned ? { earned } : {}),
    };
  });
}

function toState(r: Omit<LockedRow, 'id' | 'seq' | 'sessionTimeCs' | 'sessionCount'>): ScoState {
  return {
    scoId: r.scoId,
    completion: r.completionStatus,
    success: r.successStatus,
    scoreRaw: r.scoreRaw,
    scoreMin: r.scoreMin,
    scoreMax: r.scoreMax,
    scoreScaled: r.scoreScaled,
    progressMeasure: r.progressMeasure,
    totalTimeCs: r.totalTimeCs,
  };
}
