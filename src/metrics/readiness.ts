import { QueryTypes, type Sequelize } from 'sequelize';
import { migrations } from '../../migrations';

export type Readiness =
  | { status: 'ready'; database: 'ok'; migrations: number }
  | { status: 'not_ready'; database: 'unreachable' }
  | { status: 'not_ready'; database: 'ok'; pending: string[] }
  | { status: 'not_ready'; database: 'ok'; migrations: 'unknown' };

async function databaseAnswers(sequelize: Sequelize): Promise<boolean> {
  try {
    await Promise.race([
      sequelize.query('SELECT 1'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}

/** Ready for traffic: the database answers and every migration this code knows is applied. */
export async function checkReadiness(sequelize: Sequelize): Promise<Readiness> {
  if (!(await databaseAnswers(sequelize))) return { status: 'not_ready', database: 'unreachable' };
  try {
    const rows = await sequelize.query<{ name: string }>('SELECT name FROM schema_migrations', {
      type: QueryTypes.SELECT,
    });
    const applied = new Set(rows.map((row) => row.name));
    const pending = migrations.filter((m) => !applied.has(m.name)).map((m) => m.name);
    if (pending.length) return { status: 'not_ready', database: 'ok', pending };
    return { status: 'ready', database: 'ok', migrations: applied.size };
  } catch {
    return { status: 'not_ready', database: 'ok', migrations: 'unknown' };
  }
}
