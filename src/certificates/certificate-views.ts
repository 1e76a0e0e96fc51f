import type { Certificate, CertificateKind } from './certificate-model';
import type { CertificateFacts } from './certificate-facts';

/** What the owner, admins and the API see of a certificate: plain data for templates and JSON. */
export interface CertificateView {
  id: number;
  code: string;
  kind: CertificateKind;
  moduleKey: string | null;
  moduleTitle: string | null;
  holderName: string;
  userId: number;
  issuedAt: Date;
  reissuedAt: Date | null;
  revokedAt: Date | null;
  revokedReason: string | null;
  valid: boolean;
  pdfUrl: string;
  verifyPath: string;
}

/** What anyone may learn from a code: name, kind, modules and dates — nothing else about the person
 * (no email, region, scores or revocation reason). */
export interface PublicVerification {
  status: 'valid' | 'revoked' | 'unknown';
  code: string | null;
  kind?: CertificateKind;
  holderName?: string;
  modules?: { key: string; title: string; completedAt: string | null }[];
  completedAt?: string | null;
  issuedAt?: string;
  reissuedAt?: string | null;
  revokedAt?: string | null;
}

export function factsOf(c: Certificate): CertificateFacts {
  return JSON.parse(c.factsJson) as CertificateFacts;
}

export function toCertificateView(c: Certificate): CertificateView {
  const facts = factsOf(c);
  return {
    id: c.id,
    code: c.code,
    kind: c.kind,
    moduleKey: c.moduleKey,
    moduleTitle: c.kind === 'participation' || c.kind === 'offering' ? (facts.modules[0]?.title ?? null) : null,
    holderName: facts.holder.name,
    userId: c.userId,
    issuedAt: new Date(c.issuedAt),
    reissuedAt: c.reissuedAt ? new Date(c.reissuedAt) : null,
    revokedAt: c.revokedAt ? new Date(c.revokedAt) : null,
    revokedReason: c.revokedReason,
    valid: !c.revokedAt,
    pdfUrl: `/certificates/${c.id}/pdf`,
    verifyPath: `/verify/${c.code}`,
  };
}

export function toPublicVerification(c: Certificate | null, code: string | null): PublicVerification {
  if (!c) return { status: 'unknown', code };
  const facts = factsOf(c);
  return {
    status: c.revokedAt ? 'revoked' : 'valid',
    code: c.code,
    kind: c.kind,
    holderName: facts.holder.name,
    modules: facts.modules.map((m) => ({ key: m.key, title: m.title, completedAt: m.completedAt })),
    completedAt: facts.completedAt,
    issuedAt: facts.issuedAt,
    reissuedAt: c.reissuedAt ? new Date(c.reissuedAt).toISOString() : null,
    revokedAt: c.revokedAt ? new Date(c.revokedAt).toISOString() : null,
  };
}
