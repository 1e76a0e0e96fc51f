import rateLimit, { ipKeyGenerator, type RateLimitRequestHandler } from 'express-rate-limit';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Request, Response } from 'express';
import { DatabaseRateLimitStore } from '../shared/web/rate-limit-store';

export interface LoginLimitConfig {
  /** Failures per account and client IP before the delays begin. */
  perAccount: number;
  maxDelayMinutes: number;
  perIp: number;
  windowMinutes: number;
}

const FIRST_DELAY_SECONDS = 15;
/** A pair that has not failed for a day starts from zero again. */
const FORGET_AFTER_MS = 24 * 3600_000;

export function clientIp(req: Request): string {
  return ipKeyGenerator(req.ip ?? 'unknown');
}

export function loginEmail(req: Request): string {
  const email = req.body?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
}

/**
 * Growing delays per account and client IP instead of an account lock-out: after `perAccount`
 * failures from one IP, that IP must wait 15 s, then 30 s, 60 s … up to `maxDelayMinutes` before it
 * may try this account again. A stranger therefore slows only their own guessing; the owner, from
 * another IP, still logs in. The counters sit in `rate_limits` (row `login-delay:<email>|<ip>`: `hits`
 * = failures, `reset_at` = when the next try is allowed), shared by every app process.
 */
export class LoginBackoff {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly cfg: LoginLimitConfig,
  ) {}

  private key(email: string, ip: string): string {
    return `login-delay:${email}|${ip}`.slice(0, 191);
  }

  /** Seconds still to wait before this pair may try again, 0 when it may. */
  async waitSeconds(email: string, ip: string): Promise<number> {
    const rows = await this.sequelize.query<{ hits: number; reset_at: string | Date }>(
      'SELECT hits, reset_at FROM rate_limits WHERE `key` = ?',
      { replacements: [this.key(email, ip)], type: QueryTypes.SELECT },
    );
    if (!rows[0] || Number(rows[0].hits) < this.cfg.perAccount) return 0;
    const ms = new Date(rows[0].reset_at).getTime() - Date.now();
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const k = this.key(email, ip);
    await this.sequelize.transaction(async (transaction) => {
      const lock = this.sequelize.getDialect() === 'sqlite' ? '' : ' FOR UPDATE';
      const rows = await this.sequelize.query<{ hits: number; reset_at: string | Date }>(
        `SELECT hits, reset_at FROM rate_limits WHERE \`key\` = ?${lock}`,
        { replacements: [k], type: QueryTypes.SELECT, transaction },
      );
      const now = Date.now();
      const stale = rows[0] && new Date(rows[0].reset_at).getTime() < now - FORGET_AFTER_MS;
      const hits = rows[0] && !stale ? Number(rows[0].hits) + 1 : 1;
      const over = hits - this.cfg.perAccount;
      const delayMs =
        over >= 0 ? Math.min(FIRST_DELAY_SECONDS * 1000 * 2 ** over, this.cfg.maxDelayMinutes * 60_000) : 0;
      const next = new Date(now + delayMs);
      if (rows[0]) {
        await this.sequelize.query('UPDATE rate_limits SET hits = ?, reset_at = ? WHERE `key` = ?', {
          replacements: [hits, next, k],
          transaction,
        });
      } else {
        await this.sequelize.query('INSERT INTO rate_limits (`key`, hits, reset_at) VALUES (?, ?, ?)', {
          replacements: [k, hits, next],
          transaction,
        });
      }
    });
  }

  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.sequelize.query('DELETE FROM rate_limits WHERE `key` = ?', { replacements: [this.key(email, ip)] });
  }
}

/** Per client IP, failed logins in a window: against spraying one password over many accounts. */
export function loginIpLimiter(sequelize: Sequelize, cfg: LoginLimitConfig): RateLimitRequestHandler {
  const tooMany = (req: Request, res: Response) => {
    res.status(429).render('auth/login', {
      title: req.t('login.title'),
      values: { email: loginEmail(req) },
      formError: req.t('login.rate_limited', { minutes: cfg.windowMinutes }),
    });
  };
  return rateLimit({
    windowMs: cfg.windowMinutes * 60_000,
    limit: cfg.perIp,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: tooMany,
    store: new DatabaseRateLimitStore(sequelize, 'login-ip'),
    keyGenerator: clientIp,
  });
}

/**
 * Requests that send a mail to an address (registration, password reset): per client IP and per
 * address, counted whether or not the address has an account, so the limit tells nothing either.
 */
export function accountMailLimiters(
  sequelize: Sequelize,
  cfg: { perIp: number; perAddress: number },
  onLimit: (req: Request, res: Response) => void,
): RateLimitRequestHandler[] {
  const common = { windowMs: 3600_000, standardHeaders: 'draft-7' as const, legacyHeaders: false, handler: onLimit };
  return [
    rateLimit({
      ...common,
      limit: cfg.perIp,
      store: new DatabaseRateLimitStore(sequelize, 'account-mail-ip'),
      keyGenerator: clientIp,
    }),
    rateLimit({
      ...common,
      limit: cfg.perAddress,
      store: new DatabaseRateLimitStore(sequelize, 'account-mail-address'),
      keyGenerator: (req) => loginEmail(req) || 'empty',
    }),
  ];
}
