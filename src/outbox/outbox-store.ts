/**
 * The outbox table in SQL. Raw queries because the two engines differ exactly where it matters: the
 * claim takes rows with `FOR UPDATE SKIP LOCKED` on MariaDB/MySQL (several processes claim at once, none
 * waits for another's rows), while SQLite has one writer and this process queues its own transactions,
 * so a plain SELECT + UPDATE in one transaction is already a single claimer.
 */
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

export type OutboxStatus = 'pending' | 'running' | 'done' | 'dead';

export interface OutboxRow {
  id: number;
  type: string;
  payload: unknown;
  dedupeKey: string | null;
  status: OutboxStatus;
  attempts: number;
  availableAt: number;
  lastError: string | null;
  createdAt: number;
  processedAt: number | null;
}

interface RawRow {
  id: number | string;
  type: string;
  payload: string;
  dedupe_key: string | null;
  status: OutboxStatus;
  attempts: number | string;
  available_at: number | string;
  last_error: string | null;
  created_at: number | string;
  processed_at: number | string | null;
}

const isMysql = (s: Sequelize) => s.getDialect() !== 'sqlite';

function toRow(r: RawRow): OutboxRow {
  let payload: unknown;
  try {
    payload = JSON.parse(r.payload);
  } catch {
    payload = r.payload;
  }
  return {
    id: Number(r.id),
    type: r.type,
    payload,
    dedupeKey: r.dedupe_key,
    status: r.status,
    attempts: Number(r.attempts),
    availableAt: Number(r.available_at),
    lastError: r.last_error,
    createdAt: Number(r.created_at),
    processedAt: r.processed_at === null ? null : Number(r.processed_at),
  };
}

export async function insertMessage(
  transaction: Transaction,
  msg: { type: string; payload: string; dedupeKey: string | null; availableAt: number; now: number },
): Promise<void> {
  const sequelize = (transaction as unknown as { sequelize: Sequelize }).sequelize;
  const conflict = msg.dedupeKey
    ? isMysql(sequelize)
      ? ' ON DUPLICATE KEY UPDATE id = id'
      : ' ON CONFLICT(dedupe_key) DO NOTHING'
    : '';
  await sequelize.query(
    `INSERT INTO outbox (type, payload, dedupe_key, status, attempts, available_at, created_at)
     VALUES (?, ?, ?, 'pending', 0, ?, ?)${conflict}`,
    {
      replacements: [msg.type, msg.payload, msg.dedupeKey, msg.availableAt, msg.now],
      transaction,
      type: QueryTypes.INSERT,
    },
  );
}

/** Which of these dedupe keys the outbox holds already (one indexed read instead of one INSERT per key). */
export async function knownDedupeKeys(transaction: Transaction, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const sequelize = (transaction as unknown as { sequelize: Sequelize }).sequelize;
  const rows = await sequelize.query<{ dedupe_key: string }>('SELECT dedupe_key FROM outbox WHERE dedupe_key IN (?)', {
    replacements: [keys],
    transaction,
    type: QueryTypes.SELECT,
  });
  return new Set(rows.map((r) => r.dedupe_key));
}

/**
 * Takes up to `limit` rows of the given types that are due (pending and available, or running under a
 * claim that expired because its process died) and marks them running for `claimMs`.
 */
export async function claimMessages(
  sequelize: Sequelize,
  opts: { types: string[]; limit: number; holder: string; now: number; claimMs: number },
): Promise<OutboxRow[]> {
  if (!opts.types.length) return [];
  return sequelize.transaction(async (transaction) => {
    const lock = isMysql(sequelize) ? ' FOR UPDATE SKIP LOCKED' : '';
    const rows = await sequelize.query<RawRow>(
      `SELECT * FROM outbox
       WHERE type IN (?) AND (
         (status = 'pending' AND available_at <= ?) OR (status = 'running' AND locked_until <= ?)
       )
       ORDER BY id LIMIT ?${lock}`,
      {
        replacements: [opts.types, opts.now, opts.now, opts.limit],
        transaction,
        type: QueryTypes.SELECT,
      },
    );
    if (!rows.length) return [];
    await sequelize.query(
      `UPDATE outbox SET status = 'running', attempts = attempts + 1, locked_by = ?, locked_until = ?
       WHERE id IN (?)`,
      {
        replacements: [opts.holder, opts.now + opts.claimMs, rows.map((r) => r.id)],
        transaction,
      },
    );
    return rows.map((r) => ({ ...toRow(r), status: 'running' as const, attempts: Number(r.attempts) + 1 }));
  });
}

/** Only the holder of the claim finishes a row: one whose claim expired and was taken again stays with the new holder. */
export async function markDone(sequelize: Sequelize, id: number, holder: string, now: number): Promise<void> {
  await sequelize.query(
    `UPDATE outbox SET status = 'done', processed_at = ?, locked_by = NULL, locked_until = NULL, last_error = NULL
     WHERE id = ? AND locked_by = ? AND status = 'running'`,
    { replacements: [now, id, holder] },
  );
}

export async function markFailed(
  sequelize: Sequelize,
  opts: { id: number; holder: string; error: string; dead: boolean; availableAt: number },
): Promise<void> {
  await sequelize.query(
    `UPDATE outbox SET status = ?, available_at = ?, last_error = ?, locked_by = NULL, locked_until = NULL
     WHERE id = ? AND locked_by = ? AND status = 'running'`,
    {
      replacements: [opts.dead ? 'dead' : 'pending', opts.availableAt, opts.error.slice(0, 4000), opts.id, opts.holder],
    },
  );
}

export interface OutboxStats {
  pending: number;
  running: number;
  dead: number;
  /** Age in seconds of the oldest message not yet done (0 when none). */
  oldestAgeSeconds: number;
}

export async function outboxStats(sequelize: Sequelize, now: number): Promise<OutboxStats> {
  const rows = await sequelize.query<{ status: string; n: number | string; oldest: number | string | null }>(
    `SELECT status, COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE status <> 'done' GROUP BY status`,
    { type: QueryTypes.SELECT },
  );
  const stats: OutboxStats = { pending: 0, running: 0, dead: 0, oldestAgeSeconds: 0 };
  let oldest = Infinity;
  for (const r of rows) {
    if (r.status === 'pending' || r.status === 'running' || r.status === 'dead') stats[r.status] = Number(r.n);
    if (r.status !== 'dead' && r.oldest !== null) oldest = Math.min(oldest, Number(r.oldest));
  }
  if (oldest !== Infinity) stats.oldestAgeSeconds = Math.max(0, Math.round((now - oldest) / 1000));
  return stats;
}

/** For the admin page: dead rows and rows that failed at least once, newest first. */
export async function troubledMessages(sequelize: Sequelize, limit: number): Promise<OutboxRow[]> {
  const rows = await sequelize.query<RawRow>(
    `SELECT * FROM outbox WHERE status = 'dead' OR (status <> 'done' AND attempts > 0)
     ORDER BY CASE WHEN status = 'dead' THEN 0 ELSE 1 END, id DESC LIMIT ?`,
    { replacements: [limit], type: QueryTypes.SELECT },
  );
  return rows.map(toRow);
}

/** One page of messages of one status (or all), newest first, optionally of one type; with the count. */
export async function listMessages(
  sequelize: Sequelize,
  f: { status?: OutboxStatus; type?: string; limit: number; offset: number },
): Promise<{ rows: OutboxRow[]; total: number }> {
  const where: string[] = [];
  const replacements: unknown[] = [];
  if (f.status) {
    where.push('status = ?');
    replacements.push(f.status);
  }
  if (f.type) {
    where.push('type = ?');
    replacements.push(f.type);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [rows, counted] = await Promise.all([
    sequelize.query<RawRow>(`SELECT * FROM outbox ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`, {
      replacements: [...replacements, f.limit, f.offset],
      type: QueryTypes.SELECT,
    }),
    sequelize.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM outbox ${clause}`, {
      replacements,
      type: QueryTypes.SELECT,
    }),
  ]);
  return { rows: rows.map(toRow), total: Number(counted[0]?.n ?? 0) };
}

export async function findMessage(sequelize: Sequelize, id: number): Promise<OutboxRow | null> {
  const rows = await sequelize.query<RawRow>('SELECT * FROM outbox WHERE id = ?', {
    replacements: [id],
    type: QueryTypes.SELECT,
  });
  return rows[0] ? toRow(rows[0]) : null;
}

/** Puts a dead (or failing) message back in line at once with a fresh count of tries. */
export async function requeueMessage(sequelize: Sequelize, id: number, now: number, transaction?: Transaction) {
  const result = await sequelize.query(
    `UPDATE outbox SET status = 'pending', attempts = 0, available_at = ?, locked_by = NULL, locked_until = NULL
     WHERE id = ? AND status IN ('dead', 'pending')`,
    { replacements: [now, id], transaction, type: QueryTypes.BULKUPDATE },
  );
  // BULKUPDATE/BULKDELETE answer the number of rows changed on both engines.
  return Number(result) > 0;
}

/** Done rows are history only; the scheduled clean-up removes them after `keepMs`. */
export async function deleteDoneBefore(sequelize: Sequelize, before: number): Promise<number> {
  const result = await sequelize.query(`DELETE FROM outbox WHERE status = 'done' AND processed_at < ?`, {
    replacements: [before],
    type: QueryTypes.BULKDELETE,
  });
  return Number(result);
}

/** A handler's note on its own message (e.g. "this mail was sent"), read again by any retry. */
export async function replacePayload(sequelize: Sequelize, id: number, payload: string): Promise<void> {
  await sequelize.query('UPDATE outbox SET payload = ? WHERE id = ?', { replacements: [payload, id] });
}
