import type { AppContext } from '../context';
import { addPlatform } from '../lti';
import { ValidationError } from '../shared/errors';
import { translate } from '../shared/i18n';

/**
 * `lti:platform:add --issuer I --client-id C --deployment-id D --auth-url U --token-url T --jwks-url J [--name N]`:
 * registers an LTI 1.3 platform and prints it as JSON (with its `id`). Several deployment ids: separate
 * them with commas. Invalid input → the problems as JSON on stderr, exit 1.
 */
export async function ltiPlatformAdd(
  ctx: AppContext,
  _pos: string[],
  o: Record<string, string | true>,
): Promise<number> {
  const s = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : '');
  let platform;
  try {
    platform = await addPlatform(
      ctx.sequelize,
      {
        issuer: s('issuer'),
        clientId: s('client-id'),
        name: s('name') || undefined,
        deploymentIds: s('deployment-id')
          .split(',')
          .map((d) => d.trim())
          .filter(Boolean),
        authUrl: s('auth-url'),
        tokenUrl: s('token-url'),
        jwksUrl: s('jwks-url'),
      },
      null,
    );
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    // Name each field's problem, so a script's author sees which option is wrong.
    const fields = Object.fromEntries(Object.entries(err.fieldErrors).map(([k, key]) => [k, translate('de', key)]));
    console.error(JSON.stringify({ code: err.code, message: err.message, fields }));
    return 1;
  }
  console.log(JSON.stringify(platform));
  return 0;
}

/** `lti:key:rotate`: a new signing key; the old one stays in /lti/jwks for an hour. Prints the new kid. */
export async function ltiKeyRotate(ctx: AppContext): Promise<number> {
  const kid = await ctx.services.lti.keys.rotate();
  console.log(JSON.stringify({ kid }));
  return 0;
}
