import type { Migration } from './types';

/**
 * Indexes the report queries (src/reports) lean on; existing ones they also use: users(role, region),
 * attempts(user_id, package_id, number), attempts(last_activity_at), sco_attempts(attempt_id, sco_id),
 * package_completions(user_id, package_id), audit_log(subject_user_id, at), cohort_enrolments(cohort_id, user_id).
 */
const INDEXES: { table: string; fields: string[]; name: string }[] = [
  // The matrix groups a Lotse's credit attempts per package and reads the newest one's columns.
  { table: 'attempts', fields: ['user_id', 'package_id', 'credit', 'number'], name: 'attempts_report_cells' },
  // Per-module page (funnel, averages) and the score histogram scan one package's attempts.
  { table: 'attempts', fields: ['package_id', 'user_id'], name: 'attempts_package_user' },
  // Completions over time (chart) and the module funnel.
  { table: 'package_completions', fields: ['package_id', 'completed_at'], name: 'package_completions_pkg_at' },
  // Name order and name search among Lotsen.
  { table: 'users', fields: ['role', 'last_name', 'first_name'], name: 'users_role_name' },
];

export const reportIndexes: Migration = {
  name: '0007-report-indexes',
  async up({ queryInterface: q }) {
    for (const i of INDEXES) await q.addIndex(i.table, i.fields, { name: i.name });
  },
  async down({ queryInterface: q }) {
    for (const i of [...INDEXES].reverse()) await q.removeIndex(i.table, i.name);
  },
};
