import type { AppContext } from '../context';
import { createUser } from '../auth';
import { ValidationError } from '../shared/errors';

/** `user:add --email E --password P --role lotse|tutor|admin --name "First Last" [--region R]` */
export async function userAdd(_ctx: AppContext, _pos: string[], o: Record<string, string | true>): Promise<number> {
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  const name = str('name') ?? '';
  const [firstName, ...rest] = name.trim().split(/\s+/);
  try {
    if (!str('password'))
      throw new ValidationError('error.password_required', { password: 'error.password_too_short' });
    const user = await createUser({
      email: str('email'),
      password: str('password'),
      role: str('role'),
      firstName: str('first-name') ?? firstName,
      lastName: str('last-name') ?? rest.join(' '),
      region: str('region') ?? null,
    });
    console.log(
      JSON.stringify({ id: user.id, email: user.email, role: user.role, region: user.region, name: user.name }),
    );
    return 0;
  } catch (err) {
    if (err instanceof ValidationError) {
      console.error(JSON.stringify({ code: err.code, message: err.message, fields: err.fieldErrors }));
      return 1;
    }
    throw err;
  }
}
