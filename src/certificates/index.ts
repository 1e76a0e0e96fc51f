/**
 * certificates — PDF certificates with a code and QR link that anyone can verify. Other components
 * use only this file.
 */
import './messages';

export { createCertificateIssuer, type CertificateIssuer } from './certificate-issuer';
export type { IssueResult } from './issue-certificates';
export {
  listCertificatesOfUser,
  verifyCode,
  reissueCertificate,
  revokeCertificate,
  searchCertificates,
  certificatePdf,
} from './manage-certificates';
export { generateCertificateCode, normaliseCode, CODE_PATTERN } from './certificate-code';
export { renderCertificatePdf } from './render-certificate-pdf';
export type { CertificateFacts } from './certificate-facts';
export type { CertificateView, PublicVerification } from './certificate-views';
export { Certificate, defineCertificateModels, type CertificateKind } from './certificate-model';
export { certificateRoutes } from './certificate-routes';
export { adminCertificateRoutes } from './admin-certificate-routes';
export { adminCertificateApiRoutes } from './admin-api-routes';
export { verifyRoutes, verifyApiRoutes, verifyRateLimit } from './verify-routes';
export { myCertificatesApiRoutes } from './api-routes';
