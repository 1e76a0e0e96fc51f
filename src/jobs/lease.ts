import { QueryTypes, type Sequelize } from 'sequelize';

/**
 * A named lease in the `leases` table, taken with one conditional UPDATE: the process whose UPDATE
 * changes the row (because the lease had expired) holds it until `expires_at`; every other process's
 * UPDATE changes nothing. No lock is held while the job runs, so a process that dies holding a lease
 * only delays the job until the lease expires. Times are epoch milliseconds (see migration 0013).
 */
export async function takeLease(
  sequelize: Sequelize,
  opts: { name: string; holder: string; ttlMs: number; now?: number },
): Promise<boolean> {
  const now = opts.now ?? Date.now();
  const conflict =
    sequelize.getDialect() === 'sqlite' ? ' ON CONFLICT(name) DO NOTHING' : ' ON DUPLICATE KEY UPDATE name = name';
  await sequelize.query(`INSERT INTO leases (name, holder, expires_at) VALUES (?, NULL, 0)${conflict}`, {
    replacements: [opts.name],
    type: QueryTypes.INSERT,
  });
  const changed = await sequelize.query(
    'UPDATE leases SET holder = ?, expires_at = ?, last_run_at = ? WHERE name = ? AND expires_at <= ?',
    { replacements: [opts.holder, now + opts.ttlMs, now, opts.name, now], type: QueryTypes.BULKUPDATE },
  );
  return Number(changed) === 1;
}
