/**
 * "A learner earned a package completion" — for other components (Q2 gate, certificates). Emitted
 * after the commit's transaction is committed, once per earned completion. A listener's failure is
 * logged and never reaches the SCO's commit (see src/shared/events.ts).
 */
import type { Logger } from '../shared/logger';
import { createEvent } from '../shared/events';

export type PackageCompletedListener = (userId: number, packageId: number, moduleKey: string | null) => Promise<void>;

const packageCompleted = createEvent<[userId: number, packageId: number, moduleKey: string | null]>();

/** Returns a function that removes the listener again (tests). */
export const onPackageCompleted: (listener: PackageCompletedListener) => () => void = packageCompleted.on;

export function emitPackageCompleted(
  userId: number,
  packageId: number,
  moduleKey: string | null,
  logger?: Logger,
): Promise<void> {
  return packageCompleted.emit([userId, packageId, moduleKey], (err) =>
    logger?.error({ err, userId, packageId }, 'package completion listener failed'),
  );
}

/** An attempt's result as the platforms that launched it should see it (LTI grade pass-back). */
export interface AttemptResult {
  userId: number;
  packageId: number;
  attemptId: number;
  completion: string;
  success: string;
  scoreScaled: number | null;
}

export type AttemptResultListener = (result: AttemptResult) => Promise<void>;

const attemptResultChanged = createEvent<[result: AttemptResult]>();

/**
 * Called after every commit or sequencing save that changed an attempt's completion, success or score
 * (credited attempts only), after the transaction and the reply. Returns an unsubscribe function.
 */
export const onAttemptResultChanged: (listener: AttemptResultListener) => () => void = attemptResultChanged.on;

export function emitAttemptResultChanged(result: AttemptResult, logger?: Logger): Promise<void> {
  return attemptResultChanged.emit([result], (err) =>
    logger?.error({ err, attemptId: result.attemptId }, 'attempt result listener failed'),
  );
}
