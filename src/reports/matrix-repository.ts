import { Q1_MODULES } from '../shared/q1-modules';
import { CELL_STATUSES, PER_PAGE, type CellStatus, type ReportFilter } from './report-filter';
import { cohortScope, lotseScope, type Viewer } from './report-scope';
import { canPageByPerson, matrixQuery, personPageQuery, type ModulePackages } from './matrix-sql';
import { countsQuery, SCORE_BUCKETS } from './counts-sql';
import { date, int, num, score, type ReportDb } from './db-values';

export interface MatrixCell {
  status: CellStatus;
  scoreScaled: number | null;
  timeCs: number;
  lastActivityAt: Date | null;
  attempts: number;
  failedAttempts: number;
}

export interface MatrixRow {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  region: string | null;
  cells: MatrixCell[];
  overall: CellStatus;
  progress: number;
  lastActivityAt: Date | null;
  stuckInactive: boolean;
  stuckFailed: boolean;
}

/** Count per state, per module (in Q1_MODULES order) and overall, over the person-filtered Lotsen. */
export interface StateCounts {
  modules: Record<CellStatus, number>[];
  overall: Record<CellStatus, number>;
  stuck: number;
  population: number;
  /** Final scores of every credit attempt of these Lotsen, in buckets of 10 % (the score chart). */
  scoreBuckets: number[];
}

/** The package of each Q1 module (null while none is assigned). One small query. */
export async function q1Packages(rdb: ReportDb): Promise<ModulePackages> {
  const rows = await rdb.select<{ id: number; module_key: string }>(
    'SELECT id, module_key FROM packages WHERE module_key IN (:keys)',
    { keys: Q1_MODULES.map((m) => m.key) },
  );
  return Q1_MODULES.map((m) => ({ key: m.key, packageId: rows.find((r) => r.module_key === m.key)?.id ?? null }));
}

function toRow(r: Record<string, unknown>, modules: ModulePackages): MatrixRow {
  return {
    id: int(r.id),
    firstName: String(r.first_name),
    lastName: String(r.last_name),
    email: String(r.email),
    region: (r.region as string | null) ?? null,
    cells: modules.map((_, i) => ({
      status: r[`s${i}`] as CellStatus,
      scoreScaled: score(r[`score${i}`]),
      timeCs: int(r[`time${i}`]),
      lastActivityAt: date(r[`last${i}`]),
      attempts: int(r[`tries${i}`]),
      failedAttempts: int(r[`fails${i}`]),
    })),
    overall: r.overall as CellStatus,
    progress: num(r.progress) ?? 0,
    lastActivityAt: date(r.last_at),
    stuckInactive: int(r.stuck_inactive) === 1,
    stuckFailed: int(r.stuck_failed) === 1,
  };
}

function emptyCounts(): Record<CellStatus, number> {
  return Object.fromEntries(CELL_STATUSES.map((s) => [s, 0])) as Record<CellStatus, number>;
}

export async function stateCounts(
  rdb: ReportDb,
  viewer: Viewer,
  filter: ReportFilter,
  modules: ModulePackages,
  now: Date,
): Promise<StateCounts> {
  const q = countsQuery({ viewer, filter, modules, now });
  const counts: StateCounts = {
    modules: modules.map(emptyCounts),
    overall: emptyCounts(),
    stuck: 0,
    population: 0,
    scoreBuckets: new Array(SCORE_BUCKETS).fill(0),
  };
  for (const r of await rdb.select(q.sql, q.replacements)) {
    const n = int(r.n);
    modules.forEach((_, i) => {
      counts.modules[i][r[`k${i}`] as CellStatus] += n;
    });
    counts.overall[r[`k${modules.length}`] as CellStatus] += n;
    if (int(r[`k${modules.length + 1}`]) === 1) counts.stuck += n;
    counts.population += n;
    for (let b = 0; b < SCORE_BUCKETS; b++) counts.scoreBuckets[b] += int(r[`h${b}`]);
  }
  return counts;
}

export interface MatrixPage {
  rows: MatrixRow[];
  total: number;
}

/**
 * One page of the matrix. Ordered by name or region without status filters, the page's 50 Lotsen
 * are picked from the users table first and the matrix is computed for them only; otherwise one
 * statement computes, filters, orders and pages every Lotse in scope. The state counts are a
 * separate statement (stateCounts), so that a pool can run both at once.
 */
export async function matrixPage(
  rdb: ReportDb,
  viewer: Viewer,
  filter: ReportFilter,
  modules: ModulePackages,
  now = new Date(),
): Promise<MatrixPage> {
  const offset = (filter.page - 1) * PER_PAGE;
  let rows: MatrixRow[];
  let total: number;
  if (canPageByPerson(filter)) {
    const p = personPageQuery(viewer, filter, PER_PAGE, offset);
    const ids = await rdb.select(p.sql, p.replacements);
    total = ids.length ? int(ids[0].total) : 0;
    rows = ids.length
      ? await matrixRows(
          rdb,
          viewer,
          filter,
          modules,
          now,
          ids.map((r) => int(r.id)),
        )
      : [];
  } else {
    const q = matrixQuery({ viewer, filter, modules, now, mode: 'page', limit: PER_PAGE, offset });
    const raw = await rdb.select(q.sql, q.replacements);
    total = raw.length ? int(raw[0].total) : 0;
    rows = raw.map((r) => toRow(r, modules));
  }
  return { rows, total };
}

/** Every matching Lotse's id, in the page order (the CSV walks these in batches). */
export async function matrixIds(
  rdb: ReportDb,
  viewer: Viewer,
  filter: ReportFilter,
  modules: ModulePackages,
  now: Date,
): Promise<number[]> {
  const q = matrixQuery({ viewer, filter, modules, now, mode: 'ids' });
  return (await rdb.select<{ id: number }>(q.sql, q.replacements)).map((r) => int(r.id));
}

/** The full rows of the given Lotsen, in the page order (filters and visibility still apply). */
export async function matrixRows(
  rdb: ReportDb,
  viewer: Viewer,
  filter: ReportFilter,
  modules: ModulePackages,
  now: Date,
  userIds?: number[],
): Promise<MatrixRow[]> {
  const q = matrixQuery({ viewer, filter, modules, now, mode: 'rows', userIds });
  return (await rdb.select(q.sql, q.replacements)).map((r) => toRow(r, modules));
}

export interface ChartData {
  weeks: { week: string; counts: number[] }[];
  scores: number[];
}

/** Monday of the (UTC) week of a `YYYY-MM-DD` day. */
function mondayOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/**
 * Completions per week (last 26 weeks, Monday-based, UTC) per module over the person-filtered Lotsen
 * in scope. The database groups by day only (a plain date, no week arithmetic per row: that cost
 * as much as the grouping itself on SQLite); days are folded into weeks here. The score histogram
 * comes with the state counts (one pass over the attempts for both).
 */
export async function completionWeeks(
  rdb: ReportDb,
  viewer: Viewer,
  filter: ReportFilter,
  modules: ModulePackages,
  now = new Date(),
): Promise<ChartData['weeks']> {
  const scope = lotseScope(viewer, filter);
  const pkgIds = modules.map((m) => m.packageId).filter((id): id is number => id !== null);
  if (!pkgIds.length) return [];
  const day = rdb.isSqlite ? 'substr(pc.completed_at, 1, 10)' : 'DATE(pc.completed_at)';
  const since = new Date(now.getTime() - 26 * 7 * 86400_000);
  const rows = await rdb.select(
    `SELECT ${day} AS d, pc.package_id, COUNT(*) AS n FROM package_completions pc JOIN users u ON u.id = pc.user_id
      WHERE pc.package_id IN (:pkgIds) AND pc.completed_at >= :since AND ${scope.sql} GROUP BY ${day}, pc.package_id`,
    { ...scope.replacements, pkgIds, since },
  );
  const byWeek = new Map<string, number[]>();
  for (const r of rows) {
    const wk = mondayOf(r.d instanceof Date ? r.d.toISOString().slice(0, 10) : String(r.d).slice(0, 10));
    const counts = byWeek.get(wk) ?? modules.map(() => 0);
    counts[modules.findIndex((m) => m.packageId === int(r.package_id))] += int(r.n);
    byWeek.set(wk, counts);
  }
  return [...byWeek.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([w, counts]) => ({ week: w, counts }));
}

/** Cohorts for the filter's select. */
export async function visibleCohorts(
  rdb: ReportDb,
  viewer: Viewer,
): Promise<{ id: number; title: string; region: string }[]> {
  const scope = cohortScope(viewer);
  const rows = await rdb.select(
    `SELECT c.id, c.title, c.region FROM cohorts c WHERE ${scope.sql} ORDER BY c.starts_on DESC, c.id DESC`,
    scope.replacements,
  );
  return rows.map((r) => ({ id: int(r.id), title: String(r.title), region: String(r.region) }));
}
