import { User } from '../auth';
import { getQ1Completion } from '../player';
import { getQ2Status } from '../enrolment';
import { Q1_MODULES } from '../shared/q1-modules';
import { Certificate } from './certificate-model';
import { moduleDone } from './certificate-facts';
import { issueLotseCertificateIfEligible, issueQ1CertificateIfEligible } from './issue-certificates';

const BATCH = 500;

/**
 * The catch-up half of issuing: Q1 and Lotse certificates that are due but missing — a completion
 * from before certificates existed, a listener that failed, or an event no process heard (a cohort
 * settled at start). Reads in batches with a fixed number of queries each; issuing is idempotent,
 * so two processes running this at once still issue each certificate once. Returns how many it issued.
 */
export async function issueDueCertificates(placeOfIssue: string): Promise<number> {
  const held = await Certificate.findAll({ where: { kind: ['q1', 'lotse'] }, attributes: ['userId', 'kind'] });
  const hasQ1 = new Set(held.filter((c) => c.kind === 'q1').map((c) => c.userId));
  const hasLotse = new Set(held.filter((c) => c.kind === 'lotse').map((c) => c.userId));
  const lotsen = await User.findAll({ where: { role: 'lotse' }, attributes: ['id'], order: [['id', 'ASC']] });
  const open = lotsen.map((u) => u.id).filter((id) => !hasQ1.has(id) || !hasLotse.has(id));
  let issued = 0;
  for (let i = 0; i < open.length; i += BATCH) {
    const ids = open.slice(i, i + BATCH);
    const [q1, q2] = await Promise.all([getQ1Completion(ids), getQ2Status(ids)]);
    for (const id of ids) {
      if (!Q1_MODULES.every((m) => moduleDone(q1.get(id)?.get(m.key)))) continue;
      if (!hasQ1.has(id) && (await issueQ1CertificateIfEligible(id, placeOfIssue))?.created) issued++;
      if (
        !hasLotse.has(id) &&
        q2.get(id)?.completed &&
        (await issueLotseCertificateIfEligible(id, placeOfIssue))?.created
      )
        issued++;
    }
  }
  return issued;
}
