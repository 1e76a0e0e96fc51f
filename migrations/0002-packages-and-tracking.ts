import { DataTypes } from 'sequelize';
import { fk, longText, timestamps, type Migration } from './types';

/**
 * SCORM packages, their immutable versions and SCOs, learner attempts and the tracking row per
 * (attempt, SCO): the CMI as JSON plus the columns reports filter on. One write per commit.
 */
export const packagesAndTracking: Migration = {
  name: '0002-packages-and-tracking',
  async up({ queryInterface: q, sequelize }) {
    await q.createTable('packages', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      title: { type: DataTypes.STRING(255), allowNull: false },
      // Q1 module this package teaches (tools-methoden | technik | megatrends); at most one package per module.
      module_key: { type: DataTypes.STRING(40), allowNull: true, unique: true },
      // Set for packages built from courses/ so a restart can tell whether the course changed.
      course_key: { type: DataTypes.STRING(40), allowNull: true, unique: true },
      open_in_new_window: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      latest_version_id: { type: DataTypes.INTEGER, allowNull: true },
      created_by: { type: DataTypes.INTEGER, allowNull: true },
      ...timestamps,
    });

    await q.createTable('package_versions', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      package_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('packages') },
      number: { type: DataTypes.INTEGER, allowNull: false },
      scorm_version: { type: DataTypes.STRING(16), allowNull: false },
      title: { type: DataTypes.STRING(255), allowNull: false },
      manifest_identifier: { type: DataTypes.STRING(255), allowNull: true },
      manifest_json: { type: longText(sequelize), allowNull: false },
      warnings_json: { type: DataTypes.TEXT, allowNull: true },
      // Folder under DATA_DIR/content holding the extracted files; never changes once written.
      storage_dir: { type: DataTypes.STRING(255), allowNull: false },
      content_root: { type: DataTypes.STRING(255), allowNull: false, defaultValue: '' },
      size_bytes: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      file_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      source_sha256: { type: DataTypes.STRING(64), allowNull: true },
      source_name: { type: DataTypes.STRING(255), allowNull: true },
      uploaded_by: { type: DataTypes.INTEGER, allowNull: true },
      ...timestamps,
    });
    await q.addIndex('package_versions', ['package_id', 'number'], {
      unique: true,
      name: 'package_versions_pkg_number',
    });

    await q.createTable('package_scos', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      version_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('package_versions') },
      position: { type: DataTypes.INTEGER, allowNull: false },
      item_identifier: { type: DataTypes.STRING(255), allowNull: false },
      resource_identifier: { type: DataTypes.STRING(255), allowNull: false },
      title: { type: DataTypes.STRING(255), allowNull: false },
      launch_path: { type: DataTypes.STRING(2000), allowNull: false },
      scorm_type: { type: DataTypes.STRING(8), allowNull: false },
      is_visible: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      mastery_score: { type: DataTypes.FLOAT, allowNull: true },
      completion_threshold: { type: DataTypes.FLOAT, allowNull: true },
      scaled_passing_score: { type: DataTypes.FLOAT, allowNull: true },
      data_from_lms: { type: DataTypes.TEXT, allowNull: true },
      max_time_allowed: { type: DataTypes.STRING(64), allowNull: true },
      time_limit_action: { type: DataTypes.STRING(64), allowNull: true },
    });
    await q.addIndex('package_scos', ['version_id', 'position'], { name: 'package_scos_version_pos' });

    await q.createTable('attempts', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      user_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('users') },
      package_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('packages') },
      // The version the attempt started on: a new package version never moves a running attempt.
      version_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('package_versions') },
      number: { type: DataTypes.INTEGER, allowNull: false },
      // Only the SHA-256 of the per-attempt commit token is stored.
      token_hash: { type: DataTypes.STRING(64), allowNull: false },
      completion_status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'not attempted' },
      success_status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'unknown' },
      score_scaled: { type: DataTypes.FLOAT, allowNull: true },
      progress: { type: DataTypes.FLOAT, allowNull: false, defaultValue: 0 },
      total_time_cs: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      current_sco_id: { type: DataTypes.INTEGER, allowNull: true },
      // 2004 sequencing state saved by "suspend all" (activity tree), as JSON.
      sequencing_state: { type: longText(sequelize), allowNull: true },
      started_at: { type: DataTypes.DATE, allowNull: false },
      last_activity_at: { type: DataTypes.DATE, allowNull: true },
      completed_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await q.addIndex('attempts', ['user_id', 'package_id', 'number'], {
      unique: true,
      name: 'attempts_user_pkg_number',
    });
    await q.addIndex('attempts', ['package_id', 'completion_status'], { name: 'attempts_pkg_status' });
    await q.addIndex('attempts', ['last_activity_at'], { name: 'attempts_last_activity' });

    await q.createTable('sco_attempts', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      attempt_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('attempts') },
      sco_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('package_scos') },
      user_id: { type: DataTypes.INTEGER, allowNull: false },
      // Highest commit sequence number applied: a commit with seq <= this is stale and ignored.
      seq: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      cmi_json: { type: longText(sequelize), allowNull: true },
      completion_status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'not attempted' },
      success_status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'unknown' },
      score_raw: { type: DataTypes.FLOAT, allowNull: true },
      score_min: { type: DataTypes.FLOAT, allowNull: true },
      score_max: { type: DataTypes.FLOAT, allowNull: true },
      score_scaled: { type: DataTypes.FLOAT, allowNull: true },
      progress_measure: { type: DataTypes.FLOAT, allowNull: true },
      location: { type: DataTypes.STRING(1000), allowNull: true },
      exit_mode: { type: DataTypes.STRING(16), allowNull: true },
      total_time_cs: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      session_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      first_launch_at: { type: DataTypes.DATE, allowNull: true },
      last_launch_at: { type: DataTypes.DATE, allowNull: true },
      last_commit_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await q.addIndex('sco_attempts', ['attempt_id', 'sco_id'], { unique: true, name: 'sco_attempts_attempt_sco' });
    await q.addIndex('sco_attempts', ['user_id'], { name: 'sco_attempts_user' });

    // A completion once earned stays, whatever later attempts or versions do.
    await q.createTable('package_completions', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      user_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('users') },
      package_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('packages') },
      attempt_id: { type: DataTypes.INTEGER, allowNull: true },
      passed: { type: DataTypes.BOOLEAN, allowNull: true },
      score_scaled: { type: DataTypes.FLOAT, allowNull: true },
      completed_at: { type: DataTypes.DATE, allowNull: false },
    });
    await q.addIndex('package_completions', ['user_id', 'package_id'], {
      unique: true,
      name: 'package_completions_user_pkg',
    });
  },
  async down({ queryInterface: q }) {
    for (const t of ['package_completions', 'sco_attempts', 'attempts', 'package_scos', 'package_versions', 'packages'])
      await q.dropTable(t);
  },
};
