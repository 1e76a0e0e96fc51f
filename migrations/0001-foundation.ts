import { DataTypes } from 'sequelize';
import { longText, timestamps, type Migration } from './types';

export const foundation: Migration = {
  name: '0001-foundation',
  async up({ queryInterface: q, sequelize }) {
    await q.createTable('users', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      email: { type: DataTypes.STRING(191), allowNull: false, unique: true },
      password_hash: { type: DataTypes.STRING(100), allowNull: true },
      first_name: { type: DataTypes.STRING(100), allowNull: false },
      last_name: { type: DataTypes.STRING(100), allowNull: false },
      role: { type: DataTypes.STRING(16), allowNull: false },
      region: { type: DataTypes.STRING(64), allowNull: true },
      active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      locale: { type: DataTypes.STRING(5), allowNull: false, defaultValue: 'de' },
      last_login_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await q.addIndex('users', ['role', 'region'], { name: 'users_role_region' });

    await q.createTable('auth_tokens', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      user_id: {
        type: DataTypes.INTEGER,
        allowNull: false,
        references: { model: 'users', key: 'id' },
        onDelete: 'CASCADE',
      },
      purpose: { type: DataTypes.STRING(20), allowNull: false },
      token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      label: { type: DataTypes.STRING(100), allowNull: true },
      expires_at: { type: DataTypes.DATE, allowNull: true },
      used_at: { type: DataTypes.DATE, allowNull: true },
      created_by: { type: DataTypes.INTEGER, allowNull: true },
      ...timestamps,
    });
    await q.addIndex('auth_tokens', ['user_id', 'purpose'], { name: 'auth_tokens_user_purpose' });

    // Shape required by connect-session-sequelize; lives here because schema changes go through migrations.
    await q.createTable('sessions', {
      sid: { type: DataTypes.STRING(36), primaryKey: true },
      expires: { type: DataTypes.DATE, allowNull: true },
      data: { type: longText(sequelize), allowNull: true },
      ...timestamps,
    });
    await q.addIndex('sessions', ['expires'], { name: 'sessions_expires' });

    // Shared counters for rate limits, so every app process sees the same count.
    await q.createTable('rate_limits', {
      key: { type: DataTypes.STRING(191), primaryKey: true },
      hits: { type: DataTypes.INTEGER, allowNull: false },
      reset_at: { type: DataTypes.DATE, allowNull: false },
    });

    await q.createTable('audit_log', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      at: { type: DataTypes.DATE, allowNull: false },
      actor_id: { type: DataTypes.INTEGER, allowNull: true },
      action: { type: DataTypes.STRING(64), allowNull: false },
      subject_type: { type: DataTypes.STRING(32), allowNull: true },
      subject_id: { type: DataTypes.STRING(64), allowNull: true },
      subject_user_id: { type: DataTypes.INTEGER, allowNull: true },
      before_json: { type: DataTypes.TEXT, allowNull: true },
      after_json: { type: DataTypes.TEXT, allowNull: true },
      reason: { type: DataTypes.TEXT, allowNull: true },
    });
    await q.addIndex('audit_log', ['at'], { name: 'audit_log_at' });
    await q.addIndex('audit_log', ['action', 'at'], { name: 'audit_log_action_at' });
    await q.addIndex('audit_log', ['subject_user_id', 'at'], { name: 'audit_log_subject_user' });
  },
  async down({ queryInterface: q }) {
    for (const t of ['audit_log', 'rate_limits', 'sessions', 'auth_tokens', 'users']) await q.dropTable(t);
  },
};
