import { QueryTypes } from 'sequelize';
import { ExchangeThread } from './exchange-models';
import { visibleSpaceKeys, type Person } from './spaces';

export interface SearchHit {
  id: number;
  title: string;
  spaceKey: string;
  lastPostAt: Date;
}

/**
 * Search in titles and post texts of the spaces a person sees. Plain LIKE '%…%' on both databases:
 * it reads every post of those spaces, which is fine at the size of this programme (thousands of
 * posts); a FULLTEXT index (MariaDB) or FTS5 (SQLite) would be the next step if it ever is not.
 * Hidden and deleted posts are not searched.
 */
export async function searchThreads(person: Person, query: string, limit = 50): Promise<SearchHit[]> {
  const q = query.trim().slice(0, 100);
  if (q.length < 2) return [];
  const keys = await visibleSpaceKeys(person);
  if (keys.length === 0) return [];
  const pattern = `%${q.replace(/[!%_]/g, (c) => `!${c}`)}%`;
  const rows = await ExchangeThread.sequelize!.query<Record<string, unknown>>(
    `SELECT t.id, t.title, t.space_key, t.last_post_at
       FROM exchange_threads t
      WHERE t.space_key IN (:keys) AND t.deleted_at IS NULL
        AND (LOWER(t.title) LIKE LOWER(:pattern) ESCAPE '!'
             OR EXISTS (SELECT 1 FROM exchange_posts p
                         WHERE p.thread_id = t.id AND p.deleted_at IS NULL AND p.hidden_at IS NULL
                           AND LOWER(p.body) LIKE LOWER(:pattern) ESCAPE '!'))
      ORDER BY t.last_post_at DESC
      LIMIT :limit`,
    { replacements: { keys, pattern, limit }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({
    id: Number(r.id),
    title: String(r.title),
    spaceKey: String(r.space_key),
    lastPostAt: r.last_post_at instanceof Date ? r.last_post_at : new Date(String(r.last_post_at)),
  }));
}
