import { Router } from 'express';
import { requireLotse } from '../shared/web/auth-guard';
import { flash } from '../shared/web/locals';
import { q1ModuleTitle } from '../shared/q1-modules';
import { AppError } from '../shared/errors';
import { lotseCertificateOverview } from './lotse-overview';
import type { CertificateIssuer } from './certificate-issuer';
import { certificateForDownload, certificatePdf, pdfFileName } from './manage-certificates';
import './messages';
import { idParam } from '../shared/web/input';

/** The Lotse's certificates and the PDF download (owner or admin). Mounted behind requireLogin. */
export function certificateRoutes(deps: { baseUrl: string; issuer: CertificateIssuer }): Router {
  const r = Router();

  r.get('/', requireLotse, async (req, res) => {
    const overview = await lotseCertificateOverview(req.user!.id);
    res.render('certificates/list', {
      title: req.t('certificates.title'),
      styles: ['/static/css/certificates.css'],
      ...overview,
    });
  });

  r.post('/participation', requireLotse, async (req, res) => {
    const moduleKey = String(req.body?.moduleKey ?? '');
    try {
      await deps.issuer.issueParticipation(req.user!.id, moduleKey);
      flash(
        req,
        'success',
        req.t('certificates.participation.issued', { title: q1ModuleTitle(moduleKey) ?? moduleKey }),
      );
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      flash(req, 'error', err.text(req.locale));
    }
    res.redirect(303, '/certificates');
  });

  r.get('/:id/pdf', async (req, res) => {
    const row = await certificateForDownload(idParam(req), req.user!);
    const pdf = await certificatePdf(row, deps.baseUrl);
    res.set({
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${pdfFileName(row)}"`,
      'Cache-Control': 'private, no-store',
    });
    res.send(pdf);
  });
  return r;
}
