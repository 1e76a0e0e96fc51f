import { Package } from '../../../src/packages/package-models';
import { PackageCompletion } from '../../../src/player/tracking-models';
import { Q1_MODULES } from '../../../src/shared/q1-modules';
import { Cohort, CohortEnrolment } from '../../../src/curriculum/cohort-models';

/** One package per Q1 module (module_key is unique, so created once per database). */
export async function ensureQ1Packages(): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const m of Q1_MODULES) {
    const [pkg] = await Package.findOrCreate({
      where: { moduleKey: m.key },
      defaults: { title: `Q1 – ${m.title}`, moduleKey: m.key },
    });
    ids.set(m.key, pkg.id);
  }
  return ids;
}

/** A completion as the player stores it once earned. */
export async function completeModule(
  userId: number,
  moduleKey: string,
  opts: { completedAt: Date; scoreScaled?: number | null; passed?: boolean | null },
): Promise<number> {
  const packages = await ensureQ1Packages();
  const packageId = packages.get(moduleKey)!;
  await PackageCompletion.create({
    userId,
    packageId,
    attemptId: null,
    passed: opts.passed ?? null,
    scoreScaled: opts.scoreScaled ?? null,
    completedAt: opts.completedAt,
  });
  return packageId;
}

/** Q2 completed by an admin's decision (the simplest completed state getQ2Status knows). */
export async function completeQ2(userId: number, completedAt: Date): Promise<void> {
  const cohort = await Cohort.create({
    title: 'Kohorte Saarland 2026',
    region: 'saarland',
    format: 'praesenz',
    startsOn: '2026-05-01',
    endsOn: '2026-09-30',
    capacity: 12,
    requiredAttendance: 0.8,
    finishedAt: completedAt,
  });
  await CohortEnrolment.create({
    cohortId: cohort.id,
    userId,
    status: 'enrolled',
    requestedAt: new Date('2026-04-01'),
    enrolledAt: new Date('2026-04-01'),
    completedAt,
    completionReason: 'Test',
  });
}
