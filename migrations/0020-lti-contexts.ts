import { DataTypes } from 'sequelize';
import { fk, timestamps, type Migration } from './types';

/**
 * LTI contexts (a course of a platform) and who launched in them or was imported from their NRPS
 * membership list, as instructor or learner. A tutor who launched as Instructor in a context sees that
 * context's learners in the reports (src/reports/report-scope.ts) and may import its members (NRPS).
 */
export const ltiContexts: Migration = {
  name: '0020-lti-contexts',
  async up({ queryInterface: q }) {
    await q.createTable('lti_contexts', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      platform_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('lti_platforms') },
      context_id: { type: DataTypes.STRING(191), allowNull: false },
      title: { type: DataTypes.STRING(255), allowNull: true },
      label: { type: DataTypes.STRING(100), allowNull: true },
      // From the newest launch carrying the NRPS claim; only ever set from a signed id_token.
      memberships_url: { type: DataTypes.STRING(1000), allowNull: true },
      ...timestamps,
    });
    await q.addIndex('lti_contexts', ['platform_id', 'context_id'], {
      name: 'lti_contexts_platform_context',
      unique: true,
    });
    await q.createTable('lti_context_members', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      lti_context_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('lti_contexts') },
      user_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('users') },
      // 'instructor' | 'learner'
      role: { type: DataTypes.STRING(16), allowNull: false },
      // 'launch' | 'nrps': how we learnt it
      source: { type: DataTypes.STRING(16), allowNull: false },
      ...timestamps,
    });
    await q.addIndex('lti_context_members', ['lti_context_id', 'user_id', 'role'], {
      name: 'lti_context_members_unique',
      unique: true,
    });
    await q.addIndex('lti_context_members', ['user_id', 'role'], { name: 'lti_context_members_user_role' });
    await q.addIndex('lti_context_members', ['lti_context_id', 'role'], { name: 'lti_context_members_context_role' });
  },
  async down({ queryInterface: q }) {
    await q.dropTable('lti_context_members');
    await q.dropTable('lti_contexts');
  },
};
