import { onPackageCompleted } from '../player';
import { onQ2Completed } from '../enrolment';
import { isQ1ModuleKey } from '../curriculum/modules';
import type { Logger } from '../shared/logger';
import { issueLotseCertificateIfEligible, issueQ1CertificateIfEligible } from './issue-certificates';

let registered = false;

/**
 * Issues certificates when the player reports a module completion or Q2 reports a completion.
 * Registered once per process at app build, so every app process behind a load balancer listens;
 * two processes reacting to the same completion still issue one certificate (see issueOnce).
 */
export function registerCertificateListeners(logger: Logger): void {
  if (registered) return;
  registered = true;
  onPackageCompleted(async (userId, _packageId, moduleKey) => {
    if (!isQ1ModuleKey(moduleKey)) return;
    const q1 = await issueQ1CertificateIfEligible(userId);
    if (q1?.created) logger.info({ userId, code: q1.certificate.code }, 'Q1 certificate issued');
    // Q2 may have been completed first (admin override of the gate): the Lotse certificate waited for Q1.
    const lotse = await issueLotseCertificateIfEligible(userId);
    if (lotse?.created) logger.info({ userId, code: lotse.certificate.code }, 'Lotse certificate issued');
  });
  onQ2Completed(async (event) => {
    const lotse = await issueLotseCertificateIfEligible(event.userId);
    if (lotse?.created) logger.info({ userId: event.userId, code: lotse.certificate.code }, 'Lotse certificate issued');
  });
}
