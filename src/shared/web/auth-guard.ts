import type { Request, Response, NextFunction, RequestHandler } from 'express';
import { NoPermissionError, UnauthorizedError } from '../errors';
import type { Role } from '../regions';

export function wantsJson(req: Request): boolean {
  return req.originalUrl.startsWith('/api/') || (req.accepts(['html', 'json']) === 'json' && !req.accepts('html'));
}

/** Pages redirect a visitor to the login (and back afterwards); the API answers 401. */
export const requireLogin: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
  if (req.user) return next();
  if (wantsJson(req)) return next(new UnauthorizedError());
  const back = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
  res.redirect(303, `/login${back}`);
};

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    if (!req.user) return requireLogin(req, res, next);
    if (!roles.includes(req.user.role)) return next(new NoPermissionError());
    next();
  };
}

export const requireAdmin = requireRole('admin');
export const requireStaff = requireRole('tutor', 'admin');
export const requireLotse = requireRole('lotse');

/** Only local paths are followed after login, so `?next=` cannot send a user to another site. */
export function safeNext(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
    return fallback;
  return value;
}
