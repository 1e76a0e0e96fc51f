import type { AppContext } from '../context';
import { ensureFirstAdmin } from './first-admin';
import { importBuiltCourses } from './import-courses';
import { settleDueCohorts } from '../curriculum';

/** What a start does after the migrations: the first admin, the Q1 course import, and Q2 cohorts
 * whose end date passed while no process was running get their completions stored. */
export async function runStartupTasks(ctx: AppContext): Promise<void> {
  await ensureFirstAdmin(ctx);
  if (ctx.config.IMPORT_COURSES === 'true') await importBuiltCourses(ctx);
  await settleDueCohorts((err) => ctx.logger.error({ err }, 'settling finished Q2 cohorts failed'));
}
