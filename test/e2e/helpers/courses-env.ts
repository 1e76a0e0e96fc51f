/**
 * What the Q1 course browser tests share: the real app and Chromium once per file, the course zips
 * built once per file from courses/, a fresh Lotse per test, and polling of the stored tracking data
 * (commits arrive asynchronously after the click that caused them).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildAllCourses } from '../../../courses/build';
import { importPackage, type ImportedPackage } from '../../../src/packages';
import { Attempt, PackageCompletion, ScoAttempt } from '../../../src/player/tracking-models';
import type { UserView } from '../../../src/auth/user-model';
import { makeUser, PASSWORD } from '../../helpers/users';
import { launchBrowser, login, startServer, type RunningServer } from './browser';
import { interactionsOf, Q1_KEYS } from './courses-driver';

export type ScormFlavour = '2004' | '1.2';

export interface CoursesEnv {
  srv: RunningServer;
  browser: Browser;
  zipDir: string;
}

export async function startCoursesEnv(): Promise<CoursesEnv> {
  const zipDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gezu-course-zips-'));
  await buildAllCourses({ outDir: zipDir, only: [...Q1_KEYS] });
  const srv = await startServer();
  const browser = await launchBrowser();
  return { srv, browser, zipDir };
}

export async function stopCoursesEnv(env: CoursesEnv | undefined): Promise<void> {
  await env?.browser.close();
  await env?.srv.stop();
  if (env) fs.rmSync(env.zipDir, { recursive: true, force: true });
}

/** Imports the freshly built zip, as the admin upload would (new package per call). */
export async function importCourse(env: CoursesEnv, key: string, flavour: ScormFlavour): Promise<ImportedPackage> {
  const zip = path.join(env.zipDir, `${key}-${flavour === '2004' ? 'scorm2004' : 'scorm12'}.zip`);
  const pkg = await importPackage(env.srv.ctx.services.packages, zip, { actorId: null });
  expect(pkg.warnings).toEqual([]);
  expect(pkg.scormVersion).toContain(flavour === '2004' ? '2004' : '1.2');
  return pkg;
}

export async function lotsePage(env: CoursesEnv, width = 1280): Promise<{ page: Page; user: UserView }> {
  const user = await makeUser('lotse', { firstName: 'Lena', lastName: 'Lotse' });
  const context = await env.browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await login(page, env.srv.baseUrl, user.email, PASSWORD);
  return { page, user };
}

export async function waitFor<T>(what: string, load: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 100; i++) {
    last = await load();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} never reached the expected state: ${JSON.stringify(last)}`);
}

export interface Tracking {
  attempt: Attempt;
  sco: ScoAttempt;
  completions: PackageCompletion[];
}

/** The learner's newest attempt at the package, its one SCO row and their completions of it. */
export async function loadTracking(userId: number, packageId: number): Promise<Tracking | null> {
  const newest = await Attempt.findOne({ where: { userId, packageId }, order: [['number', 'DESC']] });
  if (!newest) return null;
  // SCO row first, attempt after: a commit writes both in one transaction, so the attempt read
  // second is never older than the SCO row (the other way round a commit could land in between).
  const sco = await ScoAttempt.findOne({ where: { attemptId: newest.id } });
  const attempt = (await newest.reload()) as Attempt;
  const completions = await PackageCompletion.findAll({ where: { userId, packageId } });
  return sco && { attempt, sco, completions };
}

export async function waitForTracking(
  userId: number,
  packageId: number,
  ok: (t: Tracking) => boolean,
): Promise<Tracking> {
  try {
    return (await waitFor(
      'tracking',
      () => loadTracking(userId, packageId),
      (t) => !!t && ok(t),
    )) as Tracking;
  } catch {
    throw new Error(
      `the stored tracking never reached the expected state: ${JSON.stringify(summary(await loadTracking(userId, packageId)))}`,
    );
  }
}

/** The columns a failure message needs (the whole CMI and sequencing JSON would bury them). */
function summary(t: Tracking | null): unknown {
  if (!t) return null;
  const { attempt: a, sco: s } = t;
  return {
    attempt: {
      completion: a.completionStatus,
      success: a.successStatus,
      scoreScaled: a.scoreScaled,
      progress: a.progress,
      completedAt: a.completedAt,
    },
    sco: {
      completion: s.completionStatus,
      success: s.successStatus,
      scoreRaw: s.scoreRaw,
      scoreScaled: s.scoreScaled,
      location: s.location,
      exit: s.exitMode,
      sessions: s.sessionCount,
      interactions: interactionsOf(s.cmiJson).length,
    },
    completions: t.completions.map((c) => ({ passed: c.passed, scoreScaled: c.scoreScaled })),
  };
}
