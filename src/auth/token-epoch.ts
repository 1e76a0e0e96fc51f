/**
 * Per-user token epoch (users.token_epoch, migration 0012). Launch tokens carry the epoch they were
 * issued in; a bump retires every one of them. The commit routes ask `standings.of(userId)` on every
 * request, so the answer is cached for EPOCH_CACHE_TTL_MS in the `TokenStandings` the composition
 * root builds once per app (tests with several apps in one process get one each):
 * - the window: after a bump in ANOTHER process, tokens of that user keep working here for at most
 *   this long (a bump through these standings forgets its own entry at once);
 * - the cost: at most one primary-key read per user and TTL per worker, whatever the commit rate.
 * 5 s is far below any human reaction to "Überall abmelden" and still turns 5 commits/s/learner
 * into one read per 25 commits. Losing the cache (a worker dies) only costs a read.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import { User } from './user-model';

export const EPOCH_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 50_000;

export interface TokenStanding {
  epoch: number;
  active: boolean;
}

export interface TokenStandings {
  /** The user's current epoch and whether the account may act at all; null when the user does not exist. */
  of(userId: number): Promise<TokenStanding | null>;
  /**
   * Retires every launch token of the user (deactivation, logging out everywhere, a password reset).
   * Pass the caller's transaction when the bump belongs to a larger change.
   */
  bump(userId: number, transaction?: Transaction): Promise<void>;
}

export function createTokenStandings(opts: { ttlMs?: number } = {}): TokenStandings {
  const ttlMs = opts.ttlMs ?? EPOCH_CACHE_TTL_MS;
  const cache = new Map<number, { at: number; standing: Promise<TokenStanding | null> }>();
  return {
    of(userId) {
      const now = Date.now();
      const hit = cache.get(userId);
      if (hit && now - hit.at < ttlMs) return hit.standing;
      const standing = readStanding(userId);
      if (cache.size >= MAX_ENTRIES) cache.clear();
      cache.set(userId, { at: now, standing });
      standing.catch(() => cache.delete(userId));
      return standing;
    },
    async bump(userId, transaction) {
      await User.sequelize!.query('UPDATE users SET token_epoch = token_epoch + 1 WHERE id = ?', {
        replacements: [userId],
        type: QueryTypes.UPDATE,
        transaction,
      });
      cache.delete(userId);
      // The transaction may still be open: forget the entry again once it is committed.
      transaction?.afterCommit(() => {
        cache.delete(userId);
      });
    },
  };
}

async function readStanding(userId: number): Promise<TokenStanding | null> {
  const rows = await User.sequelize!.query<{ token_epoch: number; active: number | boolean }>(
    'SELECT token_epoch, active FROM users WHERE id = ?',
    { replacements: [userId], type: QueryTypes.SELECT },
  );
  if (rows.length === 0) return null;
  return { epoch: Number(rows[0].token_epoch), active: Boolean(Number(rows[0].active)) };
}
