import type { AppContext } from '../context';
import { createApiToken } from '../auth';
import { User } from '../auth';

/**
 * `token:create --email E [--label L]`: prints a new bearer token for scripts calling /api/v1 as that
 * user (`Authorization: Bearer <token>`). Only its hash is stored, so it is shown this once.
 */
export async function tokenCreate(_ctx: AppContext, _pos: string[], o: Record<string, string | true>): Promise<number> {
  const email = typeof o.email === 'string' ? o.email.trim().toLowerCase() : '';
  const user = email ? await User.findOne({ where: { email, active: true } }) : null;
  if (!user) {
    console.error(
      JSON.stringify({ code: 'USER_NOT_FOUND', message: 'Kein aktives Konto mit dieser E-Mail-Adresse (--email).' }),
    );
    return 1;
  }
  const label = typeof o.label === 'string' ? o.label : 'cli';
  const token = await createApiToken(user.id, label);
  console.log(JSON.stringify({ userId: user.id, email: user.email, role: user.role, label, token }));
  return 0;
}
