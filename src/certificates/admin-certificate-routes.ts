import { Router, type Request } from 'express';
import { flash } from '../shared/web/locals';
import { ValidationError } from '../shared/errors';
import { findUser } from '../auth';
import { getCertificateView, reissueCertificate, revokeCertificate, searchCertificates } from './manage-certificates';
import './messages';
import { formErrors, idParam } from '../shared/web/input';
import { pageParam } from '../shared/web/page-param';

const styles = ['/static/css/certificates.css'];

async function detailModel(req: Request, id: number) {
  const certificate = await getCertificateView(id);
  const owner = await findUser(certificate.userId);
  const kind =
    req.t(`certificates.kind.${certificate.kind}`) + (certificate.moduleTitle ? ` – ${certificate.moduleTitle}` : '');
  return {
    title: req.t('certificates.admin.detail_title', { kind, name: certificate.holderName }),
    styles,
    certificate,
    kindLabel: kind,
    ownerName: owner?.name ?? null,
    ownerId: owner?.id ?? null,
    nameChanged: !!owner && owner.name !== certificate.holderName,
  };
}

/** Admins list and search certificates, reissue them after a name change, revoke them with a reason. Mounted behind requireAdmin. */
export function adminCertificateRoutes(): Router {
  const r = Router();

  r.get('/', async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    const result = await searchCertificates({ q, page: pageParam(req.query.page) });
    res.render('certificates/admin-list', {
      title: req.t('certificates.admin.title'),
      styles,
      ...result,
      filter: { q },
      pagerQuery: q ? `q=${encodeURIComponent(q)}` : '',
    });
  });

  r.get('/:id', async (req, res) => {
    res.render('certificates/admin-detail', await detailModel(req, idParam(req)));
  });

  r.post('/:id/reissue', async (req, res) => {
    const view = await reissueCertificate(idParam(req), req.user!.id);
    flash(req, 'success', req.t('certificates.admin.reissued', { code: view.code }));
    res.redirect(303, `/admin/certificates/${view.id}`);
  });

  r.post('/:id/revoke', async (req, res) => {
    const id = idParam(req);
    try {
      const view = await revokeCertificate(id, req.user!.id, req.body?.reason);
      flash(req, 'success', req.t('certificates.admin.revoked', { code: view.code }));
      res.redirect(303, `/admin/certificates/${id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const model = await detailModel(req, id);
      const errors = formErrors(req, err);
      res.status(422).render('certificates/admin-detail', {
        ...model,
        values: { reason: req.body?.reason ?? '' },
        errors,
        formError: req.t('error.form'),
      });
    }
  });
  return r;
}
