/**
 * Per-user token epoch (users.token_epoch, migration 0012). Launch tokens carry the epoch they were
 * issued in; a bump retires every one of them. The commit routes ask `tokenStanding(userId)` on every
 * request, so the answer is cached in this process for EPOCH_CACHE_TTL_MS:
 * - the window: after a bump in ANOTHER process, tokens of that user keep working here for at most
 *   this long (the bumping process forgets its own entry at once);
 * - the cost: at most one primary-key read per user and TTL per worker, whatever the commit rate.
 * 5 s is far below any human reaction to "Überall abmelden" and still turns 5 commits/s/learner
 * into one read per 25 commits. Losing the cache (a worker dies) only costs a read.
 */
import { QueryTypes } from 'sequelize';
import { User } from './user-model';

export const EPOCH_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 50_000;

export interface TokenStanding {
  epoch: number;
  active: boolean;
}

const cache = new Map<number, { at: number; standing: Promise<TokenStanding | null> }>();

/** The user's current epoch and whether the account may act at all; null when the user does not exist. */
export function tokenStanding(userId: number): Promise<TokenStanding | null> {
  const now = Date.now();
  const hit = cache.get(userId);
  if (hit && now - hit.at < EPOCH_CACHE_TTL_MS) return hit.standing;
  const standing = readStanding(userId);
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(userId, { at: now, standing });
  standing.catch(() => cache.delete(userId));
  return standing;
}

async function readStanding(userId: number): Promise<TokenStanding | null> {
  const rows = await User.sequelize!.query<{ token_epoch: number; active: number | boolean }>(
    'SELECT token_epoch, active FROM users WHERE id = ?',
    { replacements: [userId], type: QueryTypes.SELECT },
  );
  if (rows.length === 0) return null;
  return { epoch: Number(rows[0].token_epoch), active: Boolean(Number(rows[0].active)) };
}

/**
 * Retires every launch token of the user (deactivation, logging out everywhere, a password reset).
 * Pass the caller's transaction when the bump belongs to a larger change.
 */
export async function bumpTokenEpoch(userId: number, transaction?: import('sequelize').Transaction): Promise<void> {
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
}
