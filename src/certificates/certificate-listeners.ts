import { isQ1ModuleKey } from '../shared/q1-modules';
import type { Logger } from '../shared/logger';
import type { IssueResult } from './issue-certificates';

interface Issuing {
  issueQ1IfEligible(userId: number): Promise<IssueResult | null>;
  issueLotseIfEligible(userId: number): Promise<IssueResult | null>;
}

/**
 * Outbox handlers (registered by src/composition.ts): certificates after a module completion or a Q2
 * completion. Any process may run them, and a retry may run one twice: issuing is idempotent (one
 * certificate per dedupe key, see issueOnce). A failure throws, and the outbox tries again.
 */
export function certificateHandlers(issuer: Issuing, logger: Logger) {
  const issueLotse = async (userId: number) => {
    const lotse = await issuer.issueLotseIfEligible(userId);
    if (lotse?.created) logger.info({ userId, code: lotse.certificate.code }, 'Lotse certificate issued');
  };
  return {
    async onPackageCompleted(p: { userId: number; moduleKey: string | null }): Promise<void> {
      if (!isQ1ModuleKey(p.moduleKey)) return;
      const q1 = await issuer.issueQ1IfEligible(p.userId);
      if (q1?.created) logger.info({ userId: p.userId, code: q1.certificate.code }, 'Q1 certificate issued');
      // Q2 may have been completed first (admin override of the gate): the Lotse certificate waited for Q1.
      await issueLotse(p.userId);
    },
    async onQ2Completed(p: { userId: number }): Promise<void> {
      await issueLotse(p.userId);
    },
  };
}
