import { DataTypes } from 'sequelize';
import { longText, type Migration } from './types';

/**
 * `outbox`: work that must happen after a commit (certificates, mails, grade pass-back), written in the
 * same transaction as the change that causes it and worked off by any app process (src/outbox).
 * `leases`: one row per scheduled job; the process whose conditional UPDATE takes the row runs the job
 * for that interval (src/jobs). Times are epoch milliseconds (BIGINT) so that SQL comparisons mean the
 * same on SQLite (which stores DATEs as text) and MariaDB.
 */
export const outboxAndLeases: Migration = {
  name: '0013-outbox-and-leases',
  async up({ queryInterface: q, sequelize }) {
    await q.createTable('outbox', {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      type: { type: DataTypes.STRING(64), allowNull: false },
      payload: { type: longText(sequelize), allowNull: false },
      // NULL for messages that may repeat; unique otherwise (both engines allow many NULLs).
      dedupe_key: { type: DataTypes.STRING(191), allowNull: true, unique: true },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'pending' },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      available_at: { type: DataTypes.BIGINT, allowNull: false },
      locked_by: { type: DataTypes.STRING(80), allowNull: true },
      locked_until: { type: DataTypes.BIGINT, allowNull: true },
      last_error: { type: DataTypes.TEXT, allowNull: true },
      created_at: { type: DataTypes.BIGINT, allowNull: false },
      processed_at: { type: DataTypes.BIGINT, allowNull: true },
    });
    await q.addIndex('outbox', ['status', 'available_at'], { name: 'outbox_status_available' });
    await q.createTable('leases', {
      name: { type: DataTypes.STRING(64), primaryKey: true },
      holder: { type: DataTypes.STRING(80), allowNull: true },
      expires_at: { type: DataTypes.BIGINT, allowNull: false },
      last_run_at: { type: DataTypes.BIGINT, allowNull: true },
    });
  },
  async down({ queryInterface: q }) {
    await q.dropTable('leases');
    await q.dropTable('outbox');
  },
};
