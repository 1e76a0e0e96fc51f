import { Router, type Request } from 'express';
import { z } from 'zod';
import { API_SCOPES, issueApiToken, listApiTokens, revokeApiToken, findActiveUserByEmail } from '../auth';
import { ValidationError } from '../shared/errors';
import { flash } from '../shared/web/locals';
import { formErrors, idParam, parseBody } from '../shared/web/input';
import './messages';

const ownerInput = z.object({
  email: z.string().trim().toLowerCase().max(191).optional().default(''),
});

/**
 * "API-Zugänge" (/admin/api-tokens, requireAdmin): every API token with its owner, scope, last use and
 * state; an admin makes a token for any active account (the secret is shown once) and revokes any token.
 * Creating and revoking are audited by auth (api_token.created / api_token.revoked).
 */
export function adminApiTokenRoutes(deps: { baseUrl: string }): Router {
  const r = Router();

  async function renderList(req: Request, extra: Record<string, unknown> = {}) {
    const tokens = await listApiTokens();
    return {
      title: req.t('api_tokens.title'),
      tokens,
      scopes: API_SCOPES,
      values: { scope: 'read', email: req.user!.email },
      wide: true,
      ...extra,
    };
  }

  r.get('/', async (req, res) => res.render('admin/api-tokens', await renderList(req)));

  r.post('/', async (req, res) => {
    const { email } = parseBody(req, ownerInput);
    try {
      const owner = email ? await findActiveUserByEmail(email) : null;
      if (!owner) throw new ValidationError('error.check_input', { email: 'error.user_not_found' }, 'USER_NOT_FOUND');
      const issued = await issueApiToken(owner.id, { label: req.body?.label, scope: req.body?.scope }, req.user!.id);
      res.status(201).render('admin/api-token-created', {
        title: req.t('api_tokens.created_title'),
        issued,
        apiUrl: `${deps.baseUrl}/api/v1`,
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res
        .status(422)
        .render(
          'admin/api-tokens',
          await renderList(req, { values: req.body, errors: formErrors(req, err), formError: req.t('error.form') }),
        );
    }
  });

  r.post('/:id/revoke', async (req, res) => {
    const { changed } = await revokeApiToken(idParam(req), req.user!.id);
    flash(req, changed ? 'success' : 'info', req.t(changed ? 'api_tokens.revoked' : 'api_tokens.already_revoked'));
    res.redirect(303, '/admin/api-tokens');
  });
  return r;
}
