/**
 * One SCORM commit = one transaction: lock the attempt and its tracking rows, drop a stale commit,
 * derive the columns, accumulate time, store, roll up, and record a completion. Everything that
 * needs no database runs before it: reading and validating the body against the data model and the
 * caps (an invalid element refuses the whole commit with its SCORM error code — nothing is stored,
 * so a forged `completion_status: "foo"` cannot overwrite a stored "completed"), and the version's
 * catalogue (memory; versions never change).
 *
 * Statements of a locking commit: one locking read (attempt + its rows; it begins the transaction),
 * one UPDATE of the SCO row — on MariaDB/MySQL together with the attempt row in one multi-table
 * UPDATE — and COMMIT; the attempt row is written only when its roll-up changes (or once a minute
 * for last_activity_at), the completion row only on the commit that earns it.
 *
 * The optimistic commit (MariaDB/MySQL, packages of one SCO and no sequencing — the usual case: every
 * Q1 module): the same work without a transaction — a plain read, then one UPDATE that commits by
 * itself and changes nothing unless the rows still hold what was read (commit-store.ts `WriteGuard`:
 * the SCO row's seq and session_count, the attempt's earned state and learning time). With one SCO the
 * attempt's roll-up depends on that row alone, so the result is the one the locking commit would have
 * stored. A guard that finds the rows changed (a concurrent commit or launch) or a deadlock changed
 * nothing: the commit runs again as a locking commit on fresh rows. Two round trips instead of three, and
 * no row lock held while the app computes. The reply carries the signed **basis** (commit-basis.ts: what
 * this commit left stored); the page sends it back with its next commit, which then skips the read:
 * one round trip, the guarded UPDATE alone. A basis that is no longer what is stored changes nothing
 * either: that commit reads and runs again.
 *
 * Three ways to run the same work (`commitIn` below does it for all): optimistic, the driver's
 * transaction (commit-sql.ts: prepared statements, no ORM) and Sequelize. A commit whose
 * outcome needs an outbox message (it earns the completion, or a credited attempt's result changes:
 * a few commits per attempt) rolls the driver's transaction back before writing anything and runs
 * again on Sequelize, where the completion record and the outbox share the transaction.
 *
 * Sequence: scorm-again's counter restarts with every page load, so the page numbers its commits
 * itself (1, 2, … per launch) and the URL carries the launch number the server gave it (the SCO's
 * session_count after that launch). seq = launch × 1,000,000 + commitSequence is monotonic across
 * launches; a commit with seq ≤ the stored seq is stale (late, replayed or reordered): it is
 * answered with success, so the SCO shows no error, but changes nothing except a counter.
 *
 * What was earned stays and time only grows: per SCO row in commit-merge.ts; an attempt that earned
 * its completion (or a pass) keeps it below.
 */
import type { Sequelize, Transaction } from 'sequelize';
import { Attempt } from './tracking-models';
import {
  lockAttemptWithRows,
  countStaleCommit,
  recordEarnedCompletion,
  lockSql,
  toLocked,
  commitWrites,
  runCommitWrites,
  COUNT_STALE_SQL,
  type Statement,
  type LockedAttempt,
  type LockedRow,
  type RowChanges,
  type AttemptRollupChanges,
} from './commit-store';
import type { CommitSqlTx } from './commit-sql';
import type { CommitBasis, CommitBases } from './commit-basis';
import { enqueueAttemptResultChanged } from './completion-events';
import { reportResultChange } from './learning-events';
import { rollupAttempt, type ScoState } from './rollup';
import { mergeCommit, LAUNCH_FACTOR } from './commit-merge';
import type { PlayerRuntime } from './player-settings';
import { answeredInteractions, deriveTracking, readCommitBody, validateCmi, type CmiProblem } from '../scorm';
import { AppError, NoPermissionError, NotFoundError } from '../shared/errors';
import { retryOnDeadlock, isDeadlockOrLockWait } from '../shared/db/deadlock-retry';

/** Attempt.last_activity_at is refreshed at most this often by commits (one write fewer per commit). */
const ACTIVITY_RESOLUTION_MS = 60_000;

export interface CommitInput {
  attemptId: number;
  scoId: number;
  /** The user the launch token was issued to (launch-token.ts). */
  userId: number;
  launch: unknown;
  /** The raw request body (JSON as text, whatever the content type said). */
  body: string;
}

export interface Earned {
  userId: number;
  packageId: number;
  moduleKey: string | null;
}

export interface CommitOutcome {
  result: true;
  errorCode: 0;
  stale?: true;
  sco?: { id: number; completion: string; success: string };
  attempt?: { completion: string; success: string; progress: number; scoreScaled: number | null };
  /** What this commit stored, signed, for the page's next commit (commit-basis.ts); one-SCO packages on MariaDB. */
  basis?: string;
  /** Set when this commit earned the package completion (the caller emits the event after commit). */
  earned?: Earned;
}

/** The SCO-facing refusal: `{result: false, errorCode}` with an HTTP status; nothing was changed. */
export class CommitRejected extends AppError {
  constructor(
    status: number,
    code: string,
    key: string,
    readonly scormErrorCode = 101,
    readonly problems?: CmiProblem[],
  ) {
    super(status, code, key);
  }
}

const REFUSALS = {
  too_deep: ['COMMIT_BODY_TOO_DEEP', 'player.error.commit_too_deep'],
  not_json: ['COMMIT_BODY_NOT_JSON', 'player.error.commit_not_json'],
  not_commit: ['COMMIT_BODY_NOT_JSON', 'player.error.commit_not_json'],
} as const;

export async function applyCommit(rt: PlayerRuntime, input: CommitInput): Promise<CommitOutcome> {
  const { cmi, sequence, refusal, basis } = readCommitBody(input.body);
  if (!cmi) {
    const [code, key] = REFUSALS[refusal ?? 'not_commit'];
    throw new CommitRejected(400, code, key);
  }
  const launch = Number(input.launch);
  if (!Number.isSafeInteger(launch) || launch < 1)
    throw new CommitRejected(400, 'COMMIT_LAUNCH_INVALID', 'player.error.commit_launch_invalid');
  if (sequence !== null && (sequence < 1 || sequence >= LAUNCH_FACTOR))
    throw new CommitRejected(400, 'COMMIT_SEQUENCE_INVALID', 'player.error.commit_sequence_invalid');

  const catalog = await rt.catalogs.ofAttempt(input.attemptId);
  if (!catalog) throw new NotFoundError('player.error.attempt_not_found', 'ATTEMPT_NOT_FOUND');
  const sco = catalog.byId.get(input.scoId);
  if (!sco || sco.scormType !== 'sco') throw new NotFoundError('player.error.sco_not_in_attempt', 'SCO_NOT_IN_ATTEMPT');
  const { clean, problems } = validateCmi(catalog.scormVersion, cmi, rt.cmiLimits);
  if (problems.length > 0) {
    throw new CommitRejected(
      400,
      'CMI_INVALID',
      'player.error.cmi_invalid',
      problems[0].errorCode,
      problems.slice(0, 20),
    );
  }
  // With an xAPI recorder most commits carry answers for the outbox: they go to Sequelize at once.
  const sql = rt.events ? null : rt.commitSql;
  // One SCO, no sequencing (every Q1 module, most authoring tools' exports): the SCO row is the only
  // input of the attempt's roll-up, so a plain read and one guarded write do what the lock did.
  const optimistic = !!sql?.autocommit && catalog.scos.length === 1 && !catalog.sequenced;
  const prepared: Prepared = {
    input,
    launch,
    sequence,
    catalog,
    sco,
    clean,
    cmiJson: JSON.stringify(clean),
    events: rt.events,
    bases: optimistic ? rt.bases : null,
  };
  if (optimistic && sql?.autocommit) {
    const known = rt.bases.read(basis, input);
    // With the page's basis first (no read); after a conflict, on rows it reads.
    const tries: (CommitBasis | null)[] = known ? [known, null] : [null];
    for (const given of tries) {
      try {
        return await sql.autocommit((q: CommitSqlTx) => commitIn(optimisticStore(q, given), prepared));
      } catch (err) {
        if (err instanceof NeedsOutbox) return commitOnSequelize(prepared);
        // A conflict or a deadlock changed nothing: read (after a basis) or lock (after a read) and decide again.
        if (!(err instanceof CommitConflict) && !isDeadlockOrLockWait(err)) throw err;
      }
    }
  }
  if (sql) {
    try {
      return await retryOnDeadlock(() =>
        sql.transaction((tx: CommitSqlTx) => commitIn(rawStore(sql.dialect, tx), prepared)),
      );
    } catch (err) {
      if (!(err instanceof NeedsOutbox)) throw err;
    }
  }
  return commitOnSequelize(prepared);
}

function commitOnSequelize(prepared: Prepared): Promise<CommitOutcome> {
  const sequelize = Attempt.sequelize!;
  return retryOnDeadlock(() =>
    sequelize.transaction((transaction) => commitIn(ormStore(sequelize, transaction), prepared)),
  );
}

/** The statements of one commit's transaction, on whichever connection runs it. */
interface CommitStore {
  lock(attemptId: number): Promise<{ attempt: LockedAttempt | null; rows: LockedRow[] }>;
  countStale(rowId: number): Promise<void>;
  /** The statements of commitWrites: the SCO row, and the attempt's roll-up when it changed. */
  write(statements: Statement[]): Promise<void>;
  dialect: string;
  /** The Sequelize transaction the outbox and the completion record join; absent on the driver's path. */
  transaction?: Transaction;
  /** The optimistic commit: `lock` read without a lock, so `write` must carry the guard of what it read. */
  optimistic?: true;
  /** `lock` returned the page's basis instead of reading: a refusal it would cause must be decided on read rows. */
  fromBasis?: true;
}

/** Thrown inside the driver's transaction (rolled back, nothing written) when the commit needs the outbox. */
class NeedsOutbox extends Error {}

/** The optimistic commit's guarded write found the rows changed since its read: nothing was written. */
class CommitConflict extends Error {}

const ormStore = (sequelize: Sequelize, transaction: Transaction): CommitStore => ({
  lock: (attemptId) => lockAttemptWithRows(sequelize, attemptId, transaction),
  countStale: (rowId) => countStaleCommit(sequelize, rowId, transaction),
  write: (statements) => runCommitWrites(sequelize, statements, transaction),
  dialect: sequelize.getDialect(),
  transaction,
});

const rawStore = (dialect: string, tx: CommitSqlTx): CommitStore => ({
  lock: async (attemptId) => toLocked(attemptId, await tx.rows(lockSql(dialect), [attemptId])),
  countStale: async (rowId) => {
    await tx.run(COUNT_STALE_SQL, [rowId]);
  },
  write: async (statements) => {
    for (const { sql, params } of statements) await tx.run(sql, params);
  },
  dialect,
});

/**
 * The optimistic commit (MariaDB/MySQL, one-SCO packages): a plain read and one self-committing,
 * guarded UPDATE — two round trips instead of three (locking read, UPDATE, COMMIT), no row lock held
 * while the app computes. Its stale commits are counted by a self-committing UPDATE as well.
 */
const optimisticStore = (q: CommitSqlTx, basis: CommitBasis | null): CommitStore => ({
  lock: async (attemptId) =>
    basis
      ? { attempt: basis.attempt, rows: [basis.row] }
      : toLocked(attemptId, await q.rows(lockSql('mysql', false), [attemptId])),
  countStale: async (rowId) => {
    await q.run(COUNT_STALE_SQL, [rowId]);
  },
  write: async ([statement, ...more]) => {
    if (more.length > 0) throw new Error('the optimistic commit writes in one statement');
    if ((await q.run(statement.sql, statement.params)) === 0) throw new CommitConflict();
  },
  dialect: 'mysql',
  optimistic: true,
  ...(basis ? { fromBasis: true as const } : {}),
});

interface Prepared {
  input: CommitInput;
  launch: number;
  sequence: number | null;
  catalog: NonNullable<Awaited<ReturnType<PlayerRuntime['catalogs']['ofAttempt']>>>;
  sco: NonNullable<ReturnType<Map<number, import('./version-catalog').CatalogSco>['get']>>;
  clean: ReturnType<typeof validateCmi>['clean'];
  cmiJson: string;
  events: PlayerRuntime['events'];
  /** Set where the reply carries a basis (the optimistic commit's packages). */
  bases: CommitBases | null;
}

async function commitIn(store: CommitStore, p: Prepared): Promise<CommitOutcome> {
  const { input, launch, sequence, catalog, sco, clean, cmiJson, events, bases } = p;
  const { attempt, rows } = await store.lock(input.attemptId);
  if (!attempt) throw new NotFoundError('player.error.attempt_not_found', 'ATTEMPT_NOT_FOUND');
  if (attempt.userId !== input.userId)
    throw new NoPermissionError('player.error.attempt_not_yours', 'ATTEMPT_NOT_YOURS');
  const row = rows.find((r) => r.scoId === sco.id);
  if (!row) throw new NotFoundError('player.error.sco_attempt_not_found', 'SCO_ATTEMPT_NOT_FOUND');
  if (launch > row.sessionCount) {
    // A launch newer than the basis knows: the basis is outdated, not the launch.
    if (store.fromBasis) throw new CommitConflict();
    throw new CommitRejected(409, 'COMMIT_LAUNCH_UNKNOWN', 'player.error.commit_launch_unknown');
  }

  // Without a commitSequence (not our page) the commit applies after everything stored so far.
  const seq = sequence === null ? Math.max(row.seq + 1, launch * LAUNCH_FACTOR + 1) : launch * LAUNCH_FACTOR + sequence;
  if (seq <= row.seq) {
    await store.countStale(row.id);
    return { result: true, errorCode: 0, stale: true };
  }

  const credit = attempt.credit === 'no-credit' ? 'no-credit' : 'credit';
  const { tracking, sessionTimeCs, totalTimeCs } = mergeCommit(
    row,
    deriveTracking(catalog.scormVersion, clean, sco.rules, credit),
    launch,
  );
  const now = new Date();
  const changes: RowChanges = {
    seq,
    cmiJson,
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
    sessionTimeCs,
    lastCommitAt: now,
  };

  const states: ScoState[] = rows.map((r) => toState(r.id === row.id ? { ...r, ...changes } : r));
  const rollup = rollupAttempt(catalog.scos, states);
  // Sequenced packages: the root activity's rollup decides status and completion (sequencing-progress.ts).
  if (catalog.sequenced)
    Object.assign(rollup, {
      completion: attempt.completionStatus,
      success: attempt.successStatus,
      scoreScaled: attempt.scoreScaled,
      qualifies: false,
      progress: attempt.completionStatus === 'completed' ? 1 : rollup.progress,
    });
  // An earned completion or pass is never taken back by a later commit of the attempt.
  if (attempt.completedAt !== null || attempt.completionStatus === 'completed')
    Object.assign(rollup, { completion: 'completed', progress: 1 });
  if (attempt.successStatus === 'passed' && rollup.success !== 'passed')
    Object.assign(rollup, { success: 'passed', scoreScaled: attempt.scoreScaled });
  const earnsNow = rollup.qualifies && attempt.completedAt === null;
  const attemptChanges: Omit<AttemptRollupChanges, 'lastActivityAt'> = {};
  if (attempt.completionStatus !== rollup.completion) attemptChanges.completionStatus = rollup.completion;
  if (attempt.successStatus !== rollup.success) attemptChanges.successStatus = rollup.success;
  if (attempt.scoreScaled !== rollup.scoreScaled) attemptChanges.scoreScaled = rollup.scoreScaled;
  if (attempt.progress !== rollup.progress) attemptChanges.progress = rollup.progress;
  if (attempt.totalTimeCs !== rollup.totalTimeCs) attemptChanges.totalTimeCs = rollup.totalTimeCs;
  if (earnsNow) attemptChanges.completedAt = now;
  const credited = attempt.credit !== 'no-credit';
  const recordsEarned = earnsNow && credited;
  // Platforms that launched this package (LTI grade pass-back) hear every change of the result.
  const resultChanged =
    credited &&
    ('completionStatus' in attemptChanges || 'successStatus' in attemptChanges || 'scoreScaled' in attemptChanges);
  // Learning events for an outside record store (xAPI): answers, and the steps to completed and passed.
  const reportsEvents = events !== null && credit === 'credit';
  const interactions = reportsEvents ? answeredInteractions(catalog.scormVersion, clean) : [];
  const transaction = store.transaction;
  if ((recordsEarned || resultChanged || reportsEvents) && !transaction) throw new NeedsOutbox();

  const writesAttempt =
    Object.keys(attemptChanges).length > 0 ||
    !attempt.lastActivityAt ||
    now.getTime() - attempt.lastActivityAt.getTime() > ACTIVITY_RESOLUTION_MS;
  await store.write(
    commitWrites(
      store.dialect,
      row.id,
      changes,
      writesAttempt ? { id: attempt.id, changes: { ...attemptChanges, lastActivityAt: now } } : null,
      store.optimistic
        ? {
            seq: row.seq,
            sessionCount: row.sessionCount,
            attempt: {
              completionStatus: attempt.completionStatus,
              successStatus: attempt.successStatus,
              totalTimeCs: attempt.totalTimeCs,
              completedAt: attempt.completedAt,
            },
          }
        : undefined,
    ),
  );

  let earned: Earned | undefined;
  if (recordsEarned && transaction)
    earned = await recordEarnedCompletion(Attempt.sequelize!, transaction, {
      attemptId: attempt.id,
      userId: attempt.userId,
      packageId: attempt.packageId,
      passed: rollup.passed,
      scoreScaled: rollup.scoreScaled,
      at: now,
    });
  if (resultChanged && transaction)
    await enqueueAttemptResultChanged(transaction, {
      userId: attempt.userId,
      packageId: attempt.packageId,
      attemptId: attempt.id,
      completion: rollup.completion,
      success: rollup.success,
      scoreScaled: rollup.scoreScaled,
    });
  if (events && reportsEvents && transaction) {
    const activity = { userId: attempt.userId, packageId: attempt.packageId, attemptId: attempt.id };
    if (interactions.length > 0)
      await events.answered(transaction, {
        ...activity,
        scoIdentifier: sco.identifier,
        scoTitle: sco.title,
        scoAttemptId: row.id,
        interactions,
        at: now,
      });
    await reportResultChange(
      events,
      transaction,
      { ...activity, credit, scoreScaled: rollup.scoreScaled, at: now },
      { completion: attempt.completionStatus, success: attempt.successStatus },
      rollup,
    );
  }
  return {
    result: true,
    errorCode: 0,
    sco: { id: sco.id, completion: tracking.completion, success: tracking.success },
    attempt: {
      completion: rollup.completion,
      success: rollup.success,
      progress: rollup.progress,
      scoreScaled: rollup.scoreScaled,
    },
    ...(earned ? { earned } : {}),
    // The commit that sets completed_at leaves no basis: the database keeps that date in whole seconds.
    ...(bases && !earnsNow
      ? {
          basis: bases.sign({
            attempt: {
              ...attempt,
              ...attemptChanges,
              lastActivityAt: writesAttempt ? now : attempt.lastActivityAt,
            },
            row: { ...row, ...changes },
          }),
        }
      : {}),
  };
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
