import { Q1_MODULES } from '../shared/q1-modules';
import { moduleDone } from './certificate-facts';
import { listCertificatesOfUser } from './manage-certificates';
import { readModuleCompletions } from './q1-completions';
import type { CertificateView } from './certificate-views';

export interface LotseCertificateOverview {
  certificates: CertificateView[];
  hasQ1: boolean;
  hasLotse: boolean;
  q1Done: number;
  q1Total: number;
  modules: {
    key: string;
    title: string;
    done: boolean;
    completedAt: Date | null;
    participation: CertificateView | null;
  }[];
}

/**
 * Everything the Lotse's certificate page shows. Read only: a certificate that is due but missing
 * (a listener that failed, an event no process heard) is issued by the catch-up job (src/jobs).
 */
export async function lotseCertificateOverview(userId: number): Promise<LotseCertificateOverview> {
  const completions = await readModuleCompletions(userId);
  const certificates = await listCertificatesOfUser(userId);
  const modules = Q1_MODULES.map((m) => {
    const c = completions.get(m.key);
    return {
      key: m.key,
      title: m.title,
      done: moduleDone(c),
      completedAt: c?.completedAt ?? null,
      participation: certificates.find((x) => x.kind === 'participation' && x.moduleKey === m.key) ?? null,
    };
  });
  return {
    certificates,
    hasQ1: certificates.some((c) => c.kind === 'q1'),
    hasLotse: certificates.some((c) => c.kind === 'lotse'),
    q1Done: modules.filter((m) => m.done).length,
    q1Total: modules.length,
    modules,
  };
}
