import type { Store, Options, IncrementResponse } from 'express-rate-limit';
import type { Sequelize } from 'sequelize';
import { Op, QueryTypes } from 'sequelize';

/** Counters whose window ended before `before` count nothing any more (scheduled clean-up). */
export async function deleteStaleRateLimits(sequelize: Sequelize, before: Date): Promise<number> {
  const n = await sequelize.getQueryInterface().bulkDelete('rate_limits', { reset_at: { [Op.lt]: before } }, {});
  return Number(n) || 0;
}

/**
 * Rate-limit counters in the database, so every app process behind a load balancer counts the same
 * hits. One row per key; the read-modify-write runs in a transaction that locks the row.
 */
export class DatabaseRateLimitStore implements Store {
  windowMs = 60_000;
  constructor(
    private readonly sequelize: Sequelize,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  private key(key: string): string {
    return `${this.prefix}:${key}`.slice(0, 191);
  }

  async get(key: string): Promise<{ totalHits: number; resetTime: Date } | undefined> {
    const rows = await this.sequelize.query<{ hits: number; reset_at: string | Date }>(
      'SELECT hits, reset_at FROM rate_limits WHERE `key` = ?',
      { replacements: [this.key(key)], type: QueryTypes.SELECT },
    );
    if (!rows[0]) return undefined;
    const resetTime = new Date(rows[0].reset_at);
    return resetTime < new Date() ? undefined : { totalHits: Number(rows[0].hits), resetTime };
  }

  async increment(key: string): Promise<IncrementResponse> {
    const k = this.key(key);
    return this.sequelize.transaction(async (transaction) => {
      const lock = this.sequelize.getDialect() === 'sqlite' ? '' : ' FOR UPDATE';
      const rows = await this.sequelize.query<{ hits: number; reset_at: string | Date }>(
        `SELECT hits, reset_at FROM rate_limits WHERE \`key\` = ?${lock}`,
        { replacements: [k], type: QueryTypes.SELECT, transaction },
      );
      const now = new Date();
      const current = rows[0];
      if (!current || new Date(current.reset_at) <= now) {
        const resetTime = new Date(now.getTime() + this.windowMs);
        if (current) {
          await this.sequelize.query('UPDATE rate_limits SET hits = 1, reset_at = ? WHERE `key` = ?', {
            replacements: [resetTime, k],
            transaction,
          });
        } else {
          await this.sequelize.query('INSERT INTO rate_limits (`key`, hits, reset_at) VALUES (?, 1, ?)', {
            replacements: [k, resetTime],
            transaction,
          });
        }
        return { totalHits: 1, resetTime };
      }
      await this.sequelize.query('UPDATE rate_limits SET hits = hits + 1 WHERE `key` = ?', {
        replacements: [k],
        transaction,
      });
      return { totalHits: Number(current.hits) + 1, resetTime: new Date(current.reset_at) };
    });
  }

  async decrement(key: string): Promise<void> {
    await this.sequelize.query('UPDATE rate_limits SET hits = hits - 1 WHERE `key` = ? AND hits > 0', {
      replacements: [this.key(key)],
    });
  }

  async resetKey(key: string): Promise<void> {
    await this.sequelize.query('DELETE FROM rate_limits WHERE `key` = ?', { replacements: [this.key(key)] });
  }
}
