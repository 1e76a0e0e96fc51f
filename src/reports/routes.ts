import { Router, type Request } from 'express';
import { Q1_MODULES } from '../shared/q1-modules';
import type { ReportDb } from './db-values';
import { parseReportFilter } from './report-filter';
import { loadDashboard } from './dashboard';
import { dashboardView } from './dashboard-view';
import { loadLotseReport } from './lotse-report';
import { lotseView } from './lotse-view';
import { loadModuleReport } from './module-report';
import { moduleView } from './module-view';
import { streamInteractionsCsv, streamMatrixCsv } from './csv-exports';
import type { Viewer } from './report-scope';
import './messages';
import { offeringReportRoutes } from './offerings-routes';
import { id, idParam } from '../shared/web/input';

const PAGE = { styles: ['/static/css/reports.css'], wide: true };

export function viewerOf(req: Request): Viewer {
  return { id: req.user!.id, role: req.user!.role, region: req.user!.region ?? null };
}

/** Staff pages under /reports (mounted behind requireStaff): dashboard, drill-down, module, CSV. */
export function reportRoutes(rdb: ReportDb): Router {
  const r = Router();
  r.use(offeringReportRoutes());

  r.get('/', async (req, res) => {
    const filter = parseReportFilter(req.query);
    const data = await loadDashboard(rdb, viewerOf(req), filter);
    res.render('reports/dashboard', {
      ...PAGE,
      title: req.t('reports.title'),
      isAdminView: req.user!.role === 'admin',
      scripts: ['/vendor/chart.js/chart.umd.js', '/static/js/reports-charts.js'],
      ...dashboardView(req, data),
    });
  });

  r.get('/lotsen/:userId', async (req, res) => {
    const report = await loadLotseReport(rdb, viewerOf(req), idParam(req, 'userId'));
    res.render('reports/lotse', {
      ...PAGE,
      title: `${report.lotse.firstName} ${report.lotse.lastName}`,
      ...lotseView(req, report),
    });
  });

  r.get('/modules/:moduleKey', async (req, res) => {
    const filter = parseReportFilter(req.query);
    const report = await loadModuleReport(rdb, viewerOf(req), String(req.params.moduleKey), filter);
    res.render('reports/module', {
      ...PAGE,
      title: req.t('reports.module.title', { title: report.title }),
      ...moduleView(req, report, filter),
    });
  });

  r.get('/export/matrix.csv', async (req, res) => {
    await streamMatrixCsv(rdb, res, viewerOf(req), parseReportFilter(req.query));
  });

  r.get('/export/interactions.csv', async (req, res) => {
    const moduleKey = Q1_MODULES.find((m) => m.key === req.query.module)?.key;
    const userId = id.parse(req.query.lotse);
    await streamInteractionsCsv(rdb, res, viewerOf(req), parseReportFilter(req.query), {
      moduleKey,
      userId: userId || undefined,
    });
  });

  return r;
}
