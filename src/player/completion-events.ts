/**
 * "A learner earned a package completion" — for other components (Q2 gate, certificates). Called
 * after the commit's transaction is committed, once per earned completion. A listener's failure is
 * logged and never reaches the SCO's commit.
 */
import type { Logger } from '../shared/logger';

export type PackageCompletedListener = (userId: number, packageId: number, moduleKey: string | null) => Promise<void>;

const listeners: PackageCompletedListener[] = [];

/** Returns a function that removes the listener again (tests). */
export function onPackageCompleted(listener: PackageCompletedListener): () => void {
  listeners.push(listener);
  return () => {
    const i = listeners.indexOf(listener);
    if (i >= 0) listeners.splice(i, 1);
  };
}

export async function emitPackageCompleted(userId: number, packageId: number, moduleKey: string | null, logger?: Logger): Promise<void> {
  for (const listener of [...listeners]) {
    try {
      await listener(userId, packageId, moduleKey);
    } catch (err) {
      logger?.error({ err, userId, packageId }, 'package completion listener failed');
    }
  }
}
