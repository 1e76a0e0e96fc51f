import { DataTypes } from 'sequelize';
import { fk, type Migration } from './types';

/**
 * Exchange extras: files attached to posts (the bytes live in the object store under
 * `exchange/<file_key>`; the row is what makes them reachable) and each person's choice of the daily
 * digest mail (no row = daily, the default).
 */
export const exchangeExtras: Migration = {
  name: '0027-exchange-extras',
  async up({ queryInterface: q }) {
    await q.createTable('exchange_attachments', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      post_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('exchange_posts') },
      file_key: { type: DataTypes.STRING(64), allowNull: false },
      // The name shown and sent in Content-Disposition, already made safe (safeFileName).
      name: { type: DataTypes.STRING(200), allowNull: false },
      type: { type: DataTypes.STRING(40), allowNull: false },
      size: { type: DataTypes.INTEGER, allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await q.addIndex('exchange_attachments', ['post_id'], { name: 'exchange_attachments_post' });

    await q.createTable('exchange_settings', {
      user_id: { type: DataTypes.INTEGER, primaryKey: true, ...fk('users') },
      digest: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'daily' },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });
  },
  async down({ queryInterface: q }) {
    await q.dropTable('exchange_settings');
    await q.dropTable('exchange_attachments');
  },
};
