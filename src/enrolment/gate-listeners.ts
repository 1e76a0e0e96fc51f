import { onPackageCompleted } from '../player';
import { isQ1ModuleKey } from '../curriculum/modules';
import { notifyIfGateMet, type NoticeDeps } from './gate-notice';
import type { Logger } from '../shared/logger';

let registered = false;

/**
 * When a Q1 module is the last missing prerequisite, the Lotse is told as soon as the player reports
 * the completion. Registered once per process when the routes are built.
 */
export function registerGateListeners(deps: NoticeDeps & { logger: Logger }): void {
  if (registered) return;
  registered = true;
  onPackageCompleted(async (userId, _packageId, moduleKey) => {
    if (isQ1ModuleKey(moduleKey)) await notifyIfGateMet(deps, userId);
  });
}
