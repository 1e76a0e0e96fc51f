import { DataTypes } from 'sequelize';
import { fk, timestamps, type Migration } from './types';

/**
 * Exchange (Austausch): threads in spaces named by a key (`module:tools-methoden`, `cohort:12`,
 * `region:saarland`, …; spaces themselves are derived from roles, regions and cohorts, never stored),
 * their posts, each person's read mark per thread, and reports of posts.
 */
export const exchange: Migration = {
  name: '0017-exchange',
  async up({ queryInterface: q }) {
    await q.createTable('exchange_threads', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      space_key: { type: DataTypes.STRING(80), allowNull: false },
      title: { type: DataTypes.STRING(200), allowNull: false },
      author_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('users') },
      pinned: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      locked: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      // Kept on the thread so that a space's page and the unread counts read one table.
      post_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      last_post_id: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      last_post_at: { type: DataTypes.DATE, allowNull: false },
      deleted_at: { type: DataTypes.DATE, allowNull: true },
      deleted_reason: { type: DataTypes.TEXT, allowNull: true },
      ...timestamps,
    });
    // A space's first page: WHERE space_key = ? AND deleted_at IS NULL ORDER BY pinned DESC, last_post_at DESC.
    await q.addIndex('exchange_threads', ['space_key', 'pinned', 'last_post_at'], { name: 'exchange_threads_space' });

    await q.createTable('exchange_posts', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      thread_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('exchange_threads') },
      author_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('users') },
      // Markdown as written; rendered and sanitised on every read, so a stricter sanitiser applies to old posts too.
      body: { type: DataTypes.TEXT, allowNull: false },
      hidden_at: { type: DataTypes.DATE, allowNull: true },
      hidden_reason: { type: DataTypes.TEXT, allowNull: true },
      deleted_at: { type: DataTypes.DATE, allowNull: true },
      deleted_reason: { type: DataTypes.TEXT, allowNull: true },
      ...timestamps,
    });
    await q.addIndex('exchange_posts', ['thread_id', 'id'], { name: 'exchange_posts_thread' });
    // The rate limit counts a person's recent posts.
    await q.addIndex('exchange_posts', ['author_id', 'created_at'], { name: 'exchange_posts_author' });

    await q.createTable('exchange_reads', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      user_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('users') },
      thread_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('exchange_threads') },
      last_read_post_id: { type: DataTypes.INTEGER, allowNull: false },
    });
    await q.addIndex('exchange_reads', ['user_id', 'thread_id'], { unique: true, name: 'exchange_reads_user_thread' });

    await q.createTable('exchange_reports', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      post_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('exchange_posts') },
      reporter_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('users') },
      reason: { type: DataTypes.TEXT, allowNull: false },
      resolved_at: { type: DataTypes.DATE, allowNull: true },
      resolved_by: { type: DataTypes.INTEGER, allowNull: true },
      ...timestamps,
    });
    await q.addIndex('exchange_reports', ['post_id'], { name: 'exchange_reports_post' });
  },
  async down({ queryInterface: q }) {
    await q.dropTable('exchange_reports');
    await q.dropTable('exchange_reads');
    await q.dropTable('exchange_posts');
    await q.dropTable('exchange_threads');
  },
};
