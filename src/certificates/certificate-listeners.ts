import { onPackageCompleted } from '../player';
import { onQ2Completed } from '../enrolment';
import { isQ1ModuleKey } from '../shared/q1-modules';
import type { Logger } from '../shared/logger';
import type { IssueResult } from './issue-certificates';

interface Issuing {
  issueQ1IfEligible(userId: number): Promise<IssueResult | null>;
  issueLotseIfEligible(userId: number): Promise<IssueResult | null>;
}

/**
 * Issues certificates when the player reports a module completion or Q2 reports a completion.
 * Registered once per process by the composition root (src/composition.ts), so every app process
 * behind a load balancer listens; two processes reacting to the same completion still issue one
 * certificate (see issueOnce). Returns a function that removes the listeners again.
 */
export function registerCertificateListeners(issuer: Issuing, logger: Logger): () => void {
  const offPackage = onPackageCompleted(async (userId, _packageId, moduleKey) => {
    if (!isQ1ModuleKey(moduleKey)) return;
    const q1 = await issuer.issueQ1IfEligible(userId);
    if (q1?.created) logger.info({ userId, code: q1.certificate.code }, 'Q1 certificate issued');
    // Q2 may have been completed first (admin override of the gate): the Lotse certificate waited for Q1.
    const lotse = await issuer.issueLotseIfEligible(userId);
    if (lotse?.created) logger.info({ userId, code: lotse.certificate.code }, 'Lotse certificate issued');
  });
  const offQ2 = onQ2Completed(async (event) => {
    const lotse = await issuer.issueLotseIfEligible(event.userId);
    if (lotse?.created) logger.info({ userId: event.userId, code: lotse.certificate.code }, 'Lotse certificate issued');
  });
  return () => {
    offPackage();
    offQ2();
  };
}
