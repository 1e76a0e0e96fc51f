import { Router } from 'express';
import { listCertificatesOfUser, verifyUrlFor } from './manage-certificates';

/** `GET /api/v1/me/certificates` — the caller's own certificates (session or bearer token). Mounted behind requireLogin. */
export function myCertificatesApiRoutes(deps: { baseUrl: string }): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const certificates = await listCertificatesOfUser(req.user!.id);
    res.json({
      certificates: certificates.map((c) => ({
        id: c.id,
        code: c.code,
        kind: c.kind,
        moduleKey: c.moduleKey,
        holderName: c.holderName,
        issuedAt: c.issuedAt,
        reissuedAt: c.reissuedAt,
        revokedAt: c.revokedAt,
        valid: c.valid,
        pdfUrl: c.pdfUrl,
        verifyUrl: verifyUrlFor(deps.baseUrl, c.code),
      })),
    });
  });
  return r;
}
