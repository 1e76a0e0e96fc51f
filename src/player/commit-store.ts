/**
 * The commit's hot path in plain SQL: one locking read of the attempt with all its tracking rows
 * (a JOIN, so one round trip; FOR UPDATE locks the rows of both tables on MariaDB/MySQL, while
 * SQLite's IMMEDIATE transactions already serialise writers), and one UPDATE of the SCO's row.
 * cmi_json is never read here. Model-based code would do the same in more round trips.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { PackageCompletion, ScoAttempt } from './tracking-models';
import { enqueuePackageCompleted, type PackageCompletedPayload } from './completion-events';

export interface LockedAttempt {
  id: number;
  userId: number;
  packageId: number;
  credit: string;
  completionStatus: string;
  successStatus: string;
  scoreScaled: number | null;
  progress: number;
  totalTimeCs: number;
  completedAt: Date | null;
  lastActivityAt: Date | null;
}

export interface LockedRow {
  id: number;
  scoId: number;
  seq: number;
  completionStatus: string;
  successStatus: string;
  scoreRaw: number | null;
  scoreMin: number | null;
  scoreMax: number | null;
  scoreScaled: number | null;
  progressMeasure: number | null;
  totalTimeCs: number;
  sessionTimeCs: number;
  sessionCount: number;
}

type Raw = Record<string, unknown>;
const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

/**
 * The read of the attempt with its rows: locking inside a transaction (SQLite's IMMEDIATE transactions
 * serialise writers already: no FOR UPDATE there), or plain for the optimistic commit (`locking` false),
 * whose write then carries a guard instead (`WriteGuard`).
 */
export const lockSql = (dialect: string, locking = true): string =>
  `SELECT a.user_id, a.package_id, a.credit, a.completion_status AS a_completion, a.success_status AS a_success,
          a.score_scaled AS a_score, a.progress, a.total_time_cs AS a_total, a.completed_at, a.last_activity_at,
          s.id, s.sco_id, s.seq, s.completion_status, s.success_status, s.score_raw, s.score_min, s.score_max, s.score_scaled, s.progress_measure,
          s.total_time_cs, s.session_time_cs, s.session_count
     FROM attempts a JOIN sco_attempts s ON s.attempt_id = a.id
    WHERE a.id = ?${dialect === 'sqlite' || !locking ? '' : ' FOR UPDATE'}`;

export function toLocked(attemptId: number, result: Raw[]): { attempt: LockedAttempt | null; rows: LockedRow[] } {
  if (result.length === 0) return { attempt: null, rows: [] };
  const a = result[0];
  return {
    attempt: {
      id: attemptId,
      userId: num(a.user_id),
      packageId: num(a.package_id),
      credit: String(a.credit),
      completionStatus: String(a.a_completion),
      successStatus: String(a.a_success),
      scoreScaled: numOrNull(a.a_score),
      progress: num(a.progress),
      totalTimeCs: num(a.a_total),
      completedAt: dateOrNull(a.completed_at),
      lastActivityAt: dateOrNull(a.last_activity_at),
    },
    rows: result.map((r) => ({
      id: num(r.id),
      scoId: num(r.sco_id),
      seq: num(r.seq),
      completionStatus: String(r.completion_status),
      successStatus: String(r.success_status),
      scoreRaw: numOrNull(r.score_raw),
      scoreMin: numOrNull(r.score_min),
      scoreMax: numOrNull(r.score_max),
      scoreScaled: numOrNull(r.score_scaled),
      progressMeasure: numOrNull(r.progress_measure),
      totalTimeCs: num(r.total_time_cs),
      sessionTimeCs: num(r.session_time_cs),
      sessionCount: num(r.session_count),
    })),
  };
}

export async function lockAttemptWithRows(
  sequelize: Sequelize,
  attemptId: number,
  transaction: Transaction,
): Promise<{ attempt: LockedAttempt | null; rows: LockedRow[] }> {
  const result = await sequelize.query<Raw>(lockSql(sequelize.getDialect()), {
    replacements: [attemptId],
    type: QueryTypes.SELECT,
    transaction,
  });
  return toLocked(attemptId, result);
}

export interface RowChanges {
  seq: number;
  cmiJson: string;
  completionStatus: string;
  successStatus: string;
  scoreRaw: number | null;
  scoreMin: number | null;
  scoreMax: number | null;
  scoreScaled: number | null;
  progressMeasure: number | null;
  location: string;
  exitMode: string;
  totalTimeCs: number;
  sessionTimeCs: number;
  lastCommitAt: Date;
}

/** The SCO row's columns a commit writes, in the order of `scoRowValues`. */
const SCO_ROW_COLUMNS = [
  'seq',
  'cmi_json',
  'completion_status',
  'success_status',
  'score_raw',
  'score_min',
  'score_max',
  'score_scaled',
  'progress_measure',
  'location',
  'exit_mode',
  'total_time_cs',
  'session_time_cs',
  'last_commit_at',
  'updated_at',
];

/** `column = ?` for each of them, built once (commitWrites runs on every commit). */
const SCO_ROW_SET = SCO_ROW_COLUMNS.map((c) => `${c} = ?`);
const SCO_ROW_SET_JOINED = SCO_ROW_COLUMNS.map((c) => `s.${c} = ?`);

const scoRowValues = (c: RowChanges): SqlValue[] => [
  c.seq,
  c.cmiJson,
  c.completionStatus,
  c.successStatus,
  c.scoreRaw,
  c.scoreMin,
  c.scoreMax,
  c.scoreScaled,
  c.progressMeasure,
  c.location,
  c.exitMode,
  c.totalTimeCs,
  c.sessionTimeCs,
  c.lastCommitAt,
  c.lastCommitAt,
];

export type SqlValue = string | number | Date | null;
export interface Statement {
  sql: string;
  params: SqlValue[];
}

export interface AttemptRollupChanges {
  completionStatus?: string;
  successStatus?: string;
  scoreScaled?: number | null;
  progress?: number;
  totalTimeCs?: number;
  completedAt?: Date;
  lastActivityAt: Date;
}

const ATTEMPT_COLUMNS: Record<keyof AttemptRollupChanges, string> = {
  completionStatus: 'completion_status',
  successStatus: 'success_status',
  scoreScaled: 'score_scaled',
  progress: 'progress',
  totalTimeCs: 'total_time_cs',
  completedAt: 'completed_at',
  lastActivityAt: 'last_activity_at',
};

/** The attempt's changed roll-up columns (only those) and updated_at, as `column = ?` pairs. */
function attemptAssignments(changes: AttemptRollupChanges, alias: string): { set: string[]; params: SqlValue[] } {
  const keys = (Object.keys(changes) as (keyof AttemptRollupChanges)[]).filter((k) => changes[k] !== undefined);
  return {
    set: [...keys.map((k) => `${alias}${ATTEMPT_COLUMNS[k]} = ?`), `${alias}updated_at = ?`],
    params: [...keys.map((k) => changes[k] as SqlValue), changes.lastActivityAt],
  };
}

/**
 * What the optimistic commit read (without a lock) and computed its result from; its one write
 * changes nothing unless the rows still hold exactly that. The SCO row: every commit raises its seq and
 * every launch its session_count, so (seq, session_count) names the row's state. The attempt: what was
 * earned (completion, pass, completed_at) and the learning time — whatever writer may come to change them.
 */
export interface WriteGuard {
  seq: number;
  sessionCount: number;
  attempt: { completionStatus: string; successStatus: string; totalTimeCs: number; completedAt: Date | null };
}

const guardOfRow = (alias: string, g: WriteGuard) => ({
  where: `${alias}seq = ? AND ${alias}session_count = ?`,
  params: [g.seq, g.sessionCount] as SqlValue[],
});
const GUARD_OF_ATTEMPT =
  'a.completion_status = ? AND a.success_status = ? AND a.total_time_cs = ? AND a.completed_at <=> ?';
const guardOfAttempt = ({ attempt: a }: WriteGuard): SqlValue[] => [
  a.completionStatus,
  a.successStatus,
  a.totalTimeCs,
  a.completedAt,
];
/** The guard of the joined UPDATE: the SCO row (alias s) and the attempt (alias a). */
function guardOfBoth(g: WriteGuard): { where: string; params: SqlValue[] } {
  const row = guardOfRow('s.', g);
  return { where: `${row.where} AND ${GUARD_OF_ATTEMPT}`, params: [...row.params, ...guardOfAttempt(g)] };
}

/**
 * The writes of one commit: the SCO row, guarded by its sequence (under the locking read it cannot
 * miss, and without one it still could not let an older commit overwrite a newer one), and the
 * attempt's roll-up when it changed — only the changed columns, in plain SQL (`Attempt.update` built
 * a model instance, ran validation and hooks and formatted dates through moment: a tenth of the
 * commit's CPU).
 *
 * On MariaDB/MySQL both rows go in one multi-table UPDATE: every statement is a round trip that costs
 * the app and the database a wake-up each, and the attempt changes on nearly every commit (the
 * learning time grows) — one statement of four fewer on the usual commit (docs/benchmarks.md).
 * SQLite has no multi-table UPDATE and no round trips: two statements there.
 */
export function commitWrites(
  dialect: string,
  rowId: number,
  row: RowChanges,
  attempt: { id: number; changes: AttemptRollupChanges } | null,
  guard?: WriteGuard,
): Statement[] {
  // The optimistic commit's guard needs its write in ONE statement (atomic without a transaction).
  if (guard && dialect === 'sqlite') throw new Error('a guarded commit write needs MariaDB/MySQL');
  if (!attempt) {
    const g = guard ? guardOfRow('', guard) : { where: 'seq < ?', params: [row.seq] };
    return [
      {
        sql: `UPDATE sco_attempts SET ${SCO_ROW_SET.join(', ')} WHERE id = ? AND ${g.where}`,
        params: [...scoRowValues(row), rowId, ...g.params],
      },
    ];
  }
  if (dialect !== 'sqlite') {
    const a = attemptAssignments(attempt.changes, 'a.');
    const g = guard ? guardOfBoth(guard) : { where: 's.seq < ?', params: [row.seq] };
    return [
      {
        sql: `UPDATE sco_attempts s JOIN attempts a ON a.id = s.attempt_id
                 SET ${[...SCO_ROW_SET_JOINED, ...a.set].join(', ')}
               WHERE s.id = ? AND a.id = ? AND ${g.where}`,
        params: [...scoRowValues(row), ...a.params, rowId, attempt.id, ...g.params],
      },
    ];
  }
  const a = attemptAssignments(attempt.changes, '');
  return [
    ...commitWrites(dialect, rowId, row, null),
    { sql: `UPDATE attempts SET ${a.set.join(', ')} WHERE id = ?`, params: [...a.params, attempt.id] },
  ];
}

export async function runCommitWrites(
  sequelize: Sequelize,
  statements: Statement[],
  transaction: Transaction,
): Promise<void> {
  for (const { sql, params } of statements)
    await sequelize.query(sql, { replacements: params, type: QueryTypes.UPDATE, transaction });
}

export const COUNT_STALE_SQL = 'UPDATE sco_attempts SET stale_commits = stale_commits + 1 WHERE id = ?';

export async function countStaleCommit(sequelize: Sequelize, rowId: number, transaction: Transaction): Promise<void> {
  await sequelize.query(COUNT_STALE_SQL, {
    replacements: [rowId],
    type: QueryTypes.UPDATE,
    transaction,
  });
}

/**
 * The package's module, read only on the commit that earns a completion (rare): an admin may move a
 * package to another module, so it is not cached, and joining packages into the locking read above
 * would lock the package row and serialise every learner of the package.
 */
export async function moduleKeyOf(
  sequelize: Sequelize,
  packageId: number,
  transaction: Transaction,
): Promise<string | null> {
  const rows = await sequelize.query<{ module_key: string | null }>('SELECT module_key FROM packages WHERE id = ?', {
    replacements: [packageId],
    type: QueryTypes.SELECT,
    transaction,
  });
  return rows[0]?.module_key ?? null;
}

/** The commit benchmark's baseline (BENCH_BASELINE_ROUTE): one primary-key UPDATE, no checks at all. */
export async function writeBaselineCommit(scoAttemptId: number, body: string): Promise<void> {
  await ScoAttempt.update({ cmiJson: body, lastCommitAt: new Date() }, { where: { id: scoAttemptId } });
}

/**
 * The attempt's first earned completion of its package (commits and sequencing saves both earn one):
 * the completion row and its outbox message in the caller's transaction, or nothing when the learner
 * already holds a completion of the package. The unique index (user, package) keeps it to one row even
 * if two attempts race here.
 */
export async function recordEarnedCompletion(
  sequelize: Sequelize,
  transaction: Transaction,
  c: {
    attemptId: number;
    userId: number;
    packageId: number;
    passed: boolean | null;
    scoreScaled: number | null;
    at: Date;
  },
): Promise<PackageCompletedPayload | undefined> {
  const existing = await PackageCompletion.findOne({
    where: { userId: c.userId, packageId: c.packageId },
    attributes: ['id'],
    transaction,
  });
  if (existing) return undefined;
  await PackageCompletion.bulkCreate(
    [
      {
        userId: c.userId,
        packageId: c.packageId,
        attemptId: c.attemptId,
        passed: c.passed,
        scoreScaled: c.scoreScaled,
        completedAt: c.at,
      },
    ],
    { transaction, ignoreDuplicates: true },
  );
  const earned = {
    userId: c.userId,
    packageId: c.packageId,
    moduleKey: await moduleKeyOf(sequelize, c.packageId, transaction),
  };
  await enqueuePackageCompleted(transaction, earned);
  return earned;
}
