import rateLimit, { ipKeyGenerator, type RateLimitRequestHandler } from 'express-rate-limit';
import type { Sequelize } from 'sequelize';
import type { Request, Response } from 'express';
import { DatabaseRateLimitStore } from '../shared/web/rate-limit-store';

export interface LoginLimitConfig {
  perAccount: number;
  perIp: number;
  windowMinutes: number;
}

/** Two limits on failed logins: per account (guessing one password) and per IP (trying many accounts). */
export function loginLimiters(sequelize: Sequelize, cfg: LoginLimitConfig): RateLimitRequestHandler[] {
  const windowMs = cfg.windowMinutes * 60_000;
  const tooMany = (req: Request, res: Response) => {
    res.status(429).render('auth/login', {
      title: req.t('login.title'),
      values: { email: String(req.body?.email ?? '') },
      formError: req.t('login.rate_limited', { minutes: cfg.windowMinutes }),
    });
  };
  const common = { windowMs, skipSuccessfulRequests: true, standardHeaders: 'draft-7' as const, legacyHeaders: false, handler: tooMany };
  return [
    rateLimit({
      ...common,
      limit: cfg.perIp,
      store: new DatabaseRateLimitStore(sequelize, 'login-ip'),
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
    }),
    rateLimit({
      ...common,
      limit: cfg.perAccount,
      store: new DatabaseRateLimitStore(sequelize, 'login-account'),
      keyGenerator: (req) => String(req.body?.email ?? '').trim().toLowerCase() || 'empty',
    }),
  ];
}
