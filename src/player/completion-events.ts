/**
 * "A learner earned a package completion" — for other components (Q2 gate, certificates). The commit
 * (and the sequencing save) that earns it writes an outbox message of this type in its own
 * transaction, so the work after it survives a crash between commit and handler (src/outbox).
 */
import type { Transaction } from 'sequelize';
import { enqueue } from '../outbox';

export const PACKAGE_COMPLETED = 'player.package_completed';

export interface PackageCompletedPayload {
  userId: number;
  packageId: number;
  moduleKey: string | null;
}

/** Once per user and package: the completion row is unique too. */
export function enqueuePackageCompleted(transaction: Transaction, p: PackageCompletedPayload): Promise<void> {
  return enqueue(transaction, PACKAGE_COMPLETED, p, { dedupeKey: `package_completed:${p.userId}:${p.packageId}` });
}

/** An attempt's result as the platforms that launched it should see it (LTI grade pass-back). */
export interface AttemptResult {
  /** When the change was committed (epoch ms); set by the enqueue. */
  at?: number;
  userId: number;
  packageId: number;
  attemptId: number;
  completion: string;
  success: string;
  scoreScaled: number | null;
}

export const ATTEMPT_RESULT_CHANGED = 'player.attempt_result_changed';

/**
 * Written in the transaction of every commit or sequencing save that changed a credited attempt's
 * completion, success or score (a few times per attempt, not per commit). `at` (epoch ms) orders them:
 * a handler that already delivered a newer result skips an older one that was retried late.
 */
export function enqueueAttemptResultChanged(transaction: Transaction, r: AttemptResult): Promise<void> {
  return enqueue(transaction, ATTEMPT_RESULT_CHANGED, { ...r, at: Date.now() });
}
