import type { AppContext } from '../context';
import { ensureFirstAdmin } from './first-admin';
import { importBuiltCourses } from './import-courses';
import { settleDueCohorts } from '../curriculum';
import { cleanPackageStorage } from '../packages';

/**
 * What a start does after the migrations: the first admin; leftovers of interrupted imports removed;
 * the Q1 course import; Q2 cohorts whose end date passed while no process ran get their completions.
 */
export async function runStartupTasks(ctx: AppContext): Promise<void> {
  await ensureFirstAdmin(ctx);
  const cleaned = await cleanPackageStorage();
  if (cleaned.removedContent.length || cleaned.removedTmp.length) ctx.logger.warn(cleaned, 'removed leftovers of interrupted imports');
  if (ctx.config.IMPORT_COURSES === 'true') await importBuiltCourses(ctx);
  await settleDueCohorts((err) => ctx.logger.error({ err }, 'settling finished Q2 cohorts failed'));
}
