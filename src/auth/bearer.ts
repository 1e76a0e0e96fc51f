import type { RequestHandler } from 'express';
import { resolveApiToken } from './api-tokens';
import { NoPermissionError, UnauthorizedError } from '../shared/errors';

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Scripts call /api/v1 with `Authorization: Bearer <token>`; a bad or revoked token is a 401, never a
 * fall-back to the session. The user is set with the role the token's scope allows (so every guard and
 * service check applies to the scope, not the owner); a `read` token may only GET (403 otherwise).
 */
export const bearerAuth: RequestHandler = async (req, _res, next) => {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return next();
  const caller = await resolveApiToken(header.slice(7).trim());
  if (!caller) return next(new UnauthorizedError('error.api_token_invalid', 'API_TOKEN_INVALID'));
  req.user = caller.user;
  req.bearerAuth = true;
  req.apiScope = caller.scope;
  if (caller.readOnly && !READ_METHODS.has(req.method)) {
    return next(new NoPermissionError('error.api_scope_read_only', 'API_SCOPE_INSUFFICIENT'));
  }
  next();
};
