import type { RequestHandler } from 'express';
import { userForApiToken } from './users';
import { UnauthorizedError } from '../shared/errors';

/** Scripts call /api/v1 with `Authorization: Bearer <token>`; a bad token is a 401, never a fallback to the session. */
export const bearerAuth: RequestHandler = async (req, _res, next) => {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return next();
  const user = await userForApiToken(header.slice(7).trim());
  if (!user) return next(new UnauthorizedError('error.api_token_invalid', 'API_TOKEN_INVALID'));
  req.user = user;
  req.bearerAuth = true;
  next();
};
