import type { ReportFilter } from './report-filter';
import { lotseScope, type Replacements, type Viewer } from './report-scope';
import type { ModulePackages } from './matrix-sql';

/**
 * The state counts of the dashboard (per module and overall, and the stuck Lotsen) over every
 * person-filtered Lotse in scope. Same rules as the matrix (matrix-sql.ts), but shaped for one
 * pass over all Lotsen rather than for a page of them:
 *
 * - attempts are grouped per Lotse once (not per Lotse × module and then joined back to the newest
 *   attempt): the newest attempt's "failed" flag rides along in `MAX(number * 2 + failed)` and is
 *   read back as its parity;
 * - completions are grouped per Lotse once, their state encoded 3 = passed, 2 = failed (stored as
 *   not passed), 1 = completed (no mastery rule).
 *
 * - the score histogram (final score of every credit attempt, 10 buckets) rides along as ten sums
 *   per Lotse, so that the attempts are read once for both.
 *
 * On 10,000 Lotsen this is the dashboard's most expensive statement; the matrix-shaped version
 * (cells → join back → pivot) cost about three times as much on both databases (docs/benchmarks.md).
 */
/** The score histogram's buckets of 10 % (a score of 1 falls into the last). */
export const SCORE_BUCKETS = 10;

export function countsQuery(o: { viewer: Viewer; filter: ReportFilter; modules: ModulePackages; now: Date }): {
  sql: string;
  replacements: Replacements;
} {
  const scope = lotseScope(o.viewer, o.filter);
  const present = o.modules.filter((m) => m.packageId !== null).map((m) => m.packageId);
  const pkgs = present.join(', ') || 'NULL';
  const perModule = o.modules.map((m, i) => {
    if (m.packageId === null) return { agg: [`NULL AS n${i}`, `0 AS f${i}`], comp: `NULL AS c${i}` };
    const p = m.packageId;
    return {
      agg: [
        `MAX(CASE WHEN package_id = ${p} THEN number * 2 + (CASE WHEN success_status = 'failed' THEN 1 ELSE 0 END) END) AS n${i}`,
        `SUM(CASE WHEN package_id = ${p} AND success_status = 'failed' THEN 1 ELSE 0 END) AS f${i}`,
      ],
      comp: `MAX(CASE WHEN package_id = ${p} THEN (CASE WHEN passed = 1 THEN 3 WHEN passed = 0 THEN 2 ELSE 1 END) END) AS c${i}`,
    };
  });
  const status = (
    i: number,
  ) => `CASE WHEN x.c${i} = 3 THEN 'passed' WHEN x.c${i} = 2 THEN 'failed' WHEN x.c${i} = 1 THEN 'completed'
      WHEN x.n${i} IS NULL THEN 'not_started' WHEN x.n${i} % 2 = 1 THEN 'failed' ELSE 'in_progress' END`;
  const s = o.modules.map((_, i) => `s.s${i}`);
  const any = (cond: string) => s.map((v) => cond.replace('$', v)).join(' OR ');
  const all = (cond: string) => s.map((v) => cond.replace('$', v)).join(' AND ');
  const DONE = "('passed', 'completed')";
  const overall = `CASE WHEN ${any("$ = 'failed'")} THEN 'failed' WHEN ${all("$ = 'passed'")} THEN 'passed'
      WHEN ${all(`$ IN ${DONE}`)} THEN 'completed' WHEN ${all("$ = 'not_started'")} THEN 'not_started' ELSE 'in_progress' END`;
  const stuck = `CASE WHEN ((${any("$ <> 'not_started'")}) AND (${any(`$ NOT IN ${DONE}`)}) AND s.last_at < :stuckCutoff)
      OR ${o.modules.map((_, i) => `(s.s${i} NOT IN ${DONE} AND COALESCE(s.f${i}, 0) >= 2)`).join(' OR ')} THEN 1 ELSE 0 END`;
  const keys = [...s, overall, stuck];
  const buckets = Array.from({ length: SCORE_BUCKETS }, (_, b) => b);
  const sql = `SELECT ${keys.map((k, i) => `${k} AS k${i}`).join(', ')}, COUNT(*) AS n, ${buckets.map((b) => `SUM(s.h${b}) AS h${b}`).join(', ')} FROM (
      SELECT ${o.modules.map((_, i) => `${status(i)} AS s${i}, x.f${i}`).join(', ')}, x.last_at, ${buckets.map((b) => `x.h${b}`).join(', ')} FROM (
        SELECT ${o.modules.map((_, i) => `ag.n${i}, ag.f${i}, cp.c${i}`).join(', ')}, ag.last_at, ${buckets.map((b) => `ag.h${b}`).join(', ')}
        FROM users u
        LEFT JOIN (SELECT user_id, ${perModule.flatMap((m) => m.agg).join(', ')}, MAX(last_activity_at) AS last_at,
            ${buckets.map((b) => `SUM(CASE WHEN bucket = ${b} THEN 1 ELSE 0 END) AS h${b}`).join(', ')}
          FROM (SELECT user_id, package_id, number, success_status, last_activity_at,
              CASE WHEN score_scaled IS NULL THEN NULL WHEN score_scaled >= 1 THEN 9 WHEN score_scaled <= 0 THEN 0 ELSE FLOOR(score_scaled * 10) END AS bucket
            FROM attempts WHERE credit = 'credit' AND package_id IN (${pkgs})) a
          GROUP BY user_id) ag ON ag.user_id = u.id
        LEFT JOIN (SELECT user_id, ${perModule.map((m) => m.comp).join(', ')}
          FROM package_completions WHERE package_id IN (${pkgs}) GROUP BY user_id) cp ON cp.user_id = u.id
        WHERE ${scope.sql}) x) s
    GROUP BY ${keys.map((_, i) => `k${i}`).join(', ')}`;
  return {
    sql,
    replacements: { ...scope.replacements, stuckCutoff: new Date(o.now.getTime() - o.filter.stuckDays * 86400_000) },
  };
}
