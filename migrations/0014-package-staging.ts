import { DataTypes } from 'sequelize';
import type { Migration } from './types';

/**
 * package_staging: one row per import in progress, written BEFORE its first file and deleted in the
 * same transaction that writes the version row. A prefix below `content/` that no version references
 * and no live staging row claims is a leftover and goes at the next start, at once — not after an
 * hour — on the local folder and on S3 alike (src/packages/clean-storage.ts).
 */
export const packageStaging: Migration = {
  name: '0014-package-staging',
  async up({ queryInterface: q }) {
    await q.createTable('package_staging', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      storage_dir: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      // host/pid/boot id of the importing process: a restart on the same host knows its own dead imports.
      owner: { type: DataTypes.STRING(200), allowNull: false },
      heartbeat_at: { type: DataTypes.DATE, allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
  },
  async down({ queryInterface: q }) {
    await q.dropTable('package_staging');
  },
};
