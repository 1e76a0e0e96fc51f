import type { AppContext } from '../context';
import { ensureFirstAdmin } from './first-admin';
import { importBuiltCourses } from './import-courses';
import { cleanPackageStorage } from '../packages';

/**
 * Private keys at rest (src/shared/secret-box.ts): encrypts those still plain when KEY_ENCRYPTION_KEY
 * is set, and stops the start when a sealed one does not open (key missing or another key). Without the
 * setting the server works and says once per start that the keys are stored in plain.
 */
export async function secureStoredKeys(ctx: AppContext): Promise<void> {
  const { encrypted, plain } = await ctx.services.lti.keys.secureStored();
  if (encrypted) ctx.logger.info({ encrypted }, 'stored LTI private keys encrypted under KEY_ENCRYPTION_KEY');
  if (!ctx.config.KEY_ENCRYPTION_KEY)
    ctx.logger.warn(
      { plain },
      'KEY_ENCRYPTION_KEY is not set: LTI private keys are stored unencrypted in the database (docs/operations.md)',
    );
}

/**
 * What a start does after the migrations: the first admin; leftovers of interrupted imports removed;
 * the Q1 course import. (Missed events — finished cohorts, due certificates — are the catch-up job's,
 * src/jobs, which the server runs right after these.)
 */
export async function runStartupTasks(ctx: AppContext): Promise<void> {
  await secureStoredKeys(ctx);
  await ensureFirstAdmin(ctx);
  const cleaned = await cleanPackageStorage(ctx.services.packages);
  if (cleaned.removedContent.length || cleaned.removedTmp.length)
    ctx.logger.warn(cleaned, 'removed leftovers of interrupted imports');
  if (ctx.config.IMPORT_COURSES === 'true') await importBuiltCourses(ctx);
}
