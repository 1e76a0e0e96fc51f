import type { Sequelize } from 'sequelize';
import type { Logger } from '../shared/logger';
import { withStartupLock, STARTUP_LOCK } from '../shared/db/startup-lock';
import { settleDueCohorts, sendDueGateNotices, type NoticeDeps } from '../enrolment';
import type { CertificateIssuer } from '../certificates';

export interface CatchUpDeps {
  sequelize: Sequelize;
  logger: Logger;
  certificates: CertificateIssuer;
  notices: NoticeDeps;
}

export interface CatchUpReport {
  /** Q2 completions stored for cohorts whose end date passed. */
  q2Completed: number;
  /** Q1 and Lotse certificates that were due but missing. */
  certificatesIssued: number;
  /** Lotsen told that the Q2 gate is now open. */
  gateNoticesSent: number;
}

/**
 * Work that catches up on events nobody heard: a cohort's end date passing while no process ran,
 * a listener that failed, a change made while the mailer was down. Every step is idempotent and runs
 * under the start-up lock, so processes started together take turns and never do a step twice.
 * The order matters: settling cohorts completes Q2, which makes Lotse certificates due.
 */
export async function runCatchUp(deps: CatchUpDeps): Promise<CatchUpReport> {
  return withStartupLock(deps.sequelize, STARTUP_LOCK, async () => {
    const q2Completed = await settleDueCohorts();
    const certificatesIssued = await deps.certificates.issueDue();
    const gateNoticesSent = await sendDueGateNotices(deps.notices);
    const report = { q2Completed, certificatesIssued, gateNoticesSent };
    if (q2Completed || certificatesIssued || gateNoticesSent) deps.logger.info(report, 'catch-up job did missed work');
    return report;
  });
}
