import type { AppContext } from '../context';
import { issueApiToken, User } from '../auth';

/**
 * `token:create --email E [--label L] [--scope admin|tutor|lotse|teilnehmer|read]`: prints a new bearer token for
 * scripts calling /api/v1 as that user (`Authorization: Bearer <token>`). Without `--scope` the token
 * acts in the owner's role; a scope above the owner's role is refused. Only its hash is stored, so it is
 * shown this once; revoke it at /admin/api-tokens.
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
  const scope = typeof o.scope === 'string' ? o.scope : undefined;
  // A refused scope throws a ValidationError; the CLI prints its code (API_SCOPE_ABOVE_ROLE, VALIDATION_FAILED).
  const issued = await issueApiToken(user.id, { label, scope }, null);
  console.log(
    JSON.stringify({
      id: issued.id,
      userId: user.id,
      email: user.email,
      role: user.role,
      scope: issued.scope,
      label: issued.label,
      token: issued.token,
    }),
  );
  return 0;
}
