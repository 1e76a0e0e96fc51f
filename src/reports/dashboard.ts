import { Q1_MODULES } from '../shared/q1-modules';
import { CELL_STATUSES, PER_PAGE, type CellStatus, type ReportFilter } from './report-filter';
import type { ReportDb } from './db-values';
import {
  completionWeeks,
  matrixPage,
  q1Packages,
  stateCounts,
  visibleCohorts,
  type ChartData,
  type MatrixRow,
  type StateCounts,
} from './matrix-repository';
import { gateColumns, type GateColumns } from './gate-columns';
import { offeringTallies, type OfferingTally } from '../offerings';
import type { Viewer } from './report-scope';

/**
 * The dashboard as data: one page of the matrix with the gate columns, the state counts, the chart
 * series and the cohorts for the filter. Pages and `/api/v1/reports/matrix` both use it.
 */
export interface DashboardRow extends MatrixRow {
  gate: GateColumns | null;
  /** Further offerings (Weiterbildung) the Lotse is enrolled in, and how many of them are done. */
  offerings: OfferingTally | null;
}
export interface Dashboard {
  filter: ReportFilter;
  modules: { key: string; title: string; packageId: number | null }[];
  rows: DashboardRow[];
  total: number;
  page: number;
  pages: number;
  perPage: number;
  counts: StateCounts;
  charts: ChartData;
  cohorts: { id: number; title: string; region: string }[];
}

export async function loadDashboard(
  rdb: ReportDb,
  viewer: Viewer,
  filter: ReportFilter,
  opts: { charts?: boolean; cohorts?: boolean } = {},
): Promise<Dashboard> {
  const now = new Date();
  const modules = await q1Packages(rdb);
  // Independent reads, started together: on MariaDB the pool runs them on several connections (and
  // both cores); SQLite's one connection takes them in turn, which costs nothing extra.
  const pageWithGates = matrixPage(rdb, viewer, filter, modules, now).then(async (p) => {
    const ids = p.rows.map((r) => r.id);
    const [gates, offerings] = await Promise.all([gateColumns(ids), offeringTallies(ids)]);
    return { ...p, gates, offerings };
  });
  const [page, counts, weeks, cohorts] = await Promise.all([
    pageWithGates,
    stateCounts(rdb, viewer, filter, modules, now),
    opts.charts === false ? Promise.resolve([]) : completionWeeks(rdb, viewer, filter, modules, now),
    opts.cohorts === false ? Promise.resolve([]) : visibleCohorts(rdb, viewer),
  ]);
  return {
    filter,
    modules: Q1_MODULES.map((m, i) => ({ key: m.key, title: m.title, packageId: modules[i].packageId })),
    rows: page.rows.map((r) => ({
      ...r,
      gate: page.gates.get(r.id) ?? null,
      offerings: page.offerings.get(r.id) ?? null,
    })),
    total: page.total,
    page: filter.page,
    pages: Math.max(1, Math.ceil(page.total / PER_PAGE)),
    perPage: PER_PAGE,
    counts,
    charts: opts.charts === false ? { weeks: [], scores: [] } : { weeks, scores: counts.scoreBuckets },
    cohorts,
  };
}

/** JSON for scripts: stable keys, ISO dates, seconds instead of centiseconds. */
export function dashboardJson(d: Dashboard) {
  const counts = (c: Record<CellStatus, number>) => Object.fromEntries(CELL_STATUSES.map((s) => [s, c[s]]));
  return {
    page: d.page,
    pages: d.pages,
    perPage: d.perPage,
    total: d.total,
    counts: {
      population: d.counts.population,
      stuck: d.counts.stuck,
      overall: counts(d.counts.overall),
      modules: Object.fromEntries(d.modules.map((m, i) => [m.key, counts(d.counts.modules[i])])),
    },
    rows: d.rows.map((r) => ({
      id: r.id,
      firstName: r.firstName,
      lastName: r.lastName,
      email: r.email,
      region: r.region,
      overall: r.overall,
      progress: Math.round(r.progress * 10000) / 10000,
      lastActivityAt: r.lastActivityAt,
      stuck: { inactive: r.stuckInactive, failedTwice: r.stuckFailed },
      modules: Object.fromEntries(
        d.modules.map((m, i) => {
          const c = r.cells[i];
          return [
            m.key,
            {
              status: c.status,
              scoreScaled: c.scoreScaled,
              timeSeconds: Math.round(c.timeCs) / 100,
              lastActivityAt: c.lastActivityAt,
              attempts: c.attempts,
              failedAttempts: c.failedAttempts,
            },
          ];
        }),
      ),
      gate: r.gate,
    })),
  };
}
