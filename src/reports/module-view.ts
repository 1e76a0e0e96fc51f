import type { Request } from 'express';
import { filterQuery, type ReportFilter } from './report-filter';
import { hoursMinutes, scorePercent } from './report-format';
import type { ModuleReportPage } from './module-report';

/** The module page as the template prints it: funnel steps with shares, averages, missed questions. */
export function moduleView(req: Request, r: ModuleReportPage, filter: ReportFilter) {
  const base = r.funnel.registered || 1;
  const step = (key: 'registered' | 'started' | 'completed' | 'passed') => ({
    key,
    label: req.t(`reports.module.${key}`),
    count: r.funnel[key],
    pct: Math.round((r.funnel[key] / base) * 100),
  });
  const q = filterQuery({
    region: filter.region,
    cohort: filter.cohort,
    q: filter.q,
    stuckDays: filter.stuckDays,
    stuckOnly: false,
    sort: 'name',
    dir: 'asc',
    page: 1,
  });
  return {
    module: { key: r.key, title: r.title, packageId: r.packageId },
    funnel: [step('registered'), step('started'), step('completed'), step('passed')],
    averages: r.averages && {
      learners: r.averages.learners,
      attempts: r.averages.attempts,
      time: r.averages.avgTimeCs === null ? '–' : hoursMinutes(r.averages.avgTimeCs),
      score: scorePercent(r.averages.avgScoreScaled),
      completedScore: scorePercent(r.averages.avgCompletedScoreScaled),
    },
    missed: r.missed.map((m) => ({ ...m, pct: Math.round(m.share * 100) })),
    filter,
    backUrl: `/reports${q ? `?${q}` : ''}`,
    interactionsUrl: `/reports/export/interactions.csv?${filterQuery({ ...filter, stuckOnly: false, sort: 'name', dir: 'asc' }, { module: r.key })}`,
  };
}
