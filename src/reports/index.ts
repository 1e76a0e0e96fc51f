/**
 * reports — tutor dashboards, drill-downs, module analysis and CSV/JSON exports. Read only: it never
 * writes a row. Other components use only this file.
 */
import './messages';

export { reportRoutes } from './routes';
export { reportApiRoutes } from './api-routes';
export { loadDashboard, dashboardJson, type Dashboard } from './dashboard';
export { loadLotseReport, type LotseReport } from './lotse-report';
export { loadModuleReport, type ModuleReportPage } from './module-report';
export { parseReportFilter, type ReportFilter } from './report-filter';
export type { Viewer } from './report-scope';
export { createReportDb, type ReportDb } from './db-values';
