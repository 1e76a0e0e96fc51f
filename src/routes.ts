import { Router } from 'express';
import type { AppContext } from './context';
import { requireLogin, requireAdmin } from './shared/web/auth-guard';
import { authRoutes } from './auth/routes';
import { adminUserRoutes } from './admin/users-routes';
import { homeRoutes } from './home/routes';

/** The one route table of the web app: one line per mounted component, each with its guard. */
export function buildRoutes(ctx: AppContext): Router {
  const { config } = ctx;
  const r = Router();
  r.use(authRoutes({ sequelize: ctx.sequelize, mailer: ctx.mailer, baseUrl: config.BASE_URL, limits: { perAccount: config.LOGIN_MAX_PER_ACCOUNT, perIp: config.LOGIN_MAX_PER_IP, windowMinutes: config.LOGIN_WINDOW_MINUTES } }));
  r.use('/admin/users', requireAdmin, adminUserRoutes({ mailer: ctx.mailer, baseUrl: config.BASE_URL }));
  r.use(homeRoutes(requireLogin));
  return r;
}

/** Routes that authorise each request by a token in the URL instead of a CSRF token (see app.ts). */
export function buildUrlTokenRoutes(_ctx: AppContext): Router {
  const r = Router();
  return r;
}
