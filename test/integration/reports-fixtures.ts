/** Rows the reports tests start from: Q1 packages with SCOs, and attempts with known values. */
import crypto from 'node:crypto';
import { Package, PackageSco, PackageVersion } from '../../src/packages/package-models';
import { Attempt, PackageCompletion, ScoAttempt } from '../../src/player/tracking-models';
import { Q1_MODULES } from '../../src/shared/q1-modules';

export interface Q1Package {
  key: string;
  packageId: number;
  versionId: number;
  scoIds: number[];
}

/** One package per Q1 module, each with a content SCO and a knowledge-check SCO (shared per database). */
export async function q1Setup(): Promise<Q1Package[]> {
  const result: Q1Package[] = [];
  for (const m of Q1_MODULES) {
    let pkg = await Package.findOne({ where: { moduleKey: m.key } });
    if (!pkg) {
      pkg = await Package.create({ title: m.title, moduleKey: m.key });
      const v = await PackageVersion.create({
        packageId: pkg.id,
        number: 1,
        scormVersion: '2004 4th Edition',
        title: m.title,
        manifestJson: '{}',
        storageDir: `t-${m.key}`,
        contentRoot: '',
        sizeBytes: 0,
        fileCount: 0,
      });
      await PackageSco.create({
        versionId: v.id,
        position: 0,
        itemIdentifier: 'kapitel-1',
        resourceIdentifier: 'r1',
        title: 'Kapitel 1',
        launchPath: 'k1.html',
        scormType: 'sco',
        isVisible: true,
      });
      await PackageSco.create({
        versionId: v.id,
        position: 1,
        itemIdentifier: 'wissenscheck',
        resourceIdentifier: 'r2',
        title: 'Wissenscheck',
        launchPath: 'check.html',
        scormType: 'sco',
        isVisible: true,
        scaledPassingScore: 0.8,
      });
      await pkg.update({ latestVersionId: v.id });
    }
    const v = await PackageVersion.findOne({ where: { packageId: pkg.id, number: 1 } });
    const scos = await PackageSco.findAll({ where: { versionId: v!.id }, order: [['position', 'ASC']] });
    result.push({ key: m.key, packageId: pkg.id, versionId: v!.id, scoIds: scos.map((s) => s.id) });
  }
  return result;
}

export interface AttemptSeed {
  number?: number;
  completion?: string;
  success?: string;
  scoreScaled?: number | null;
  progress?: number;
  timeCs?: number;
  startedAt?: Date;
  lastActivityAt?: Date;
  credit?: 'credit' | 'no-credit';
  /** CMI of the knowledge-check SCO (the second SCO). */
  checkCmi?: Record<string, unknown>;
  checkLocation?: string;
}

export async function seedAttempt(userId: number, pkg: Q1Package, s: AttemptSeed = {}): Promise<Attempt> {
  const at = s.lastActivityAt ?? new Date();
  const attempt = await Attempt.create({
    userId,
    packageId: pkg.packageId,
    versionId: pkg.versionId,
    number: s.number ?? 1,
    tokenHash: crypto.randomBytes(16).toString('hex'),
    completionStatus: s.completion ?? 'incomplete',
    successStatus: s.success ?? 'unknown',
    scoreScaled: s.scoreScaled ?? null,
    progress: s.progress ?? 0.5,
    totalTimeCs: s.timeCs ?? 0,
    credit: s.credit ?? 'credit',
    startedAt: s.startedAt ?? at,
    lastActivityAt: at,
    completedAt: s.completion === 'completed' ? at : null,
  });
  await ScoAttempt.create({
    attemptId: attempt.id,
    scoId: pkg.scoIds[0],
    userId,
    cmiJson: JSON.stringify({ completion_status: 'completed', location: 'seite-3', interactions: {} }),
    completionStatus: 'completed',
    successStatus: 'unknown',
    totalTimeCs: Math.floor((s.timeCs ?? 0) / 2),
    location: 'seite-3',
    sessionCount: 1,
    firstLaunchAt: s.startedAt ?? at,
    lastLaunchAt: at,
    lastCommitAt: at,
  });
  if (s.checkCmi) {
    await ScoAttempt.create({
      attemptId: attempt.id,
      scoId: pkg.scoIds[1],
      userId,
      cmiJson: JSON.stringify(s.checkCmi),
      completionStatus: String(s.checkCmi.completion_status ?? 'completed'),
      successStatus: String(s.checkCmi.success_status ?? 'unknown'),
      scoreScaled: s.scoreScaled ?? null,
      totalTimeCs: Math.ceil((s.timeCs ?? 0) / 2),
      location: s.checkLocation ?? null,
      sessionCount: 2,
      firstLaunchAt: s.startedAt ?? at,
      lastLaunchAt: at,
      lastCommitAt: at,
    });
  }
  return attempt;
}

export async function complete(
  userId: number,
  pkg: Q1Package,
  passed: boolean | null,
  scoreScaled: number | null,
  at = new Date(),
): Promise<void> {
  await PackageCompletion.create({ userId, packageId: pkg.packageId, passed, scoreScaled, completedAt: at });
}

/** A knowledge check as scorm-again stores it: arrays as objects keyed "0","1",…, strings everywhere. */
export function checkCmi(
  answers: { id: string; description: string; response: string; result: string; latency?: string }[],
  success = 'passed',
): Record<string, unknown> {
  return {
    completion_status: 'completed',
    success_status: success,
    score: { scaled: '0.9' },
    interactions: Object.fromEntries(
      answers.map((a, i) => [
        String(i),
        {
          id: a.id,
          type: 'choice',
          description: a.description,
          learner_response: a.response,
          result: a.result,
          latency: a.latency ?? 'PT12S',
          timestamp: '2026-03-02T10:15:00.0Z',
          correct_responses: { '0': { pattern: 'b' } },
        },
      ]),
    ),
    objectives: {
      '0': { id: 'wissen', success_status: success, completion_status: 'completed', score: { scaled: '0.9' } },
    },
  };
}

export const daysAgo = (n: number) => new Date(Date.now() - n * 86400_000);
