import type { AppContext } from '../context';
import { countAdmins, createUser } from '../auth';

/** Creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD when the database has none. */
export async function ensureFirstAdmin(ctx: AppContext): Promise<void> {
  const { ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_NAME } = ctx.config;
  if (!ADMIN_EMAIL || !ADMIN_PASSWORD) return;
  if ((await countAdmins()) > 0) return;
  const [firstName, ...rest] = ADMIN_NAME.split(' ');
  await createUser({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD, firstName, lastName: rest.join(' ') || 'Admin', role: 'admin', region: null });
  ctx.logger.info({ email: ADMIN_EMAIL }, 'first admin created');
}
