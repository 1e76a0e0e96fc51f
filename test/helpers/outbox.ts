import { QueryTypes, type Sequelize } from 'sequelize';

/** Payloads of the outbox messages of one type, oldest first (what a component announced). */
export async function outboxPayloads<T = Record<string, unknown>>(sequelize: Sequelize, type: string): Promise<T[]> {
  const rows = await sequelize.query<{ payload: string }>('SELECT payload FROM outbox WHERE type = ? ORDER BY id', {
    replacements: [type],
    type: QueryTypes.SELECT,
  });
  return rows.map((r) => JSON.parse(r.payload) as T);
}

/** Status and tries of one outbox message by its dedupe key. */
export async function outboxRow(sequelize: Sequelize, dedupeKey: string) {
  const [row] = await sequelize.query<{ id: number; status: string; attempts: number; last_error: string | null }>(
    'SELECT id, status, attempts, last_error FROM outbox WHERE dedupe_key = ?',
    { replacements: [dedupeKey], type: QueryTypes.SELECT },
  );
  return row ? { ...row, id: Number(row.id), attempts: Number(row.attempts) } : undefined;
}
