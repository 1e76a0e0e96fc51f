import type { Logger } from '../shared/logger';
import {
  issueLotseCertificateIfEligible,
  issueParticipation,
  issueQ1CertificateIfEligible,
  type IssueResult,
} from './issue-certificates';
import { issueDueCertificates } from './issue-due';
import { registerCertificateListeners } from './certificate-listeners';

/** Issuing bound to this server's place of issue; built once at boot by src/composition.ts. */
export interface CertificateIssuer {
  issueQ1IfEligible(userId: number): Promise<IssueResult | null>;
  issueLotseIfEligible(userId: number): Promise<IssueResult | null>;
  issueParticipation(userId: number, moduleKey: string): Promise<IssueResult>;
  /** Catch-up job step: issues every due but missing Q1/Lotse certificate; returns how many. */
  issueDue(): Promise<number>;
  /** Registers the completion listeners; returns a function that removes them. */
  listen(): () => void;
}

export function createCertificateIssuer(opts: { placeOfIssue: string; logger: Logger }): CertificateIssuer {
  const place = opts.placeOfIssue;
  const issuer: CertificateIssuer = {
    issueQ1IfEligible: (userId) => issueQ1CertificateIfEligible(userId, place),
    issueLotseIfEligible: (userId) => issueLotseCertificateIfEligible(userId, place),
    issueParticipation: (userId, moduleKey) => issueParticipation(userId, moduleKey, place),
    issueDue: () => issueDueCertificates(place),
    listen: () => registerCertificateListeners(issuer, opts.logger),
  };
  return issuer;
}
