import type { AppContext } from '../context';
import { countAdmins, createUser } from '../auth';
import { ValidationError } from '../shared/errors';
import { translate } from '../shared/i18n';

/** Creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD when the database has none. */
export async function ensureFirstAdmin(ctx: AppContext): Promise<void> {
  const { ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_NAME } = ctx.config;
  if (!ADMIN_EMAIL || !ADMIN_PASSWORD) return;
  if ((await countAdmins()) > 0) return;
  const [firstName, ...rest] = ADMIN_NAME.split(' ');
  try {
    await createUser({
      email: ADMIN_EMAIL,
      password: ADMIN_PASSWORD,
      firstName,
      lastName: rest.join(' ') || 'Admin',
      role: 'admin',
      region: null,
    });
  } catch (err) {
    // The start stops with the rule that was broken (e.g. a common ADMIN_PASSWORD), not a stack trace.
    if (!(err instanceof ValidationError)) throw err;
    const problems = Object.entries(err.fieldErrors)
      .map(([field, key]) => `${field}: ${translate('de', key)}`)
      .join('; ');
    throw new Error(`ADMIN_EMAIL/ADMIN_PASSWORD refused (${err.code}): ${problems}`, { cause: err });
  }
  ctx.logger.info({ email: ADMIN_EMAIL }, 'first admin created');
}
