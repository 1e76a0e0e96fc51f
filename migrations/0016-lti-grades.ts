import { DataTypes } from 'sequelize';
import { fk, timestamps, type Migration } from './types';

/**
 * LTI Assignment and Grade Services: one row per (platform, resource link, user) that was launched
 * with a line item — where a change of that user's result in that package is posted. Durability is
 * the outbox's (0013): the player enqueues each change in its own transaction.
 */
export const ltiGrades: Migration = {
  name: '0016-lti-grades',
  async up({ queryInterface: q }) {
    await q.createTable('lti_grade_links', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      platform_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('lti_platforms') },
      user_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('users') },
      package_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('packages') },
      resource_link_id: { type: DataTypes.STRING(191), allowNull: false },
      context_id: { type: DataTypes.STRING(191), allowNull: true },
      sub: { type: DataTypes.STRING(191), allowNull: false },
      lineitem_url: { type: DataTypes.STRING(1000), allowNull: false },
      scopes: { type: DataTypes.TEXT, allowNull: false },
      // The commit time of the newest result delivered to this line item (older retries are skipped).
      posted_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await q.addIndex('lti_grade_links', ['platform_id', 'resource_link_id', 'user_id'], {
      name: 'lti_grade_links_link_user',
      unique: true,
    });
    await q.addIndex('lti_grade_links', ['user_id', 'package_id'], { name: 'lti_grade_links_user_package' });
  },
  async down({ queryInterface: q }) {
    await q.dropTable('lti_grade_links');
  },
};
