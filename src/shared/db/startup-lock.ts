import type { Sequelize } from 'sequelize';

/** The lock the start-up tasks and the catch-up job (src/jobs) share, so they never overlap across processes. */
export const STARTUP_LOCK = 'gezu-lms:startup';

/**
 * Runs `work` while holding a database-wide named lock, so that several app processes started at the
 * same moment against one MySQL/MariaDB database migrate and run start-up tasks one after another
 * instead of colliding. The lock lives on the connection of a transaction that stays open meanwhile;
 * `work` uses other pool connections. SQLite needs none: its file lock already serialises writers, and
 * one SQLite database is not shared by processes on several machines.
 */
export async function withStartupLock<T>(sequelize: Sequelize, name: string, work: () => Promise<T>): Promise<T> {
  if (sequelize.getDialect() !== 'mysql') return work();
  return sequelize.transaction(async (transaction) => {
    const [rows] = await sequelize.query('SELECT GET_LOCK(?, 300) AS got', { replacements: [name], transaction });
    if (Number((rows as { got: number }[])[0]?.got) !== 1)
      throw new Error(`could not take the start-up lock "${name}" within 300 s`);
    try {
      return await work();
    } finally {
      await sequelize.query('SELECT RELEASE_LOCK(?)', { replacements: [name], transaction });
    }
  });
}
