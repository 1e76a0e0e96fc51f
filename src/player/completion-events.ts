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
