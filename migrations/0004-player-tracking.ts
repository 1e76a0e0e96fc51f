import { DataTypes } from 'sequelize';
import type { Migration } from './types';

/**
 * What the player needs beyond 0002: the session time last applied within the current launch (so
 * total_time grows by each session once, however many commits a session sends), a count of stale
 * commits (for operators), and whether an attempt earns credit (staff previews do not).
 */
export const playerTracking: Migration = {
  name: '0004-player-tracking',
  async up({ queryInterface: q }) {
    await q.addColumn('sco_attempts', 'session_time_cs', { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 });
    await q.addColumn('sco_attempts', 'stale_commits', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
    await q.addColumn('attempts', 'credit', { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'credit' });
  },
  async down({ queryInterface: q }) {
    await q.removeColumn('attempts', 'credit');
    await q.removeColumn('sco_attempts', 'stale_commits');
    await q.removeColumn('sco_attempts', 'session_time_cs');
  },
};
