import { DataTypes, QueryTypes } from 'sequelize';
import type { Migration } from './types';

/**
 * Sessions know their user (so a password reset, "Überall abmelden" or an admin can end all of an
 * account's sessions), and self-registered accounts wait for their address to be confirmed (so
 * /register answers the same for known and unknown addresses). Accounts that exist already count as
 * confirmed.
 */
export const accountSecurity: Migration = {
  name: '0011-account-security',
  async up({ queryInterface: q, sequelize }) {
    await q.addColumn('sessions', 'user_id', { type: DataTypes.INTEGER, allowNull: true });
    await q.addIndex('sessions', ['user_id'], { name: 'sessions_user_id' });
    // Sessions logged in before this migration get their user too, or a reset would miss them.
    const rows = await sequelize.query<{ sid: string; data: string | null }>('SELECT sid, data FROM sessions', {
      type: QueryTypes.SELECT,
    });
    for (const row of rows) {
      let userId: unknown;
      try {
        userId = JSON.parse(row.data ?? '{}')?.passport?.user;
      } catch {
        continue;
      }
      if (Number.isSafeInteger(userId))
        await sequelize.query('UPDATE sessions SET user_id = ? WHERE sid = ?', { replacements: [userId, row.sid] });
    }
    await q.addColumn('users', 'email_confirmed_at', { type: DataTypes.DATE, allowNull: true });
    await sequelize.query('UPDATE users SET email_confirmed_at = created_at');
  },
  async down({ queryInterface: q }) {
    await q.removeColumn('users', 'email_confirmed_at');
    await q.removeIndex('sessions', 'sessions_user_id');
    await q.removeColumn('sessions', 'user_id');
  },
};
