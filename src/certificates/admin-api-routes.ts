/**
 * `/api/v1/certificates` for admins (mounted behind requireAdmin, after the public verify route): list
 * and filter, one certificate, revoke with a reason, reissue under the current name. The same
 * functions as the pages at /admin/certificates (manage-certificates.ts), so the audit entries
 * (`certificate.revoke`, `certificate.reissue`) are the same.
 */
import { Router } from 'express';
import { z } from 'zod';
import { idParam, page, parseBody, parseQuery, id } from '../shared/web/input';
import { getCertificateView, reissueCertificate, revokeCertificate, searchCertificates } from './manage-certificates';

const listQuery = z.object({
  q: z.string().max(100).optional(),
  kind: z.enum(['q1', 'lotse', 'participation', 'offering']).optional(),
  userId: id.optional(),
  status: z.enum(['valid', 'revoked']).optional(),
  page: page.optional(),
});

const revokeBody = z
  .object({ reason: z.string({ message: 'certificates.revoke.reason_required' }).max(2000) })
  .strict();

export function adminCertificateApiRoutes(): Router {
  const r = Router();

  r.get('/', async (req, res) => {
    const f = parseQuery(req, listQuery);
    res.json(await searchCertificates({ ...f, userId: f.userId || undefined }));
  });

  r.get('/:id', async (req, res) => {
    res.json(await getCertificateView(idParam(req)));
  });

  r.post('/:id/revoke', async (req, res) => {
    const certificateId = idParam(req);
    const body = parseBody(req, revokeBody, 'REVOKE_REASON_REQUIRED');
    res.json(await revokeCertificate(certificateId, req.user!.id, body.reason));
  });

  r.post('/:id/reissue', async (req, res) => {
    res.json(await reissueCertificate(idParam(req), req.user!.id));
  });
  return r;
}
