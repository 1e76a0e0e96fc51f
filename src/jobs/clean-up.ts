import type { Sequelize } from 'sequelize';
import { deleteStaleTokens } from '../auth';
import { deleteDoneBefore } from '../outbox';
import { deleteExpiredSessions } from '../shared/web/session-store';
import { deleteStaleRateLimits } from '../shared/web/rate-limit-store';

const DAY = 86_400_000;

export interface CleanUpReport {
  sessions: number;
  tokens: number;
  rateLimits: number;
  outbox: number;
}

/**
 * Removes what nobody needs any more: expired sessions, invitation / reset / confirmation tokens a
 * week after they expired or were used (API tokens stay until revoked), rate-limit counters whose
 * window ended a day ago, and outbox messages done for a week. Every step is a plain DELETE by time,
 * idempotent, so two processes doing it at once do no harm.
 */
export async function runCleanUp(sequelize: Sequelize, now = Date.now()): Promise<CleanUpReport> {
  return {
    sessions: await deleteExpiredSessions(new Date(now)),
    tokens: await deleteStaleTokens(new Date(now - 7 * DAY)),
    rateLimits: await deleteStaleRateLimits(sequelize, new Date(now - DAY)),
    outbox: await deleteDoneBefore(sequelize, now - 7 * DAY),
  };
}
