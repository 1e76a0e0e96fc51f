import type { AppContext } from '../context';
import { ensureFirstAdmin } from './first-admin';
import { importBuiltCourses } from './import-courses';
import { cleanPackageStorage } from '../packages';

/**
 * What a start does after the migrations: the first admin; leftovers of interrupted imports removed;
 * the Q1 course import. (Missed events — finished cohorts, due certificates — are the catch-up job's,
 * src/jobs, which the server runs right after these.)
 */
export async function runStartupTasks(ctx: AppContext): Promise<void> {
  await ensureFirstAdmin(ctx);
  const cleaned = await cleanPackageStorage(ctx.services.packages);
  if (cleaned.removedContent.length || cleaned.removedTmp.length)
    ctx.logger.warn(cleaned, 'removed leftovers of interrupted imports');
  if (ctx.config.IMPORT_COURSES === 'true') await importBuiltCourses(ctx);
}
