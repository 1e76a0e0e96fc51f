import type { ReportFilter } from './report-filter';
import { lotseScope, type Replacements, type Viewer } from './report-scope';

/**
 * The SQL of the matrix Lotsen × Q1 modules (pure string building; the repository runs it).
 *
 * One cell = one Lotse × one module package, from their "credit" attempts (staff previews never count):
 *   status  passed/completed  when the completion was earned (it stays, whatever later attempts do);
 *                             a completion stored as not passed counts as failed, like the Q2 gate;
 *           failed            when the newest attempt reports success "failed";
 *           in_progress       when an attempt exists; not_started otherwise.
 *   score   the completion's score, else the newest attempt's; time = all attempts; last activity = newest.
 * Per Lotse: overall status (any module failed → failed; all passed → passed; all done → completed;
 * none started → not_started; else in_progress), Q1 progress (mean of module progress, done = 1) and
 * the "stuck" flags (see README: inactive for N days while started and not done; two failed
 * attempts at a module not yet done).
 *
 * Levels: cells → pivot per Lotse (L1) → derived columns (L2) → status filters, total, order, page.
 * The state counts (counts-sql.ts) follow the same rules in a shape made for all Lotsen at once.
 * Each is one statement, whatever the number of Lotsen.
 */
export type ModulePackages = { key: string; packageId: number | null }[];

export interface MatrixQueryOptions {
  viewer: Viewer;
  filter: ReportFilter;
  modules: ModulePackages;
  now: Date;
  /** Only these Lotsen (CSV batches); the order and status filters still apply. */
  userIds?: number[];
  /** 'page' = LIMIT/OFFSET with the total; 'ids' = only the ordered ids of every matching Lotse; 'rows' = all columns, no limit. */
  mode: 'page' | 'ids' | 'rows';
  limit?: number;
  offset?: number;
}

const DONE = "('passed', 'completed')";

function cellsSql(modules: ModulePackages, restrictUsers: boolean): string {
  const pkgs =
    modules
      .filter((m) => m.packageId !== null)
      .map((m) => m.packageId)
      .join(', ') || 'NULL';
  return `SELECT t.user_id, t.package_id, t.time_cs, t.last_at, t.fails, t.attempts,
      CASE WHEN pc.id IS NOT NULL THEN (CASE WHEN pc.passed = 1 THEN 'passed' WHEN pc.passed = 0 THEN 'failed' ELSE 'completed' END)
           WHEN a.success_status = 'failed' THEN 'failed' ELSE 'in_progress' END AS status,
      COALESCE(pc.score_scaled, a.score_scaled) AS score,
      CASE WHEN pc.id IS NOT NULL THEN 1 ELSE a.progress END AS progress
    FROM (SELECT user_id, package_id, MAX(number) AS n, SUM(total_time_cs) AS time_cs, MAX(last_activity_at) AS last_at,
            SUM(CASE WHEN success_status = 'failed' THEN 1 ELSE 0 END) AS fails, COUNT(*) AS attempts
          FROM attempts WHERE credit = 'credit' AND package_id IN (${pkgs})${restrictUsers ? ' AND user_id IN (:userIds)' : ''}
          GROUP BY user_id, package_id) t
    JOIN attempts a ON a.user_id = t.user_id AND a.package_id = t.package_id AND a.number = t.n
    LEFT JOIN package_completions pc ON pc.user_id = t.user_id AND pc.package_id = t.package_id`;
}

function pivotSql(modules: ModulePackages, scopeSql: string, restrictUsers: boolean): string {
  // Cells are pivoted per Lotse first (a GROUP BY over at most modules × Lotsen rows), then joined
  // to the users by primary key: Lotsen without any attempt come through the LEFT JOIN as not_started.
  const cols = modules.flatMap((m, i) => {
    if (m.packageId === null)
      return [`NULL AS s${i}`, ...['score', 'time', 'last', 'fails', 'prog', 'tries'].map((c) => `NULL AS ${c}${i}`)];
    const pick = (expr: string, as: string) =>
      `MAX(CASE WHEN c.package_id = ${m.packageId} THEN ${expr} END) AS ${as}${i}`;
    return [
      pick('c.status', 's'),
      pick('c.score', 'score'),
      pick('c.time_cs', 'time'),
      pick('c.last_at', 'last'),
      pick('c.fails', 'fails'),
      pick('c.progress', 'prog'),
      pick('c.attempts', 'tries'),
    ];
  });
  const outer = modules.flatMap((_, i) => [
    `COALESCE(pv.s${i}, 'not_started') AS s${i}`,
    ...['score', 'time', 'last', 'fails', 'prog', 'tries'].map((c) => `pv.${c}${i}`),
  ]);
  return `SELECT u.id, u.first_name, u.last_name, u.email, u.region, u.created_at AS registered_at, ${outer.join(', ')}, pv.last_at
    FROM users u LEFT JOIN (SELECT c.user_id, ${cols.join(', ')}, MAX(c.last_at) AS last_at FROM (${cellsSql(modules, restrictUsers)}) c GROUP BY c.user_id) pv ON pv.user_id = u.id
    WHERE ${scopeSql}${restrictUsers ? ' AND u.id IN (:userIds)' : ''}`;
}

function derivedSql(modules: ModulePackages, pivot: string): string {
  const s = modules.map((_, i) => `p.s${i}`);
  const all = (cond: string) => s.map((x) => cond.replace('$', x)).join(' AND ');
  const any = (cond: string) => s.map((x) => cond.replace('$', x)).join(' OR ');
  const overall = `CASE WHEN ${any("$ = 'failed'")} THEN 'failed' WHEN ${all("$ = 'passed'")} THEN 'passed'
      WHEN ${all(`$ IN ${DONE}`)} THEN 'completed' WHEN ${all("$ = 'not_started'")} THEN 'not_started' ELSE 'in_progress' END`;
  const progress = `(${modules.map((_, i) => `(CASE WHEN p.s${i} IN ${DONE} THEN 1 ELSE COALESCE(p.prog${i}, 0) END)`).join(' + ')}) / ${modules.length}.0`;
  const started = any("$ <> 'not_started'");
  const notDone = any(`$ NOT IN ${DONE}`);
  const failedTwice = modules.map((_, i) => `(p.s${i} NOT IN ${DONE} AND COALESCE(p.fails${i}, 0) >= 2)`).join(' OR ');
  return `SELECT p.*, ${overall} AS overall, ${progress} AS progress,
      CASE WHEN (${started}) AND (${notDone}) AND p.last_at < :stuckCutoff THEN 1 ELSE 0 END AS stuck_inactive,
      CASE WHEN ${failedTwice} THEN 1 ELSE 0 END AS stuck_failed
    FROM (${pivot}) p`;
}

function orderSql(f: ReportFilter): string {
  const dir = f.dir === 'desc' ? 'DESC' : 'ASC';
  const name = `w.last_name ${dir}, w.first_name ${dir}, w.id ${dir}`;
  switch (f.sort) {
    case 'region':
      return `(w.region IS NULL) ${dir}, w.region ${dir}, ${name}`;
    // Lotsen who never started sort after everyone else, whichever the direction.
    case 'activity':
      return `(w.last_at IS NULL), w.last_at ${dir}, w.id`;
    case 'progress':
      return `w.progress ${dir}, w.last_name, w.first_name, w.id`;
    default:
      return name;
  }
}

export function matrixQuery(o: MatrixQueryOptions): { sql: string; replacements: Replacements } {
  const scope = lotseScope(o.viewer, o.filter);
  const restrict = o.userIds !== undefined;
  const day = 86400_000;
  const replacements: Replacements = {
    ...scope.replacements,
    stuckCutoff: new Date(o.now.getTime() - o.filter.stuckDays * day),
  };
  if (restrict) replacements.userIds = o.userIds!.length ? o.userIds : [0];

  const where: string[] = [];
  const f = o.filter;
  if (f.status) {
    const i = f.module ? o.modules.findIndex((m) => m.key === f.module) : -1;
    where.push(`w.${i >= 0 ? `s${i}` : 'overall'} = :status`);
    replacements.status = f.status;
  }
  if (f.inactiveDays) {
    // Inactive: the last activity (or, without any, the registration) lies more than N days back.
    where.push('COALESCE(w.last_at, w.registered_at) < :inactiveCutoff');
    replacements.inactiveCutoff = new Date(o.now.getTime() - f.inactiveDays * day);
  }
  if (f.stuckOnly) where.push('(w.stuck_inactive = 1 OR w.stuck_failed = 1)');

  const derived = derivedSql(o.modules, pivotSql(o.modules, scope.sql, restrict));
  const inner = derived;
  const select = o.mode === 'ids' ? 'w.id' : o.mode === 'page' ? 'w.*, COUNT(*) OVER () AS total' : 'w.*';
  let sql = `SELECT ${select} FROM (${inner}) w${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${orderSql(f)}`;
  if (o.mode === 'page') {
    sql += ' LIMIT :limit OFFSET :offset';
    replacements.limit = o.limit ?? 50;
    replacements.offset = o.offset ?? 0;
  }
  return { sql, replacements };
}

/**
 * The page of Lotsen when neither a status filter nor an order by computed values is asked for:
 * ordering and paging need only the users table, so the matrix is then computed for 50 Lotsen only.
 */
export function canPageByPerson(f: ReportFilter): boolean {
  return !f.status && !f.inactiveDays && !f.stuckOnly && (f.sort === 'name' || f.sort === 'region');
}

export function personPageQuery(
  viewer: Viewer,
  f: ReportFilter,
  limit: number,
  offset: number,
): { sql: string; replacements: Replacements } {
  const scope = lotseScope(viewer, f);
  const order = orderSql(f).replace(/\bw\./g, 'u.');
  return {
    sql: `SELECT u.id, COUNT(*) OVER () AS total FROM users u WHERE ${scope.sql} ORDER BY ${order} LIMIT :limit OFFSET :offset`,
    replacements: { ...scope.replacements, limit, offset },
  };
}
