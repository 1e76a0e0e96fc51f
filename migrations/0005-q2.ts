import { DataTypes } from 'sequelize';
import { fk, timestamps, type Migration } from './types';

/**
 * Q2: OM-Berater authorisations, workshop dates and registrations, cohorts with sessions, tutors,
 * enrolments (incl. waiting list) and session attendance, and the "gate met" notice per Lotse.
 */
export const q2: Migration = {
  name: '0005-q2',
  async up({ queryInterface: q }) {
    // One row per submission; the newest row of a user is their current authorisation.
    await q.createTable('authorisations', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      user_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('users') },
      number: { type: DataTypes.STRING(64), allowNull: false },
      issued_on: { type: DataTypes.DATEONLY, allowNull: false },
      // File name under DATA_DIR/documents (a UUID); the original name is only shown.
      document_file: { type: DataTypes.STRING(64), allowNull: false },
      document_name: { type: DataTypes.STRING(255), allowNull: false },
      document_type: { type: DataTypes.STRING(64), allowNull: false },
      document_size: { type: DataTypes.INTEGER, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      reason: { type: DataTypes.TEXT, allowNull: true },
      reviewed_by: { type: DataTypes.INTEGER, allowNull: true },
      reviewed_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await q.addIndex('authorisations', ['user_id', 'id'], { name: 'authorisations_user' });
    await q.addIndex('authorisations', ['status', 'created_at'], { name: 'authorisations_status' });

    await q.createTable('workshops', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      starts_at: { type: DataTypes.DATE, allowNull: false },
      online: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      place: { type: DataTypes.STRING(255), allowNull: true },
      region: { type: DataTypes.STRING(64), allowNull: false },
      capacity: { type: DataTypes.INTEGER, allowNull: false },
      created_by: { type: DataTypes.INTEGER, allowNull: true },
      ...timestamps,
    });
    await q.addIndex('workshops', ['starts_at'], { name: 'workshops_starts_at' });

    await q.createTable('workshop_registrations', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      workshop_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('workshops') },
      user_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('users') },
      // registered | attended | absent
      status: { type: DataTypes.STRING(16), allowNull: false },
      recorded_by: { type: DataTypes.INTEGER, allowNull: true },
      recorded_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await q.addIndex('workshop_registrations', ['workshop_id', 'user_id'], {
      unique: true,
      name: 'workshop_registrations_ws_user',
    });
    await q.addIndex('workshop_registrations', ['user_id'], { name: 'workshop_registrations_user' });

    await q.createTable('cohorts', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      title: { type: DataTypes.STRING(200), allowNull: false },
      region: { type: DataTypes.STRING(64), allowNull: false },
      format: { type: DataTypes.STRING(16), allowNull: false },
      starts_on: { type: DataTypes.DATEONLY, allowNull: false },
      ends_on: { type: DataTypes.DATEONLY, allowNull: false },
      capacity: { type: DataTypes.INTEGER, allowNull: false },
      // The attendance share this cohort requires, fixed when it is created (Q2_REQUIRED_ATTENDANCE then).
      required_attendance: { type: DataTypes.FLOAT, allowNull: false },
      finished_at: { type: DataTypes.DATE, allowNull: true },
      created_by: { type: DataTypes.INTEGER, allowNull: true },
      ...timestamps,
    });
    await q.addIndex('cohorts', ['starts_on'], { name: 'cohorts_starts_on' });

    await q.createTable('cohort_tutors', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      cohort_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('cohorts') },
      user_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('users') },
    });
    await q.addIndex('cohort_tutors', ['cohort_id', 'user_id'], { unique: true, name: 'cohort_tutors_cohort_user' });
    await q.addIndex('cohort_tutors', ['user_id'], { name: 'cohort_tutors_user' });

    await q.createTable('cohort_sessions', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      cohort_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('cohorts') },
      starts_at: { type: DataTypes.DATE, allowNull: false },
      title: { type: DataTypes.STRING(200), allowNull: true },
      ...timestamps,
    });
    await q.addIndex('cohort_sessions', ['cohort_id', 'starts_at'], { name: 'cohort_sessions_cohort' });

    await q.createTable('cohort_enrolments', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      cohort_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('cohorts') },
      user_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('users') },
      // enrolled | waitlisted | withdrawn | removed
      status: { type: DataTypes.STRING(16), allowNull: false },
      // Order on the waiting list: the time of the request (ties broken by id).
      requested_at: { type: DataTypes.DATE, allowNull: false },
      enrolled_at: { type: DataTypes.DATE, allowNull: true },
      override_reason: { type: DataTypes.TEXT, allowNull: true },
      completed_at: { type: DataTypes.DATE, allowNull: true },
      completion_reason: { type: DataTypes.TEXT, allowNull: true },
      completed_by: { type: DataTypes.INTEGER, allowNull: true },
      ...timestamps,
    });
    await q.addIndex('cohort_enrolments', ['cohort_id', 'user_id'], {
      unique: true,
      name: 'cohort_enrolments_cohort_user',
    });
    await q.addIndex('cohort_enrolments', ['user_id', 'status'], { name: 'cohort_enrolments_user' });

    await q.createTable('session_attendance', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      session_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('cohort_sessions') },
      user_id: { type: DataTypes.INTEGER, allowNull: false, ...fk('users') },
      attended: { type: DataTypes.BOOLEAN, allowNull: false },
      recorded_by: { type: DataTypes.INTEGER, allowNull: true },
      recorded_at: { type: DataTypes.DATE, allowNull: false },
    });
    await q.addIndex('session_attendance', ['session_id', 'user_id'], {
      unique: true,
      name: 'session_attendance_session_user',
    });
    await q.addIndex('session_attendance', ['user_id'], { name: 'session_attendance_user' });

    // The Lotse is told once when the last gate condition becomes met; this row says it happened.
    await q.createTable('q2_gate_notices', {
      user_id: { type: DataTypes.INTEGER, primaryKey: true, ...fk('users') },
      notified_at: { type: DataTypes.DATE, allowNull: false },
    });
  },
  async down({ queryInterface: q }) {
    for (const t of [
      'q2_gate_notices',
      'session_attendance',
      'cohort_enrolments',
      'cohort_sessions',
      'cohort_tutors',
      'cohorts',
      'workshop_registrations',
      'workshops',
      'authorisations',
    ])
      await q.dropTable(t);
  },
};
