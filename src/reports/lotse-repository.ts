import { Q1_MODULES } from '../shared/q1-modules';
import { lotseScope, type Viewer } from './report-scope';
import { bool, date, int, num, score, type ReportDb } from './db-values';

/** Raw reads of one Lotse's drill-down; a fixed number of statements however much they did. */

export interface LotseHead {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  region: string | null;
  createdAt: Date | null;
  lastLoginAt: Date | null;
}

/** The Lotse, or null when they do not exist or this viewer may not see them (same rule as the matrix). */
export async function visibleLotse(rdb: ReportDb, viewer: Viewer, userId: number): Promise<LotseHead | null> {
  const scope = lotseScope(viewer, {});
  const [r] = await rdb.select(
    `SELECT u.id, u.first_name, u.last_name, u.email, u.region, u.created_at, u.last_login_at FROM users u WHERE u.id = :userId AND ${scope.sql}`,
    { ...scope.replacements, userId },
  );
  return r
    ? {
        id: int(r.id),
        firstName: String(r.first_name),
        lastName: String(r.last_name),
        email: String(r.email),
        region: (r.region as string) ?? null,
        createdAt: date(r.created_at),
        lastLoginAt: date(r.last_login_at),
      }
    : null;
}

export interface PackageRow {
  id: number;
  title: string;
  moduleKey: string | null;
}
export interface AttemptRow {
  id: number;
  packageId: number;
  number: number;
  completion: string;
  success: string;
  scoreScaled: number | null;
  progress: number;
  totalTimeCs: number;
  credit: string;
  startedAt: Date | null;
  lastActivityAt: Date | null;
  completedAt: Date | null;
  versionNumber: number;
}
export interface ScoRow {
  attemptId: number;
  scoId: number;
  title: string;
  identifier: string;
  position: number;
  completion: string;
  success: string;
  scoreScaled: number | null;
  scoreRaw: number | null;
  totalTimeCs: number;
  sessions: number;
  location: string | null;
  firstLaunchAt: Date | null;
  lastLaunchAt: Date | null;
  lastCommitAt: Date | null;
  cmiJson: string | null;
}
export interface CompletionRow {
  packageId: number;
  passed: boolean | null;
  scoreScaled: number | null;
  completedAt: Date | null;
}
export interface AuditRow {
  id: number;
  at: Date | null;
  action: string;
  actorName: string | null;
  actorEmail: string | null;
  subjectType: string | null;
  subjectId: string | null;
  reason: string | null;
  after: string | null;
}

export async function lotseRecords(
  rdb: ReportDb,
  userId: number,
): Promise<{
  packages: PackageRow[];
  attempts: AttemptRow[];
  scos: ScoRow[];
  completions: CompletionRow[];
  audit: AuditRow[];
}> {
  const [packages, attempts, scos, completions, audit] = await Promise.all([
    // The Q1 packages (so untouched modules show too) and any other package this Lotse tried.
    rdb.select(
      `SELECT p.id, p.title, p.module_key FROM packages p WHERE p.module_key IN (:keys) OR p.id IN (SELECT a.package_id FROM attempts a WHERE a.user_id = :userId)`,
      { keys: Q1_MODULES.map((m) => m.key), userId },
    ),
    rdb.select(
      `SELECT a.id, a.package_id, a.number, a.completion_status, a.success_status, a.score_scaled, a.progress, a.total_time_cs, a.credit, a.started_at, a.last_activity_at, a.completed_at, v.number AS version_number
      FROM attempts a JOIN package_versions v ON v.id = a.version_id WHERE a.user_id = :userId ORDER BY a.package_id, a.number DESC`,
      { userId },
    ),
    rdb.select(
      `SELECT s.attempt_id, s.sco_id, ps.title, ps.item_identifier, ps.position, s.completion_status, s.success_status, s.score_scaled, s.score_raw, s.total_time_cs, s.session_count, s.location, s.first_launch_at, s.last_launch_at, s.last_commit_at, s.cmi_json
      FROM sco_attempts s JOIN attempts a ON a.id = s.attempt_id JOIN package_scos ps ON ps.id = s.sco_id WHERE a.user_id = :userId ORDER BY s.attempt_id, ps.position`,
      { userId },
    ),
    rdb.select(
      'SELECT package_id, passed, score_scaled, completed_at FROM package_completions WHERE user_id = :userId',
      {
        userId,
      },
    ),
    rdb.select(
      `SELECT al.id, al.at, al.action, al.subject_type, al.subject_id, al.reason, al.after_json, act.first_name, act.last_name, act.email
      FROM audit_log al LEFT JOIN users act ON act.id = al.actor_id WHERE al.subject_user_id = :userId ORDER BY al.at DESC, al.id DESC LIMIT 200`,
      { userId },
    ),
  ]);
  return {
    packages: packages.map((r) => ({
      id: int(r.id),
      title: String(r.title),
      moduleKey: (r.module_key as string) ?? null,
    })),
    attempts: attempts.map((r) => ({
      id: int(r.id),
      packageId: int(r.package_id),
      number: int(r.number),
      completion: String(r.completion_status),
      success: String(r.success_status),
      scoreScaled: score(r.score_scaled),
      progress: num(r.progress) ?? 0,
      totalTimeCs: int(r.total_time_cs),
      credit: String(r.credit),
      startedAt: date(r.started_at),
      lastActivityAt: date(r.last_activity_at),
      completedAt: date(r.completed_at),
      versionNumber: int(r.version_number),
    })),
    scos: scos.map((r) => ({
      attemptId: int(r.attempt_id),
      scoId: int(r.sco_id),
      title: String(r.title),
      identifier: String(r.item_identifier),
      position: int(r.position),
      completion: String(r.completion_status),
      success: String(r.success_status),
      scoreScaled: score(r.score_scaled),
      scoreRaw: score(r.score_raw),
      totalTimeCs: int(r.total_time_cs),
      sessions: int(r.session_count),
      location: (r.location as string) || null,
      firstLaunchAt: date(r.first_launch_at),
      lastLaunchAt: date(r.last_launch_at),
      lastCommitAt: date(r.last_commit_at),
      cmiJson: (r.cmi_json as string) ?? null,
    })),
    completions: completions.map((r) => ({
      packageId: int(r.package_id),
      passed: bool(r.passed),
      scoreScaled: score(r.score_scaled),
      completedAt: date(r.completed_at),
    })),
    audit: audit.map((r) => ({
      id: int(r.id),
      at: date(r.at),
      action: String(r.action),
      actorName: r.first_name ? `${r.first_name} ${r.last_name}` : null,
      actorEmail: (r.email as string) ?? null,
      subjectType: (r.subject_type as string) ?? null,
      subjectId: (r.subject_id as string) ?? null,
      reason: (r.reason as string) ?? null,
      after: (r.after_json as string) ?? null,
    })),
  };
}
