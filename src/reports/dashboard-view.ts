import type { Request } from 'express';
import {
  CELL_STATUSES,
  DEFAULT_STUCK_DAYS,
  SORTS,
  filterQuery,
  type CellStatus,
  type ReportFilter,
} from './report-filter';
import { STATUS_ICON, hoursMinutes, scorePercent } from './report-format';
import type { Dashboard } from './dashboard';

/** Turns the dashboard data into what the template prints (labels, icons, links, chart JSON). */
export function dashboardView(req: Request, d: Dashboard) {
  const t = req.t;
  const status = (s: CellStatus) => ({ key: s, icon: STATUS_ICON[s], label: t(`reports.status.${s}`) });
  const q = filterQuery(d.filter);
  const link = (patch: Partial<ReportFilter>) => `/reports?${filterQuery({ ...d.filter, ...patch })}`;
  // Module page and answers export take only the person filters.
  const personQuery = filterQuery({
    region: d.filter.region,
    cohort: d.filter.cohort,
    q: d.filter.q,
    stuckDays: DEFAULT_STUCK_DAYS,
    stuckOnly: false,
    sort: 'name',
    dir: 'asc',
    page: 1,
  });
  const countGroup = (title: string, moduleKey: string | undefined, counts: Record<CellStatus, number>) => ({
    title,
    items: CELL_STATUSES.map((s) => ({
      ...status(s),
      count: counts[s],
      href: link({ module: moduleKey, status: s, stuckOnly: false }),
      active: d.filter.module === moduleKey && d.filter.status === s,
    })),
  });
  return {
    filter: d.filter,
    modules: d.modules.map((m) => ({ ...m, href: `/reports/modules/${m.key}${personQuery ? `?${personQuery}` : ''}` })),
    statuses: CELL_STATUSES.map(status),
    sorts: SORTS.map((s) => ({ key: s, label: t(`reports.sort.${s}`) })),
    cohorts: d.cohorts,
    counts: {
      population: d.counts.population,
      stuck: d.counts.stuck,
      stuckHref: link({ stuckOnly: true, status: undefined }),
      groups: [
        countGroup(t('reports.counts.overall'), undefined, d.counts.overall),
        ...d.modules.map((m, i) => countGroup(m.title, m.key, d.counts.modules[i])),
      ],
    },
    rows: d.rows.map((r) => ({
      id: r.id,
      name: `${r.lastName}, ${r.firstName}`,
      email: r.email,
      region: r.region,
      cells: r.cells.map((c) => ({
        ...status(c.status),
        score: scorePercent(c.scoreScaled),
        time: c.attempts ? hoursMinutes(c.timeCs) : null,
        last: c.lastActivityAt,
      })),
      overall: status(r.overall),
      progress: Math.round(r.progress * 100),
      lastActivityAt: r.lastActivityAt,
      stuck: r.stuckInactive || r.stuckFailed,
      stuckReasons: [
        r.stuckInactive ? t('reports.stuck.inactive', { days: d.filter.stuckDays }) : '',
        r.stuckFailed ? t('reports.stuck.failed') : '',
      ]
        .filter(Boolean)
        .join('; '),
      gate: r.gate && {
        q1: r.gate.q1,
        authorisation: {
          key: r.gate.authorisation,
          label: t(`reports.auth.${r.gate.authorisation}`),
          ok: r.gate.authorisation === 'verified',
        },
        workshop: {
          key: r.gate.workshop,
          label: t(`reports.workshop.${r.gate.workshop}`),
          ok: r.gate.workshop === 'attended',
        },
        q2: { key: r.gate.q2, label: t(`reports.q2.${r.gate.q2}`), cohort: r.gate.cohort?.title ?? null },
      },
      offerings:
        r.offerings && t('reports.offerings.short', { done: r.offerings.done, enrolled: r.offerings.enrolled }),
    })),
    total: d.total,
    page: d.page,
    pages: d.pages,
    pagerQuery: q,
    csvUrl: `/reports/export/matrix.csv${q ? `?${q}` : ''}`,
    interactionsUrl: `/reports/export/interactions.csv${personQuery ? `?${personQuery}` : ''}`,
    chartData: {
      modules: d.modules.map((m) => m.title),
      statuses: CELL_STATUSES.map((s) => t(`reports.status.${s}`)),
      share: d.modules.map((_, i) => CELL_STATUSES.map((s) => d.counts.modules[i][s])),
      weeks: d.charts.weeks,
      scores: d.charts.scores,
      labels: {
        share: t('reports.charts.share'),
        weekly: t('reports.charts.weekly'),
        scores: t('reports.charts.scores'),
        scoresAxis: t('reports.charts.scores_axis'),
        countAxis: t('reports.charts.count_axis'),
      },
    },
    weekTable: d.charts.weeks,
    scoreTable: d.charts.scores.map((n, i) => ({ range: `${i * 10}–${i === 9 ? 100 : i * 10 + 9} %`, count: n })),
  };
}
