import { lotseScope, type Viewer } from './report-scope';
import type { ReportFilter } from './report-filter';
import { int, num, score, type ReportDb } from './db-values';

/** Raw reads of the per-module page: funnel, averages and the questions missed most. */

export interface ModuleFunnel {
  registered: number;
  started: number;
  completed: number;
  passed: number;
}
export interface ModuleAverages {
  learners: number;
  avgTimeCs: number | null;
  avgScoreScaled: number | null;
  avgCompletedScoreScaled: number | null;
  attempts: number;
}
export interface MissedQuestion {
  id: string;
  description: string;
  answers: number;
  incorrect: number;
  share: number;
}

type PersonFilter = Partial<Pick<ReportFilter, 'region' | 'cohort' | 'q'>>;

export async function moduleFunnel(
  rdb: ReportDb,
  viewer: Viewer,
  filter: PersonFilter,
  packageId: number,
): Promise<ModuleFunnel> {
  const scope = lotseScope(viewer, filter);
  const [r] = await rdb.select(
    `SELECT COUNT(*) AS registered,
      SUM(CASE WHEN EXISTS (SELECT 1 FROM attempts a WHERE a.user_id = u.id AND a.package_id = :packageId AND a.credit = 'credit') THEN 1 ELSE 0 END) AS started,
      SUM(CASE WHEN pc.id IS NOT NULL THEN 1 ELSE 0 END) AS completed,
      SUM(CASE WHEN pc.passed = 1 THEN 1 ELSE 0 END) AS passed
    FROM users u LEFT JOIN package_completions pc ON pc.user_id = u.id AND pc.package_id = :packageId
    WHERE ${scope.sql}`,
    { ...scope.replacements, packageId },
  );
  return {
    registered: int(r?.registered),
    started: int(r?.started),
    completed: int(r?.completed),
    passed: int(r?.passed),
  };
}

/**
 * Time: all credit attempts of a Lotse at this module summed, averaged over the Lotsen who started.
 * Score: the newest attempt's score, averaged over those who have one; and the mean earned score.
 */
export async function moduleAverages(
  rdb: ReportDb,
  viewer: Viewer,
  filter: PersonFilter,
  packageId: number,
): Promise<ModuleAverages> {
  const scope = lotseScope(viewer, filter);
  const [r] = await rdb.select(
    `SELECT COUNT(*) AS learners, AVG(t.time_cs) AS avg_time, AVG(a.score_scaled) AS avg_score, AVG(pc.score_scaled) AS avg_completed, SUM(t.tries) AS attempts
    FROM (SELECT a0.user_id, SUM(a0.total_time_cs) AS time_cs, MAX(a0.number) AS n, COUNT(*) AS tries FROM attempts a0 JOIN users u ON u.id = a0.user_id
          WHERE a0.package_id = :packageId AND a0.credit = 'credit' AND ${scope.sql} GROUP BY a0.user_id) t
    JOIN attempts a ON a.user_id = t.user_id AND a.package_id = :packageId AND a.number = t.n
    LEFT JOIN package_completions pc ON pc.user_id = t.user_id AND pc.package_id = :packageId`,
    { ...scope.replacements, packageId },
  );
  return {
    learners: int(r?.learners),
    avgTimeCs: num(r?.avg_time),
    avgScoreScaled: score(r?.avg_score),
    avgCompletedScoreScaled: score(r?.avg_completed),
    attempts: int(r?.attempts),
  };
}

/**
 * Per interaction id across every stored SCO attempt of this package (newest CMI of each row): how
 * often it was answered and how often wrong ("incorrect", 1.2 "wrong"). The JSON is unpacked by
 * the database (SQLite json_each, MariaDB/MySQL JSON_TABLE) so thousands of CMI documents never
 * travel to the app.
 */
export async function missedQuestions(
  rdb: ReportDb,
  viewer: Viewer,
  filter: PersonFilter,
  packageId: number,
  limit = 15,
): Promise<MissedQuestion[]> {
  const scope = lotseScope(viewer, filter);
  const from = rdb.isSqlite
    ? `sco_attempts s JOIN attempts a ON a.id = s.attempt_id JOIN users u ON u.id = a.user_id
       JOIN json_each(CASE WHEN json_valid(s.cmi_json) THEN s.cmi_json ELSE '{}' END, '$.interactions') j`
    : `sco_attempts s JOIN attempts a ON a.id = s.attempt_id JOIN users u ON u.id = a.user_id
       JOIN JSON_TABLE(CASE WHEN JSON_VALID(s.cmi_json) THEN s.cmi_json ELSE '{}' END, '$.interactions.*' COLUMNS (
         qid VARCHAR(255) PATH '$.id', descr VARCHAR(1000) PATH '$.description', result VARCHAR(32) PATH '$.result')) j`;
  const [qid, descr, result] = rdb.isSqlite
    ? [
        "json_extract(j.value, '$.id')",
        "json_extract(j.value, '$.description')",
        "LOWER(json_extract(j.value, '$.result'))",
      ]
    : ['j.qid', 'j.descr', 'LOWER(j.result)'];
  const rows = await rdb.select(
    `SELECT ${qid} AS qid, MAX(${descr}) AS descr, COUNT(*) AS answers,
      SUM(CASE WHEN ${result} IN ('incorrect', 'wrong') THEN 1 ELSE 0 END) AS incorrect
    FROM ${from}
    WHERE a.package_id = :packageId AND a.credit = 'credit' AND s.cmi_json IS NOT NULL AND ${scope.sql}
    GROUP BY ${qid}
    ORDER BY SUM(CASE WHEN ${result} IN ('incorrect', 'wrong') THEN 1 ELSE 0 END) * 1.0 / COUNT(*) DESC, COUNT(*) DESC, ${qid}
    LIMIT ${Math.max(1, Math.min(100, Math.floor(limit)))}`,
    { ...scope.replacements, packageId },
  );
  return rows
    .filter((r) => r.qid !== null && r.qid !== '')
    .map((r) => {
      const answers = int(r.answers);
      const incorrect = int(r.incorrect);
      return {
        id: String(r.qid),
        description: (r.descr as string) ?? '',
        answers,
        incorrect,
        share: answers ? incorrect / answers : 0,
      };
    });
}
