import { onPackageCompleted } from '../player';
import { isQ1ModuleKey } from '../shared/q1-modules';
import { notifyIfGateMet, type NoticeDeps } from './gate-notice';

/**
 * When a Q1 module is the last missing prerequisite, the Lotse is told as soon as the player reports
 * the completion. Registered once per process by the composition root (src/composition.ts); returns
 * a function that removes the listener again.
 */
export function registerGateListeners(deps: NoticeDeps): () => void {
  return onPackageCompleted(async (userId, _packageId, moduleKey) => {
    if (isQ1ModuleKey(moduleKey)) await notifyIfGateMet(deps, userId);
  });
}
