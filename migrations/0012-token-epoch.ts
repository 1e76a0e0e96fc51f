import { DataTypes } from 'sequelize';
import type { Migration } from './types';

/**
 * users.token_epoch: launch tokens (src/player/launch-token.ts) carry the epoch they were issued in;
 * bumping it (deactivation, "Überall abmelden", password reset) retires every token of the user at once
 * without the commit routes having to look up a session.
 */
export const tokenEpoch: Migration = {
  name: '0012-token-epoch',
  async up({ queryInterface: q }) {
    await q.addColumn('users', 'token_epoch', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
  },
  async down({ queryInterface: q }) {
    await q.removeColumn('users', 'token_epoch');
  },
};
