/**
 * Read-only views of a learner's progress: `/api/v1/me/progress`, the home page's Q1 list and
 * /learning; and `getQ1Completion` for the Q2 gate and certificates. A constant number of queries
 * whatever the number of packages.
 */
import { Attempt, PackageCompletion, ScoAttempt } from './tracking-models';
import type { VersionCatalogs } from './version-catalog';
import { packageStatus, type PackageStatus } from './rollup';
import { listPackages, type PackageSummary } from '../packages';
import { Q1_MODULES } from '../shared/q1-modules';
import { formatDuration2004 } from '../scorm';

export interface ScoProgress {
  id: number;
  identifier: string;
  title: string;
  completion: string;
  success: string;
  scoreRaw: number | null;
  scoreScaled: number | null;
  location: string | null;
  totalTime: string;
  totalTimeSeconds: number;
  lastCommitAt: Date | null;
}

export interface PackageProgress {
  id: number;
  title: string;
  moduleKey: string | null;
  status: PackageStatus;
  completedAt: Date | null;
  attempt: {
    id: number;
    number: number;
    versionId: number;
    completion: string;
    success: string;
    scoreScaled: number | null;
    progress: number;
  } | null;
  scos: ScoProgress[];
}

/** Q1 modules first (in curriculum order), then every other package by title. */
function byCurriculum(a: PackageSummary, b: PackageSummary): number {
  const rank = (p: PackageSummary) => {
    const i = Q1_MODULES.findIndex((m) => m.key === p.moduleKey);
    return i < 0 ? Q1_MODULES.length : i;
  };
  return rank(a) - rank(b) || a.title.localeCompare(b.title, 'de');
}

export async function getProgressForUser(
  catalogs: VersionCatalogs,
  userId: number,
): Promise<{ packages: PackageProgress[] }> {
  const packages = (await listPackages()).filter((p) => p.latestVersionId !== null).sort(byCurriculum);
  const [attempts, completions] = await Promise.all([
    Attempt.findAll({
      where: { userId },
      order: [['number', 'DESC']],
      attributes: { exclude: ['sequencingState', 'tokenHash'] },
    }),
    PackageCompletion.findAll({ where: { userId } }),
  ]);
  const current = new Map<number, Attempt>();
  for (const a of attempts) if (!current.has(a.packageId)) current.set(a.packageId, a);
  const attemptIds = [...current.values()].map((a) => a.id);
  const rows = attemptIds.length
    ? await ScoAttempt.findAll({ where: { attemptId: attemptIds }, attributes: { exclude: ['cmiJson'] } })
    : [];

  const result: PackageProgress[] = [];
  for (const pkg of packages) {
    const attempt = current.get(pkg.id) ?? null;
    const completion = completions.find((c) => c.packageId === pkg.id) ?? null;
    const catalog = await catalogs.ofVersion(attempt?.versionId ?? pkg.latestVersionId!);
    const scoRows = new Map(rows.filter((r) => attempt && r.attemptId === attempt.id).map((r) => [r.scoId, r]));
    result.push({
      id: pkg.id,
      title: pkg.title,
      moduleKey: pkg.moduleKey,
      status: packageStatus(
        completion ? { passed: completion.passed } : null,
        attempt ? { completion: attempt.completionStatus, success: attempt.successStatus } : null,
      ),
      completedAt: completion?.completedAt ?? null,
      attempt: attempt
        ? {
            id: attempt.id,
            number: attempt.number,
            versionId: attempt.versionId,
            completion: attempt.completionStatus,
            success: attempt.successStatus,
            scoreScaled: attempt.scoreScaled,
            progress: Number(attempt.progress),
          }
        : null,
      scos: catalog.scos.map((sco) => {
        const r = scoRows.get(sco.id);
        const cs = r?.totalTimeCs ?? 0;
        return {
          id: sco.id,
          identifier: sco.identifier,
          title: sco.title,
          completion: r?.completionStatus ?? 'not attempted',
          success: r?.successStatus ?? 'unknown',
          scoreRaw: r?.scoreRaw ?? null,
          scoreScaled: r?.scoreScaled ?? null,
          location: r?.location || null,
          totalTime: formatDuration2004(cs),
          totalTimeSeconds: Math.round(cs) / 100,
          lastCommitAt: r?.lastCommitAt ?? null,
        };
      }),
    });
  }
  return { packages: result };
}

export interface ModuleCompletion {
  completed: boolean;
  passed: boolean | null;
  completedAt: Date | null;
  scoreScaled: number | null;
}

/**
 * Per user, per Q1 module key: whether the package assigned to that module was completed (the
 * earned completion stays whatever later attempts or versions do). Every requested user and every
 * Q1 module key is present; a module without a completion has `completed: false`.
 */
export async function getQ1Completion(userIds: number[]): Promise<Map<number, Map<string, ModuleCompletion>>> {
  const result = new Map<number, Map<string, ModuleCompletion>>();
  for (const id of userIds) {
    result.set(
      id,
      new Map(Q1_MODULES.map((m) => [m.key, { completed: false, passed: null, completedAt: null, scoreScaled: null }])),
    );
  }
  if (userIds.length === 0) return result;
  const moduleOf = new Map((await listPackages()).filter((p) => p.moduleKey).map((p) => [p.id, p.moduleKey!]));
  if (moduleOf.size === 0) return result;
  const rows = await PackageCompletion.findAll({ where: { userId: userIds, packageId: [...moduleOf.keys()] } });
  for (const row of rows) {
    result.get(row.userId)?.set(moduleOf.get(row.packageId)!, {
      completed: true,
      passed: row.passed === null ? null : Boolean(row.passed),
      completedAt: row.completedAt,
      scoreScaled: row.scoreScaled,
    });
  }
  return result;
}

/** What the home page and /learning show per package. */
export interface ModuleCard {
  id: number;
  title: string;
  moduleKey: string | null;
  statusKey: PackageStatus;
  percent: number;
  playUrl: string;
  actionKey: 'home.q1.start' | 'home.q1.continue' | 'home.q1.review';
  scoCount: number;
  scoreScaled: number | null;
}

export function toModuleCard(p: PackageProgress): ModuleCard {
  const done = p.status === 'completed' || p.status === 'passed';
  // A new attempt after an earned completion is shown as what it is: work in progress.
  const running = p.attempt !== null && p.attempt.completion !== 'completed';
  return {
    id: p.id,
    title: p.title,
    moduleKey: p.moduleKey,
    statusKey: p.status,
    percent: done && !running ? 100 : Math.round((p.attempt?.progress ?? 0) * 100),
    playUrl: `/play/${p.id}`,
    actionKey:
      p.status === 'not_started'
        ? 'home.q1.start'
        : running
          ? 'home.q1.continue'
          : done
            ? 'home.q1.review'
            : 'home.q1.continue',
    scoCount: p.scos.length,
    scoreScaled: p.attempt?.scoreScaled ?? null,
  };
}

/** The completion a learner earned in a package, if any (the player's end page). */
export function findCompletion(userId: number, packageId: number): Promise<PackageCompletion | null> {
  return PackageCompletion.findOne({ where: { userId, packageId } });
}

/** One learner's standing in one package: what offering pages and reports show per participant. */
export interface PackageStanding {
  status: PackageStatus;
  /** 0–100: 100 once the completion is earned (unless a new attempt is running), else the attempt's progress. */
  percent: number;
  completed: boolean;
  passed: boolean | null;
  completedAt: Date | null;
  scoreScaled: number | null;
  lastActivityAt: Date | null;
}

export const standingKey = (userId: number, packageId: number) => `${userId}:${packageId}`;

/**
 * Standing of many users in many packages with two queries (attempts, completions), keyed by
 * `standingKey(user, package)`; every requested pair is present (`not_started` without an attempt).
 */
export async function getPackageStandings(
  userIds: number[],
  packageIds: number[],
): Promise<Map<string, PackageStanding>> {
  const out = new Map<string, PackageStanding>();
  if (userIds.length === 0 || packageIds.length === 0) return out;
  const [attempts, completions] = await Promise.all([
    Attempt.findAll({
      where: { userId: userIds, packageId: packageIds },
      order: [['number', 'DESC']],
      attributes: [
        'userId',
        'packageId',
        'completionStatus',
        'successStatus',
        'progress',
        'scoreScaled',
        'lastActivityAt',
      ],
    }),
    PackageCompletion.findAll({ where: { userId: userIds, packageId: packageIds } }),
  ]);
  const newest = new Map<string, Attempt>();
  for (const a of attempts) {
    const key = standingKey(a.userId, a.packageId);
    if (!newest.has(key)) newest.set(key, a);
  }
  const earned = new Map(completions.map((c) => [standingKey(c.userId, c.packageId), c]));
  for (const userId of userIds) {
    for (const packageId of packageIds) {
      const key = standingKey(userId, packageId);
      const a = newest.get(key);
      const c = earned.get(key);
      const status = packageStatus(
        c ? { passed: c.passed } : null,
        a ? { completion: a.completionStatus, success: a.successStatus } : null,
      );
      const running = !!a && a.completionStatus !== 'completed';
      out.set(key, {
        status,
        percent: c && !running ? 100 : Math.round(Number(a?.progress ?? 0) * 100),
        completed: !!c && c.passed !== false,
        passed: c ? (c.passed === null ? null : Boolean(c.passed)) : null,
        completedAt: c?.completedAt ?? null,
        scoreScaled: c?.scoreScaled ?? a?.scoreScaled ?? null,
        lastActivityAt: a?.lastActivityAt ?? null,
      });
    }
  }
  return out;
}
