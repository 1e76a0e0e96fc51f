import { DataTypes } from 'sequelize';
import { longText, type Migration } from './types';

/**
 * Certificates with the facts frozen at issue time. `dedupe_key` is never NULL ('q1:<user>',
 * 'lotse:<user>', 'participation:<user>:<module>'), so its unique index makes issuing idempotent on
 * SQLite and MariaDB alike — a unique index over a NULL module_key would not.
 */
export const certificates: Migration = {
  name: '0006-certificates',
  async up({ queryInterface: q, sequelize }) {
    await q.createTable('certificates', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      code: { type: DataTypes.STRING(32), allowNull: false, unique: true },
      user_id: {
        type: DataTypes.INTEGER,
        allowNull: false,
        references: { model: 'users', key: 'id' },
        onDelete: 'CASCADE',
      },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      module_key: { type: DataTypes.STRING(40), allowNull: true },
      // The name as printed (from facts_json), kept as a column so admins can search by it.
      holder_name: { type: DataTypes.STRING(201), allowNull: false },
      dedupe_key: { type: DataTypes.STRING(100), allowNull: false, unique: true },
      facts_json: { type: longText(sequelize), allowNull: false },
      issued_at: { type: DataTypes.DATE, allowNull: false },
      reissued_at: { type: DataTypes.DATE, allowNull: true },
      revoked_at: { type: DataTypes.DATE, allowNull: true },
      revoked_reason: { type: DataTypes.TEXT, allowNull: true },
      revoked_by: { type: DataTypes.INTEGER, allowNull: true },
    });
    await q.addIndex('certificates', ['user_id', 'kind'], { name: 'certificates_user_kind' });
    await q.addIndex('certificates', ['holder_name'], { name: 'certificates_holder_name' });
  },
  async down({ queryInterface: q }) {
    await q.dropTable('certificates');
  },
};
