import { Router } from 'express';
import { parseReportFilter } from './report-filter';
import type { ReportDb } from './db-values';
import { dashboardJson, loadDashboard } from './dashboard';
import { loadLotseReport } from './lotse-report';
import { loadModuleReport } from './module-report';
import { viewerOf } from './routes';
import { idParam } from '../shared/web/input';

/** `/api/v1/reports` (behind requireStaff; session or bearer token): the same data as the pages. */
export function reportApiRoutes(rdb: ReportDb): Router {
  const r = Router();

  r.get('/matrix', async (req, res) => {
    const data = await loadDashboard(rdb, viewerOf(req), parseReportFilter(req.query), {
      charts: false,
      cohorts: false,
    });
    res.json(dashboardJson(data));
  });

  r.get('/lotsen/:userId', async (req, res) => {
    const report = await loadLotseReport(rdb, viewerOf(req), idParam(req, 'userId'));
    res.json({
      lotse: report.lotse,
      gate: report.gate,
      modules: report.modules.map((m) => ({
        ...m,
        attempts: m.attempts.map((a) => ({
          ...a,
          totalTimeSeconds: a.totalTimeCs / 100,
          totalTimeCs: undefined,
          scos: a.scos.map((s) => ({ ...s, totalTimeSeconds: s.totalTimeCs / 100, totalTimeCs: undefined })),
        })),
      })),
      audit: report.audit,
    });
  });

  r.get('/modules/:moduleKey', async (req, res) => {
    const report = await loadModuleReport(
      rdb,
      viewerOf(req),
      String(req.params.moduleKey),
      parseReportFilter(req.query),
    );
    res.json({
      ...report,
      averages: report.averages && {
        ...report.averages,
        avgTimeSeconds: report.averages.avgTimeCs === null ? null : report.averages.avgTimeCs / 100,
        avgTimeCs: undefined,
      },
    });
  });

  return r;
}
