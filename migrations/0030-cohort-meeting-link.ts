import { DataTypes } from 'sequelize';
import type { Migration } from './types';

/**
 * Q2 sessions ("Klassenzimmer") carry a meeting link: one video room per cohort, which its members see
 * beside each session with a calendar file. Optional, so existing cohorts stay as they are.
 */
export const cohortMeetingLink: Migration = {
  name: '0030-cohort-meeting-link',
  async up({ queryInterface: q }) {
    await q.addColumn('cohorts', 'meeting_url', { type: DataTypes.STRING(500), allowNull: true });
  },
  async down({ queryInterface: q }) {
    await q.removeColumn('cohorts', 'meeting_url');
  },
};
