import type { AppContext } from '../context';
import { ensureFirstAdmin } from './first-admin';
import { importBuiltCourses } from './import-courses';

/** What a start does after the migrations: the first admin, then the Q1 course import. */
export async function runStartupTasks(ctx: AppContext): Promise<void> {
  await ensureFirstAdmin(ctx);
  if (ctx.config.IMPORT_COURSES === 'true') await importBuiltCourses(ctx);
}
