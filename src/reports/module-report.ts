import { Q1_MODULES, isQ1ModuleKey } from '../shared/q1-modules';
import { NotFoundError } from '../shared/errors';
import type { ReportDb } from './db-values';
import { q1Packages } from './matrix-repository';
import {
  missedQuestions,
  moduleAverages,
  moduleFunnel,
  type MissedQuestion,
  type ModuleAverages,
  type ModuleFunnel,
} from './module-repository';
import type { ReportFilter } from './report-filter';
import type { Viewer } from './report-scope';

export interface ModuleReportPage {
  key: string;
  title: string;
  packageId: number | null;
  funnel: ModuleFunnel;
  averages: ModuleAverages | null;
  missed: MissedQuestion[];
}

export async function loadModuleReport(
  rdb: ReportDb,
  viewer: Viewer,
  moduleKey: string,
  filter: Partial<Pick<ReportFilter, 'region' | 'cohort' | 'q'>>,
): Promise<ModuleReportPage> {
  if (!isQ1ModuleKey(moduleKey)) throw new NotFoundError('reports.error.module_not_found', 'MODULE_NOT_FOUND');
  const title = Q1_MODULES.find((m) => m.key === moduleKey)!.title;
  const packageId = (await q1Packages(rdb)).find((m) => m.key === moduleKey)!.packageId;
  if (packageId === null) {
    // No package assigned yet: everyone registered, nobody started.
    const funnel = await moduleFunnel(rdb, viewer, filter, -1);
    return { key: moduleKey, title, packageId, funnel, averages: null, missed: [] };
  }
  const [funnel, averages, missed] = await Promise.all([
    moduleFunnel(rdb, viewer, filter, packageId),
    moduleAverages(rdb, viewer, filter, packageId),
    missedQuestions(rdb, viewer, filter, packageId),
  ]);
  return { key: moduleKey, title, packageId, funnel, averages, missed };
}
