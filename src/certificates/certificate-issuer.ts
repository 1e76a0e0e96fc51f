import type { Logger } from '../shared/logger';
import type { ModuleCompletion } from './certificate-facts';
import {
  issueLotseCertificateIfEligible,
  issueParticipation,
  issueOfferingConfirmation,
  issueQ1CertificateIfEligible,
  type IssueResult,
} from './issue-certificates';
import { issueDueCertificates } from './issue-due';
import { certificateHandlers } from './certificate-listeners';

/** Issuing bound to this server's place of issue; built once at boot by src/composition.ts. */
export interface CertificateIssuer {
  issueQ1IfEligible(userId: number): Promise<IssueResult | null>;
  issueLotseIfEligible(userId: number): Promise<IssueResult | null>;
  issueParticipation(userId: number, moduleKey: string): Promise<IssueResult>;
  /** Participation confirmation of a completed further-training offering (the caller read the completion). */
  issueOfferingConfirmation(
    userId: number,
    offering: { id: number; title: string; completion: ModuleCompletion },
  ): Promise<IssueResult>;
  /** Catch-up job step: issues every due but missing Q1/Lotse certificate; returns how many. */
  issueDue(): Promise<number>;
  /** Outbox handler: a package completion (Q1 certificate, then the Lotse certificate if due). */
  onPackageCompleted(p: { userId: number; moduleKey: string | null }): Promise<void>;
  /** Outbox handler: a Q2 completion (Lotse certificate if Q1 is complete). */
  onQ2Completed(p: { userId: number }): Promise<void>;
}

export function createCertificateIssuer(opts: { placeOfIssue: string; logger: Logger }): CertificateIssuer {
  const place = opts.placeOfIssue;
  const issuer: CertificateIssuer = {
    issueQ1IfEligible: (userId) => issueQ1CertificateIfEligible(userId, place),
    issueLotseIfEligible: (userId) => issueLotseCertificateIfEligible(userId, place),
    issueParticipation: (userId, moduleKey) => issueParticipation(userId, moduleKey, place),
    issueOfferingConfirmation: (userId, offering) => issueOfferingConfirmation(userId, offering, place),
    issueDue: () => issueDueCertificates(place),
    onPackageCompleted: (p) => handlers.onPackageCompleted(p),
    onQ2Completed: (p) => handlers.onQ2Completed(p),
  };
  const handlers = certificateHandlers(issuer, opts.logger);
  return issuer;
}
